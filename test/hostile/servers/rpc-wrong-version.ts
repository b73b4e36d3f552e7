// Every answer is JSON-RPC "1.0"-ish: `jsonrpc` is "1.0", then missing, then a number.
import { idOf, rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

const VERSIONS: unknown[] = ['1.0', undefined, 2, null, '2.0 '];

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const v = VERSIONS[req.n % VERSIONS.length];
  respond(s, 200, JSON_HEADERS, JSON.stringify({ ...(v !== undefined ? { jsonrpc: v } : {}), id: idOf(req), result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'wrong-version', version: '1' } } }));
});
