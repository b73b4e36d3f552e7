// A JSON array of ~4 MB of tiny notifications (≈ 130,000 messages) in answer to every request.
import { rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

const ONE = '{"jsonrpc":"2.0","method":"n"}';
const BODY = `[${Array.from({ length: Math.floor((4 * 1024 * 1024 - 2) / (ONE.length + 1)) }, () => ONE).join(',')}]`;

export const start = (): Promise<Hostile> => rawHttp((s) => { respond(s, 200, JSON_HEADERS, BODY); });
