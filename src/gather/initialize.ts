// Session-era handshake: initialize (newest revision first, then older), the initialized
// notification, tools/list and pings — the path every Streamable HTTP client walks.
import { MAX_TOOL_PAGES, ToolPages } from './rpcSession.ts';
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import { keepJson } from '../net/jsonrpc.ts';
import {
  contentTypeOf, errorOf, header, initializeParams, obs, resultOf, rpc, statusOf,
  SESSION_REVISIONS_NEWEST_FIRST, type Session,
} from './mcp.ts';

type Init = NonNullable<Probes['initialize']>;

interface InitResult { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown }; capabilities?: unknown }

export interface Handshake {
  artifact: Init; session?: Session; first?: ExchangeResult;
  /**
   * The checks that need only a working initialize (more session-id samples, an unsupported
   * version, a JSON-only Accept): still running, filling `artifact` when done. The session's own
   * probes need not wait for them (a server with a slow initialize would add one to every scan).
   */
  checks?: Promise<void>;
}

function sessionIdOf(x: ExchangeResult): string | undefined {
  const v = header(x, 'mcp-session-id');
  return v === undefined ? undefined : v.slice(0, 1024);
}

export async function initializeOnce(ctx: ScanContext, version: string, probe: string, label: string, headers?: Record<string, string>, anonymous = false, capabilities: Record<string, unknown> = {}): Promise<{ x: ExchangeResult; session?: Session; negotiated?: string }> {
  const x = await rpc(ctx, { probe, label, method: 'initialize', params: initializeParams(version, capabilities), headers, anonymous });
  const result = resultOf<InitResult>(x);
  const sid = sessionIdOf(x);
  if (sid) ctx.openedSessions.add(sid);
  const negotiated = typeof result?.protocolVersion === 'string' ? result.protocolVersion.slice(0, 40) : undefined;
  return { x, negotiated, ...(result ? { session: { sessionId: sid, protocolVersion: negotiated ?? version } } : {}) };
}

export async function probeInitialize(ctx: ScanContext): Promise<Handshake> {
  const art: Init = { attempted: true, attempts: [], ok: false, sessionIdSamples: [] };
  let chosen: { x: ExchangeResult; session?: Session; negotiated?: string } | undefined;
  for (const version of SESSION_REVISIONS_NEWEST_FIRST) {
    // the main session declares roots, as most real clients do: announcing a change to them later
    // is a side-effect-free way to make the server talk on the GET stream (it asks for roots/list)
    const r = await initializeOnce(ctx, version, 'initialize', `initialize (${version})`, undefined, false, MAIN_CAPABILITIES);
    const err = errorOf(r.x);
    art.attempts.push({
      requestedVersion: version,
      exchangeId: r.x.exchange.id,
      ...(statusOf(r.x) !== undefined ? { status: statusOf(r.x) } : {}),
      ...(contentTypeOf(r.x) ? { contentType: contentTypeOf(r.x) } : {}),
      ...(r.negotiated ? { negotiatedVersion: r.negotiated } : {}),
      ...(err?.code !== undefined ? { errorCode: err.code } : {}),
      ...(err?.message ? { errorMessage: err.message.slice(0, 300) } : {}),
    });
    if (r.session) { chosen = r; break; }
    // Only a refusal of the version is worth retrying with an older one; silence, 401 or 404 are not.
    const status = statusOf(r.x);
    if (r.x.exchange.error || status === undefined || status === 401 || status === 403 || status === 404 || status === 405 || status >= 500) break;
  }
  if (!chosen?.session) return { artifact: art };

  const result = resultOf<InitResult>(chosen.x)!;
  art.ok = true;
  art.exchangeId = chosen.x.exchange.id;
  art.protocolVersion = chosen.session.protocolVersion;
  if (chosen.session.sessionId) {
    art.sessionId = chosen.session.sessionId;
    art.sessionIdSamples.push(chosen.session.sessionId);
  }
  const info = result.serverInfo;
  if (info && typeof info === 'object') {
    art.serverInfo = {
      ...(typeof info.name === 'string' ? { name: info.name.slice(0, 200) } : {}),
      ...(typeof info.version === 'string' ? { version: info.version.slice(0, 100) } : {}),
    };
  }
  if (result.capabilities && typeof result.capabilities === 'object' && !Array.isArray(result.capabilities)) {
    art.capabilities = capCapabilities(result.capabilities as Record<string, unknown>);
  }
  art.latencyMs = chosen.x.exchange.durationMs;

  // More samples for session-id entropy, the version-negotiation check, and Accept strictness.
  const v = chosen.session.protocolVersion;
  const checks = initializeChecks(ctx, art, v);
  return { artifact: art, session: chosen.session, first: chosen.x, checks };
}

async function initializeChecks(ctx: ScanContext, art: Init, v: string): Promise<void> {
  const newer = offerNewerRevisions(ctx, art, v);
  const [s2, s3, bogus, jsonOnly] = await Promise.all([
    initializeOnce(ctx, v, 'initialize', 'initialize (second session-id sample)'),
    initializeOnce(ctx, v, 'initialize', 'initialize (third session-id sample)'),
    initializeOnce(ctx, '1999-01-01', 'initialize', 'initialize offering unsupported version 1999-01-01'),
    initializeOnce(ctx, v, 'initialize', 'initialize with Accept: application/json only', { accept: 'application/json' }),
  ]);
  await newer;
  for (const s of [s2, s3]) if (s.session?.sessionId) art.sessionIdSamples.push(s.session.sessionId);
  art.samples = [s2, s3].map((s) => {
    const err = errorOf(s.x);
    return { ...obs(s.x), ok: s.session !== undefined, ...(err?.code !== undefined ? { errorCode: err.code } : {}), ...(err?.message ? { errorMessage: err.message.slice(0, 300) } : {}) };
  });
  const bogusErr = errorOf(bogus.x);
  art.bogusVersion = {
    ...obs(bogus.x),
    ...(bogus.negotiated ? { negotiatedVersion: bogus.negotiated } : {}),
    ...(bogusErr?.code !== undefined ? { errorCode: bogusErr.code } : {}),
  };
  art.jsonOnlyAccept = { ...obs(jsonOnly.x), ...(contentTypeOf(jsonOnly.x) ? { contentType: contentTypeOf(jsonOnly.x) } : {}) };
}

/**
 * The revisions between the one a server answered and the newest we offered (mcp-lite answers
 * 2025-11-25 with 2025-03-26 though it supports 2025-06-18). Empty when it answered what we offered.
 */
export function newerRevisionsToOffer(offered: string, negotiated: string): string[] {
  const list = SESSION_REVISIONS_NEWEST_FIRST;
  const from = list.indexOf(offered);
  const to = list.indexOf(negotiated);
  if (from < 0 || to < 0 || to <= from + 1) return [];
  return list.slice(from + 1, to);
}

async function offerNewerRevisions(ctx: ScanContext, art: Init, negotiated: string): Promise<void> {
  const offered = art.attempts.at(-1)?.requestedVersion;
  const versions = offered ? newerRevisionsToOffer(offered, negotiated) : [];
  if (!versions.length) return;
  const answers = await Promise.all(versions.map((version) => initializeOnce(ctx, version, 'initialize', `initialize offering ${version} (the answer to ${offered} named the older ${negotiated})`)));
  art.newerOffers = answers.map((r, i) => {
    const err = errorOf(r.x);
    return {
      requestedVersion: versions[i]!,
      exchangeId: r.x.exchange.id,
      ...(statusOf(r.x) !== undefined ? { status: statusOf(r.x) } : {}),
      ...(r.negotiated ? { negotiatedVersion: r.negotiated } : {}),
      ...(err?.code !== undefined ? { errorCode: err.code } : {}),
    };
  });
}

function capCapabilities(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c).slice(0, 30)) {
    out[k.slice(0, 100)] = keepJson(v, 2000); // too long or too deeply nested: a marker
  }
  return out;
}

/** A 2026-07-28 notification (no session): notifications/cancelled for a request that never existed. */
export async function probeNotification(ctx: ScanContext): Promise<NonNullable<Probes['initialized']>> {
  const x = await rpc(ctx, {
    probe: 'initialized', label: 'notifications/cancelled (2026-07-28, for no request)', method: 'notifications/cancelled', notification: true, modern: true,
    params: { requestId: 'agentready-no-such-request', reason: 'agentready probe: a notification must be accepted with 202' },
  });
  return { attempted: true, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}), bodyBytes: x.exchange.response?.bodyBytes ?? 0 };
}

/** What the scan's main session declares at initialize. */
export const MAIN_CAPABILITIES = { roots: { listChanged: true } };

export async function probeInitialized(ctx: ScanContext, session: Session, probe = 'initialized'): Promise<NonNullable<Probes['initialized']>> {
  const x = await rpc(ctx, { probe, label: 'notifications/initialized', method: 'notifications/initialized', notification: true, session });
  return { attempted: true, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}), bodyBytes: x.exchange.response?.bodyBytes ?? 0 };
}

/** tools/list, following nextCursor a few pages. `modern` for the stateless revision. */
export async function probeToolsList(ctx: ScanContext, session: Session | undefined, modern = false): Promise<NonNullable<Probes['toolsList']>> {
  const seen = new ToolPages();
  let cursor: string | undefined;
  let first: ExchangeResult | undefined;
  let latency = 0;
  do {
    const x = await rpc(ctx, {
      probe: 'tools-list', label: seen.pages === 0 ? 'tools/list' : `tools/list (page ${seen.pages + 1})`,
      method: 'tools/list', params: cursor ? { cursor } : {}, session, modern,
    });
    first ??= x;
    latency += x.exchange.durationMs;
    const result = resultOf<{ tools?: unknown; nextCursor?: unknown }>(x);
    if (!result || !Array.isArray(result.tools)) {
      const err = errorOf(x);
      return {
        attempted: true, exchangeId: x.exchange.id, ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}), ok: false,
        ...(err?.code !== undefined ? { errorCode: err.code } : {}),
        ...(err?.message ? { errorMessage: err.message.slice(0, 300) } : x.exchange.error ? { errorMessage: `${x.exchange.error.kind}: ${x.exchange.error.message}` } : {}),
        latencyMs: x.exchange.durationMs,
      };
    }
    cursor = seen.add(result as { tools: unknown[]; nextCursor?: unknown });
  } while (cursor && seen.pages < MAX_TOOL_PAGES && !ctx.client.pastDeadline);
  return {
    attempted: true, exchangeId: first!.exchange.id, status: statusOf(first!), ok: true,
    toolCount: seen.count, toolNames: seen.names, latencyMs: Math.round(latency / seen.pages), pages: seen.pages,
  };
}

/** Round-trip time of `ping`, three times in a row. */
export async function probePings(ctx: ScanContext, session: Session | undefined, modern = false): Promise<{ label: string; ms: number; exchangeId: string }[]> {
  const out: { label: string; ms: number; exchangeId: string }[] = [];
  for (let i = 1; i <= 3 && !ctx.client.pastDeadline; i++) {
    const x = await rpc(ctx, { probe: 'latency', label: `ping ${i}`, method: 'ping', params: {}, session, modern });
    if (x.response && statusOf(x) !== undefined && statusOf(x)! < 400) out.push({ label: `ping ${i}`, ms: x.exchange.durationMs, exchangeId: x.exchange.id });
  }
  return out;
}
