// An https:// URL whose server accepts TCP and never sends a ServerHello.
import { rawTcp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawTcp((s) => { s.resume(); }, { scheme: 'https' });
