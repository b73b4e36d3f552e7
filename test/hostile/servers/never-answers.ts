// Accepts, reads every request, never writes a byte.
import { rawTcp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawTcp((s) => { s.resume(); });
