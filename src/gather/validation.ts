// Request validation that protects clients and users: a bad MCP-Protocol-Version is
// refused with 400, and a foreign Origin is refused (DNS-rebinding protection).
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { REBINDING_FETCH_METADATA, errorOf, initializeParams, obs, rpc, statusOf, type Session } from './mcp.ts';
import { isLoopbackHost } from './target.ts';

export async function probeProtocolVersion(ctx: ScanContext, session: Session): Promise<NonNullable<Probes['protocolVersion']>> {
  const sent = '1999-01-01';
  const x = await rpc(ctx, {
    probe: 'protocol-version', label: `tools/list with MCP-Protocol-Version: ${sent}`, method: 'tools/list', params: {}, session,
    headers: { 'mcp-protocol-version': sent },
  });
  const err = errorOf(x);
  return { attempted: true, sent, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}), ...(err?.code !== undefined ? { errorCode: err.code } : {}) };
}


/** tools/list on the session with a hostile Origin (see OriginArtifact.onSession). */
export async function probeOriginOnSession(ctx: ScanContext, session: Session): Promise<NonNullable<NonNullable<Probes['origin']>['onSession']>> {
  const x = await rpc(ctx, { probe: 'origin', label: `tools/list on the session with Origin: ${ctx.evilOrigin}`, method: 'tools/list', params: {}, session, headers: { origin: ctx.evilOrigin } });
  return obs(x);
}

/** The era's first request, sent with a hostile Origin (and, on loopback, a hostile Host). */
/** HTTP+SSE: the stream opened with a foreign Origin (and, on loopback, a foreign Host). */
export async function probeLegacyOrigin(ctx: ScanContext): Promise<NonNullable<Probes['origin']>> {
  const open = (label: string, headers: Record<string, string>) => ctx.client.exchange({
    probe: 'origin', label, method: 'GET', url: ctx.url.href, expectStream: true, windowMs: 1_500,
    headers: { ...ctx.options.headers, accept: 'text/event-stream', ...headers },
    stopWhen: (rec) => rec.record.events.length > 0,
  });
  const x = await open(`legacy SSE stream with Origin: ${ctx.evilOrigin}`, { origin: ctx.evilOrigin });
  const art: NonNullable<Probes['origin']> = { attempted: true, originSent: ctx.evilOrigin, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}) };
  if (isLoopbackHost(ctx.url.hostname)) art.hostRebinding = obs(await open('legacy SSE stream with Host: evil.example', { host: 'evil.example', ...REBINDING_FETCH_METADATA }));
  return art;
}

export async function probeOrigin(ctx: ScanContext, first: { method: string; modern: boolean; version?: string }): Promise<NonNullable<Probes['origin']>> {
  const params = first.method === 'initialize' ? initializeParams(first.version ?? '2025-11-25') : {};
  const x = await rpc(ctx, { probe: 'origin', label: `${first.method} with Origin: ${ctx.evilOrigin}`, method: first.method, params, modern: first.modern, headers: { origin: ctx.evilOrigin } });
  const sid = x.exchange.response?.headers['mcp-session-id'];
  if (sid) ctx.openedSessions.add(sid);
  const art: NonNullable<Probes['origin']> = { attempted: true, originSent: ctx.evilOrigin, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}) };
  if (isLoopbackHost(ctx.url.hostname)) {
    const h = await rpc(ctx, { probe: 'origin', label: `${first.method} with Host: evil.example`, method: first.method, params, modern: first.modern, headers: { host: 'evil.example', ...REBINDING_FETCH_METADATA } });
    const hsid = h.exchange.response?.headers['mcp-session-id'];
    if (hsid) ctx.openedSessions.add(hsid);
    art.hostRebinding = obs(h);
  }
  return art;
}
