// Small but deep: every answer is 8 KB of valid JSON nested 4,000 levels. Harmless to parse,
// quadratic to pretty-print (4,000 levels × 2-space indentation ≈ 32 MB of text).
import { rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

const BODY = `${'['.repeat(4000)}${']'.repeat(4000)}`;

export const start = (): Promise<Hostile> => rawHttp((s) => { respond(s, 200, JSON_HEADERS, BODY); });
