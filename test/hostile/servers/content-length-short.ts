// Content-Length says 20, the body is 200 bytes: the rest poisons the next response on the connection.
import { idOf, rawHttp, head, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: idOf(req), result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'cl-short', version: '1' }, pad: 'p'.repeat(120) } });
  s.write(head(200, { 'content-type': 'application/json', 'content-length': '20' }) + body);
});
