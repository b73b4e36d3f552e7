// A JSON body that never ends (chunked, no Content-Length): `[1,1,1,…` at full speed.
import { head, pump, rawHttp, type Hostile } from '../harness.ts';

const PIECE = '1,'.repeat(32 * 1024);
const CHUNK = Buffer.from(`${Buffer.byteLength(PIECE).toString(16)}\r\n${PIECE}\r\n`);

export const start = (): Promise<Hostile> => rawHttp((s) => {
  s.write(head(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
  s.write('2\r\n[1\r\n');
  pump(s, () => CHUNK);
});
