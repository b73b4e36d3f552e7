// The standalone GET stream: watched long enough to see event ids, keep-alive cadence and
// buffering (and no longer: it stops as soon as those are answered), then resumed with
// Last-Event-ID while a second session's stream watches for leaked messages.
import { setTimeout as delay } from 'node:timers/promises';
import type { Exchange, Probes } from '../contract/evidence.ts';
import { RESUME_REPLAYED_IDS_KEPT } from '../contract/constants.ts';
import { safeJsonParse } from '../net/jsonrpc.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import type { SseRecorder } from '../net/sse.ts';
import { contentTypeOf, rpc, statusOf, type Session } from './mcp.ts';

const QUICK_WINDOW_MS = 2_000;
const RESUME_WINDOW_MS = 2_000;
/**
 * quick scans: a replay comes from the server's store as soon as the resume is accepted, so one
 * that has not come within this (or four round trips, when slower) is not coming — the full
 * window only makes a server that skips an owed message (lostEvents) cost 2 s
 */
const QUICK_RESUME_WINDOW_MS = 500;
/** once replay starts, this much quiet means it is over */
const RESUME_QUIET_MS = 400;
const MAX_RECONNECT_WAIT_MS = 2_000;
const CONFLICT_RETRY_MS = 500;
/**
 * A first GET answered 409 (one stream at a time) may have met another GET of this very scan: the
 * WebSocket check reads a declined upgrade for up to 2 s, and on a server without session ids every
 * GET belongs to the same client. Look again once, after that has let go.
 */
const GET_CONFLICT_RETRY_MS = 2_500;

/** Waits ms, or less when the scan's deadline comes first (after it nothing more is sent). */
/** wait, but no longer than the scan's deadline (then resolve early, never throw) */
export const pause = (ms: number, deadline: AbortSignal | undefined) => delay(ms, undefined, { signal: deadline }).catch(() => {});

export function streamHeaders(ctx: ScanContext, session: Session | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...ctx.options.headers,
    accept: 'text/event-stream',
    ...(session?.sessionId ? { 'mcp-session-id': session.sessionId } : {}),
    ...(session ? { 'mcp-protocol-version': session.protocolVersion } : {}),
    ...extra,
  };
}

const idsOf = (rec: SseRecorder | undefined) => (rec?.record.events ?? []).filter((e) => e.id !== undefined && e.id !== '');

/**
 * Enough seen: the keep-alive timer has ticked once (a comment well after the stream
 * opened: its time is the cadence, bounded by the threshold), and either two event ids
 * arrived (something to resume from) or none did (an idle stream: none are coming).
 * A 15 s keep-alive is thus judged in ~15 s instead of the whole window.
 */
export function answered(quick: boolean, keepAliveMaxMs: number) {
  const tick = Math.min(1_000, keepAliveMaxMs / 10);
  return (rec: SseRecorder): boolean => {
    const withId = idsOf(rec).length;
    if (quick) return withId >= 2;
    const ticked = rec.record.comments.some((c) => c.t >= tick);
    // bytes at two moments at least a tick apart: a buffering proxy flushes everything at once,
    // and one flush says nothing about cadence or buffering
    const times = [...rec.record.events.map((e) => e.t), ...rec.record.comments.map((c) => c.t)];
    const spread = times.length ? Math.max(...times) - Math.min(...times) : 0;
    return ((ticked && withId !== 1) || rec.commentCount >= 3) && spread >= tick;
  };
}

/**
 * `quickStop` (quick scans): aborted by the caller once the other probes and the stimuli are
 * done and the stream has had a short grace to carry what they caused — the stream then ends
 * as `quick` instead of being watched for a fixed window.
 */
export async function probeGetStream(
  ctx: ScanContext, session: Session | undefined, windowMs: number, onOpen?: (status: number) => void, quickStop?: AbortSignal,
): Promise<{ artifact: NonNullable<Probes['getStream']>; result: ExchangeResult }> {
  const quick = ctx.options.quick;
  const window = quick ? Math.min(QUICK_WINDOW_MS, windowMs) : windowMs;
  const done = answered(quick, ctx.options.keepAliveMaxMs);
  const respond = session ? serverRequestResponder(ctx, session) : undefined;
  const open = (label: string) => ctx.client.exchange({
    probe: 'get-stream', label: `${label} (watched up to ${(window / 1000).toFixed(1)} s)`,
    method: 'GET', url: ctx.url.href, headers: streamHeaders(ctx, session),
    expectStream: true, windowMs: window, ...(quick && quickStop ? { signal: quickStop } : {}),
    onStream: (_rec, status) => onOpen?.(status),
    stopWhen: (rec) => { respond?.(rec); return done(rec); },
  });
  let x = await open('GET stream');
  let conflictExchangeId: string | undefined;
  if (statusOf(x) === 409 && !ctx.client.pastDeadline) {
    await pause(GET_CONFLICT_RETRY_MS, ctx.client.signal);
    if (!ctx.client.pastDeadline) {
      conflictExchangeId = x.exchange.id;
      x = await open('GET stream, again after 409');
    }
  }
  const endedBy = x.exchange.response?.endedBy;
  const stoppedBecause = x.exchange.error && endedBy !== 'cap' ? 'error'
    : endedBy === 'answered' ? (quick && quickStop?.aborted && idsOf(x.sse).length < 2 ? 'quick' : 'answered')
    : endedBy === 'window' ? (quick ? 'quick' : 'window')
    : endedBy === 'cap' ? 'cap' : 'closed';
  return {
    result: x,
    artifact: {
      attempted: true,
      exchangeId: x.exchange.id,
      ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
      ...(contentTypeOf(x) ? { contentType: contentTypeOf(x) } : {}),
      windowMs: window,
      stoppedBecause,
      keepAliveObservable: !quick && (stoppedBecause === 'answered' || stoppedBecause === 'window'),
      ...(conflictExchangeId ? { conflictExchangeId } : {}),
    },
  };
}

/**
 * Answers what a server asks the client on a stream, as real clients do (ping → {}, roots/list →
 * no roots, anything else → method not found), so a server that asks is not left waiting.
 */
export function serverRequestResponder(ctx: ScanContext, session: Session): (rec: SseRecorder) => void {
  let read = 0;
  let answers = 0;
  return (rec) => {
    const fresh = rec.fullData.slice(read);
    read = rec.fullData.length;
    for (const d of fresh) {
      if (answers >= 10 || ctx.client.pastDeadline || !d.data.includes('"method"')) continue;
      const p = safeJsonParse(d.data);
      const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; method?: unknown } : undefined;
      if (!m || typeof m.method !== 'string' || (typeof m.id !== 'string' && typeof m.id !== 'number')) continue;
      answers++;
      const reply = m.method === 'ping' ? { result: {} } : m.method === 'roots/list' ? { result: { roots: [] } } : { error: { code: -32601, message: 'Method not found' } };
      void ctx.client.exchange({
        probe: 'stimuli', label: `answer to the server's ${m.method.slice(0, 40)} request`, method: 'POST', url: ctx.url.href,
        headers: { ...ctx.options.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(session.sessionId ? { 'mcp-session-id': session.sessionId } : {}), 'mcp-protocol-version': session.protocolVersion },
        body: JSON.stringify({ jsonrpc: '2.0', id: m.id, ...reply }), rpc: true, timeoutMs: 5_000,
      }).catch(() => {});
    }
  };
}

/**
 * Side-effect-free ways to make a server talk on its streams: lower the log level (servers
 * with `logging` then send log notifications) and announce a roots change (servers that use
 * roots ask for roots/list on the GET stream). Returns what was sent.
 */
export async function stimulate(ctx: ScanContext, session: Session, capabilities: Record<string, unknown> | undefined): Promise<string[]> {
  const sent: string[] = [];
  if (ctx.client.pastDeadline) return sent;
  const calls: Promise<unknown>[] = [];
  if (capabilities && typeof capabilities === 'object' && 'logging' in capabilities) {
    calls.push(rpc(ctx, { probe: 'stimuli', label: 'logging/setLevel debug', method: 'logging/setLevel', params: { level: 'debug' }, session }));
    sent.push('logging/setLevel');
  }
  calls.push(rpc(ctx, { probe: 'stimuli', label: 'notifications/roots/list_changed', method: 'notifications/roots/list_changed', notification: true, session }));
  sent.push('notifications/roots/list_changed');
  await Promise.all(calls);
  return sent;
}

/** Resume a stream from an early event id (as a client does after a disconnect). */
export async function probeResume(
  ctx: ScanContext, session: Session | undefined, source: Exchange | undefined,
  kind: 'get' | 'post' | 'tool-call' = 'get', droppedBeforeResponse = false,
  /** a typical round trip the session measured, if any (sets the reconnect wait without retry advice) */
  roundTripMs?: number,
): Promise<NonNullable<Probes['resume']>> {
  const skipped = (skippedReason: string): NonNullable<Probes['resume']> => ({ attempted: false, source: kind, skippedReason, replayedIds: [], foreignReplays: [], duplicateReplays: [] });
  const what = kind === 'get' ? 'GET stream' : kind === 'post' ? 'POST response stream' : 'tools/call stream';
  if (source?.response?.status !== 200) return skipped(`no ${what} to resume`);
  const seen = (source.response.sse?.events ?? []).filter((e) => e.id !== undefined && e.id !== '');
  if (seen.length === 0) return skipped(`the ${what} carried no event ids`);
  const pivot = seen.length >= 2 || droppedBeforeResponse ? seen[droppedBeforeResponse ? seen.length - 1 : 0]! : seen[seen.length - 1]!;
  const before = new Set(seen.slice(0, seen.indexOf(pivot) + 1).map((e) => e.id!));
  const expected = seen.slice(seen.indexOf(pivot) + 1).map((e) => e.id!);
  const sourceRpcId = droppedBeforeResponse ? rpcIdOf(source) : undefined;

  const resumeWindow = ctx.options.quick ? Math.min(RESUME_WINDOW_MS, Math.max(QUICK_RESUME_WINDOW_MS, 4 * (roundTripMs ?? 250))) : RESUME_WINDOW_MS;
  const reconnect = (label: string) => ctx.client.exchange({
    probe: 'resume', label, method: 'GET', url: ctx.url.href,
    headers: streamHeaders(ctx, session, { 'last-event-id': pivot.id! }),
    expectStream: true, windowMs: droppedBeforeResponse ? Math.max(RESUME_WINDOW_MS, ctx.options.toolCallWindowMs) : resumeWindow,
    // done once everything the old stream carried after the pivot is back (and, for a stream
    // dropped mid-call, the response), or it goes quiet after the replay began. Resumed from the
    // newest id, nothing is owed: only a wrongly repeated event could come, and it would come
    // at once, so silence from the headers on ends it too.
    stopWhen: (rec) => {
      if (sourceRpcId !== undefined) return rec.fullData.some((d) => hasResponseFor(d.data, sourceRpcId));
      const got = new Set(rec.record.events.map((e) => e.id));
      return expected.length > 0 && expected.every((id) => got.has(id));
    },
    ...(sourceRpcId === undefined ? { quietStopMs: RESUME_QUIET_MS, quietFromHeaders: expected.length === 0 } : {}),
  });
  // Reconnect the way a client does: after the server's retry advice (bounded), and once
  // more if the server has not yet noticed the old stream is gone (409).
  // The wait runs from when the stream was lost: a POST response stream that ended long ago
  // is resumed at once, as a client that reconnects on its own schedule would.
  // Without advice: about when the server has seen the old stream close, half a round trip after
  // we closed it; twice a measured one, 20–100 ms (100 when nothing was measured).
  const advised = source.response.sse?.retries.at(-1)?.ms;
  const unadvised = roundTripMs === undefined ? 100 : Math.min(100, Math.max(20, 2 * roundTripMs));
  const wait = advised === undefined ? unadvised : Math.min(Math.max(advised, 50), MAX_RECONNECT_WAIT_MS);
  const lostAgo = ctx.client.now() - (source.startedAt + source.durationMs);
  await pause(Math.max(0, wait - lostAgo), ctx.client.signal);
  if (ctx.client.pastDeadline) return skipped('the scan deadline came before the reconnect');
  let x = await reconnect(`GET with Last-Event-ID (${what}): ${pivot.id!.slice(0, 60)}`);
  if (statusOf(x) === 409) {
    await pause(CONFLICT_RETRY_MS, ctx.client.signal);
    if (!ctx.client.pastDeadline) x = await reconnect(`GET with Last-Event-ID (${what}, again after 409): ${pivot.id!.slice(0, 60)}`);
  }
  const replayed = x.sse?.record.events ?? [];
  return {
    attempted: true,
    source: kind,
    sourceExchangeId: source.id,
    ...(droppedBeforeResponse ? { droppedBeforeResponse, responseRecovered: sourceRpcId !== undefined && (x.sse?.fullData ?? []).some((d) => hasResponseFor(d.data, sourceRpcId)) } : {}),
    lastEventId: pivot.id!,
    exchangeId: x.exchange.id,
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    ...(contentTypeOf(x) ? { contentType: contentTypeOf(x) } : {}),
    replayedIds: replayed.filter((e) => e.id).map((e) => e.id!).slice(0, RESUME_REPLAYED_IDS_KEPT),
    foreignReplays: [],
    duplicateReplays: replayed.filter((e) => e.id && before.has(e.id)).map((e) => e.id!).slice(0, 50),
  };
}

/** The JSON-RPC id of the request an exchange sent. */
function rpcIdOf(x: Exchange): string | undefined {
  const p = x.request.body ? safeJsonParse(x.request.body) : undefined;
  const id = p?.ok && typeof p.value === 'object' && p.value !== null ? (p.value as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function hasResponseFor(data: string, id: string): boolean {
  if (!data.includes('"id"')) return false;
  const p = safeJsonParse(data);
  const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: unknown; error?: unknown } : undefined;
  return m !== undefined && ('result' in m || 'error' in m) && String(m.id) === id;
}

/**
 * What a resumed stream replayed that is not the source stream's: events whose ids were first
 * seen on another exchange of the scan, and JSON-RPC responses to requests sent on another
 * stream (our request ids are unique within a scan). A GET stream carries no responses at all.
 */
export function attributeReplay(r: NonNullable<Probes['resume']>, transcript: Exchange[]): NonNullable<Probes['resume']> {
  if (!r.attempted || !r.exchangeId) return r;
  const replay = transcript.find((x) => x.id === r.exchangeId);
  const source = transcript.find((x) => x.id === r.sourceExchangeId);
  const owner = new Map<string, string>();
  for (const x of transcript) {
    if (x.id === r.sourceExchangeId || x.probe === 'resume') continue;
    for (const e of x.response?.sse?.events ?? []) if (e.id && !owner.has(e.id)) owner.set(e.id, x.id);
  }
  const sentOn = new Map<string, string>();
  for (const x of transcript) {
    if (x.request.method !== 'POST' || !x.request.body) continue;
    const p = safeJsonParse(x.request.body);
    const id = p.ok && typeof p.value === 'object' && p.value !== null ? (p.value as { id?: unknown }).id : undefined;
    if (typeof id === 'string' || typeof id === 'number') sentOn.set(String(id), x.id);
  }
  const sourceId = source?.request.method === 'POST' && source.request.body ? (() => {
    const p = safeJsonParse(source.request.body!);
    const id = p.ok && typeof p.value === 'object' && p.value !== null ? (p.value as { id?: unknown }).id : undefined;
    return id === undefined ? undefined : String(id);
  })() : undefined;
  const events = replay?.response?.sse?.events ?? [];
  const foreignReplays = events.filter((e) => e.id && owner.has(e.id)).slice(0, 50).map((e) => ({ id: e.id!, seenOn: owner.get(e.id!)! }));
  const foreignResponses: NonNullable<NonNullable<Probes['resume']>['foreignResponses']> = [];
  for (const e of events) {
    if (foreignResponses.length >= 20 || !e.data.includes('"id"')) continue;
    const p = safeJsonParse(e.data);
    const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: unknown; error?: unknown } : undefined;
    if (!m || !('result' in m || 'error' in m) || (typeof m.id !== 'string' && typeof m.id !== 'number')) continue;
    if (sourceId !== undefined && String(m.id) === sourceId) continue;
    const on = sentOn.get(String(m.id));
    foreignResponses.push({ rpcId: m.id, ...(on ? { sentOn: on } : {}) });
  }
  return { ...r, foreignReplays, ...(foreignResponses.length ? { foreignResponses } : {}) };
}
