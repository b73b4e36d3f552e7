// Session semantics: missing id → 400, unknown id → 404 (so clients re-initialize),
// DELETE ends a session (2xx, or 405 when the server won't let clients end it).
import { randomUUID } from 'node:crypto';
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { obs, rpc, statusOf, type Session } from './mcp.ts';
import { initializeOnce } from './initialize.ts';
import { pause } from './stream.ts';

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

/**
 * The reopen question on a session of its own, beside the others (its waits then cost a quick scan
 * nothing); the scan's clean-up ends that session. Undefined when the server mints no session.
 */
export async function probeReopenSession(ctx: ScanContext, main: Session): Promise<NonNullable<Probes['session']>['reopen']> {
  if (!main.sessionId) return undefined;
  const own = await initializeOnce(ctx, main.protocolVersion, 'session', 'initialize (session whose GET stream is closed and opened again)');
  return own.session?.sessionId ? probeReopen(ctx, own.session) : undefined;
}

/**
 * A client whose GET stream drops (a proxy's idle timeout, a network change) opens it again:
 * open the stream of a session, close it once its headers came, open it again (once more after
 * a short wait if the server has not yet noticed, 409). Undefined when the first GET is no stream.
 */
async function probeReopen(ctx: ScanContext, session: Session): Promise<NonNullable<Probes['session']>['reopen']> {
  const open = (label: string, headersWithinMs: number) => {
    const gotHeaders = new AbortController();
    return ctx.client.exchange({
      probe: 'session', label, method: 'GET', url: ctx.url.href, expectStream: true, windowMs: headersWithinMs, signal: gotHeaders.signal,
      headers: { ...ctx.options.headers, accept: 'text/event-stream', 'mcp-session-id': session.sessionId!, 'mcp-protocol-version': session.protocolVersion },
      onStream: () => gotHeaders.abort(),
    });
  };
  const headersWithin = ctx.options.quick ? 500 : REOPEN_HEADERS_MS;
  const first = await open('GET stream (to close and open again)', headersWithin);
  const isStream = (x: typeof first) => statusOf(x) === 200 && (x.exchange.response?.headers['content-type'] ?? '').startsWith('text/event-stream');
  if (!isStream(first) || ctx.client.pastDeadline) return { first: obs(first) };
  // about when the server has seen the old stream close
  await pause(REOPEN_WAIT_MS, ctx.client.signal);
  let second = await open('GET stream opened again after closing it', headersWithin);
  let conflict: ReturnType<typeof obs> | undefined;
  if (statusOf(second) === 409 && !ctx.client.pastDeadline) {
    conflict = obs(second);
    await pause(REOPEN_CONFLICT_WAIT_MS, ctx.client.signal);
    second = await open('GET stream opened again (after 409)', headersWithin);
  }
  const ct = second.exchange.response?.headers['content-type'];
  return { first: obs(first), second: { ...obs(second), ...(ct ? { contentType: ct.slice(0, 200) } : {}) }, ...(conflict ? { conflict } : {}) };
}

const REOPEN_HEADERS_MS = 2_000;
const REOPEN_WAIT_MS = 100;
const REOPEN_CONFLICT_WAIT_MS = 1_000;
