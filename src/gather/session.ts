// Session semantics: missing id → 400, unknown id → 404 (so clients re-initialize),
// DELETE ends a session (2xx, or 405 when the server won't let clients end it).
import { randomUUID } from 'node:crypto';
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { obs, rpc, type Session } from './mcp.ts';
import { initializeOnce } from './initialize.ts';

export async function probeSession(ctx: ScanContext, main: Session): Promise<NonNullable<Probes['session']>> {
  if (!main.sessionId) return { applicable: false };
  const bare = { protocolVersion: main.protocolVersion };
  const [missing, unknown, unknownGet, own] = await Promise.all([
    rpc(ctx, { probe: 'session', label: 'tools/list without Mcp-Session-Id', method: 'tools/list', params: {}, session: bare }),
    rpc(ctx, { probe: 'session', label: 'tools/list with an unknown Mcp-Session-Id', method: 'tools/list', params: {}, session: { ...bare, sessionId: `agentready-unknown-${randomUUID()}` } }),
    // a client re-opening its GET stream after the session ended meets the same rule
    ctx.client.exchange({
      probe: 'session', label: 'GET stream with an unknown Mcp-Session-Id', method: 'GET', url: ctx.url.href, expectStream: true, windowMs: 1_000,
      headers: { ...ctx.options.headers, accept: 'text/event-stream', 'mcp-session-id': `agentready-unknown-${randomUUID()}`, 'mcp-protocol-version': main.protocolVersion },
      stopWhen: (rec) => rec.record.events.length > 0 || rec.record.comments.length > 0,
    }),
    // a session of its own to delete, so the main session stays usable for other probes
    initializeOnce(ctx, main.protocolVersion, 'session', 'initialize (session to delete)'),
  ]);
  const art: NonNullable<Probes['session']> = { applicable: true, missingId: obs(missing), unknownId: obs(unknown), unknownIdGet: obs(unknownGet) };
  if (own.session?.sessionId) {
    const sid = own.session.sessionId;
    const del = await ctx.client.exchange({
      probe: 'session', label: 'DELETE session', method: 'DELETE', url: ctx.url.href,
      headers: { ...ctx.options.headers, 'mcp-session-id': sid, 'mcp-protocol-version': own.session.protocolVersion },
    });
    art.delete = obs(del);
    const status = del.exchange.response?.status ?? 0;
    if (status >= 200 && status < 300) {
      ctx.openedSessions.delete(sid);
      const after = await rpc(ctx, { probe: 'session', label: 'tools/list on the deleted session', method: 'tools/list', params: {}, session: own.session });
      art.afterDelete = obs(after);
    }
  }
  return art;
}
