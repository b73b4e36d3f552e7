// Responses carrying both `result` and `error` (and an error that is a string).
import { idOf, rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  respond(s, 200, JSON_HEADERS, JSON.stringify({
    jsonrpc: '2.0', id: idOf(req),
    result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'both', version: '1' } },
    error: req.n % 2 ? { code: -32603, message: 'and also an error' } : 'a string error',
  }));
});
