// 20,000 response headers (≈ 300 KB of head).
import { head, rawHttp, type Hostile } from '../harness.ts';

const HEAD = head(200, [['content-type', 'application/json'], ...Array.from({ length: 20_000 }, (_, i): [string, string] => [`x-flood-${i}`, 'v'])]);

export const start = (): Promise<Hostile> => rawHttp((s) => { s.write(HEAD); s.end('{}'); });
