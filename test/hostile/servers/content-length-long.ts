// Content-Length says 100,000, the body is 80 bytes, then the server closes the connection.
import { idOf, rawHttp, head, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: idOf(req), result: { protocolVersion: '2025-11-25', capabilities: {} } });
  s.end(head(200, { 'content-type': 'application/json', 'content-length': '100000' }) + body);
});
