// Answers with ids that never match the request: other numbers, strings, objects, null.
import { idOf, rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const id = idOf(req);
  const wrong = [typeof id === 'number' ? id + 1000 : 'x', String(id), { id }, null, [id]][req.n % 5];
  respond(s, 200, JSON_HEADERS, JSON.stringify({ jsonrpc: '2.0', id: wrong, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'id-mismatch', version: '1' } } }));
});
