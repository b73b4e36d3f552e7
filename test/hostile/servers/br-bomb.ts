// A br decompression bomb on every response (see _bomb.ts).
import type { Hostile } from '../harness.ts';
import { startBomb } from './_bomb.ts';

export const start = (): Promise<Hostile> => startBomb('br');
