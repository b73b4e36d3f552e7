// 2025-03-26 lets clients batch requests in a JSON array, and servers "MUST support receiving JSON-RPC
// batches" (basic/index, Batching); 2025-06-18 removed batching, so only a 2025-03-26 session is asked.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { ACCEPT_BOTH, contentTypeOf, errorOf, nextId, statusOf, type Session } from './mcp.ts';

const BATCH_REVISION = '2025-03-26';

export async function probeBatch(ctx: ScanContext, session: Session): Promise<NonNullable<Probes['batch']>> {
  if (session.protocolVersion !== BATCH_REVISION) {
    return { attempted: false, skippedReason: `the session speaks ${session.protocolVersion.slice(0, 40)}: batches exist in ${BATCH_REVISION} only`, sentIds: [], answeredIds: [] };
  }
  // two pings: harmless, answered by every server, and their responses are easy to match by id
  const sentIds = [nextId(), nextId()];
  const x = await ctx.client.exchange({
    probe: 'batch', label: 'a JSON-RPC batch of two pings (2025-03-26)', method: 'POST', url: ctx.url.href, rpc: true,
    headers: {
      ...ctx.options.headers, 'content-type': 'application/json', accept: ACCEPT_BOTH,
      ...(session.sessionId ? { 'mcp-session-id': session.sessionId } : {}),
    },
    body: JSON.stringify(sentIds.map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }))),
  });
  const answeredIds = x.messages
    .filter((m) => 'id' in m && ('result' in m || 'error' in m))
    .map((m) => (m as { id?: unknown }).id)
    .filter((id): id is number => typeof id === 'number' && sentIds.includes(id));
  // an error with no id refuses the whole batch (the 1999 JSON-RPC way: "Invalid Request")
  const idless = x.messages.find((m) => 'error' in m && ((m as { id?: unknown }).id === null || !('id' in m)));
  const err = idless ? errorOf({ ...x, response: idless }) : undefined;
  const ct = contentTypeOf(x);
  return {
    attempted: true, exchangeId: x.exchange.id, sentIds, answeredIds: [...new Set(answeredIds)],
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    ...(ct ? { contentType: ct } : {}),
    ...(err?.code !== undefined ? { errorCode: err.code } : {}),
  };
}
