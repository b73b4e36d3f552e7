// Deeply nested JSON: a body of 100,000 `[`, and (alternately) a well-formed response
// whose result holds 100,000 levels of nested arrays — valid JSON that breaks recursion.
import { idOf, rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

const DEPTH = 100_000;
const OPEN = '['.repeat(DEPTH);
const NESTED = `${OPEN}${']'.repeat(DEPTH)}`;

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  if (req.n % 2 === 1) return respond(s, 200, JSON_HEADERS, OPEN);
  respond(s, 200, JSON_HEADERS, `{"jsonrpc":"2.0","id":${JSON.stringify(idOf(req))},"result":{"protocolVersion":"2025-11-25","capabilities":{"deep":${NESTED}},"serverInfo":{"name":"deep","version":"1"},"nested":${NESTED}}}`);
});
