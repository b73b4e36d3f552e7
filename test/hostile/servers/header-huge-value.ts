// One response header whose value is 1 MB long.
import { head, rawHttp, type Hostile } from '../harness.ts';

const HEAD = head(200, { 'content-type': 'application/json', 'x-huge': 'a'.repeat(1024 * 1024) });

export const start = (): Promise<Hostile> => rawHttp((s) => { s.write(HEAD); s.end('{}'); });
