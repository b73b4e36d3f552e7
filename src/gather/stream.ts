// The standalone GET stream: watched long enough to see event ids, keep-alive cadence and
// buffering (and no longer: it stops as soon as those are answered), then resumed with
// Last-Event-ID while a second session's stream watches for leaked messages.
import { setTimeout as delay } from 'node:timers/promises';
import type { Probes } from '../evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import type { SseRecorder } from '../net/sse.ts';
import { contentTypeOf, statusOf, type Session } from './mcp.ts';

const QUICK_WINDOW_MS = 2_000;
const RESUME_WINDOW_MS = 2_000;
/** once replay starts, this much quiet means it is over */
const RESUME_QUIET_MS = 400;
const MAX_RECONNECT_WAIT_MS = 2_000;
const CONFLICT_RETRY_MS = 500;

/** Waits ms, or less when the scan's deadline comes first (after it nothing more is sent). */
const pause = (ms: number, deadline: AbortSignal | undefined) => delay(ms, undefined, { signal: deadline }).catch(() => {});

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
function answered(quick: boolean, keepAliveMaxMs: number) {
  const tick = Math.min(1_000, keepAliveMaxMs / 10);
  return (rec: SseRecorder): boolean => {
    const withId = idsOf(rec).length;
    if (quick) return withId >= 2;
    const ticked = rec.record.comments.some((c) => c.t >= tick);
    return (ticked && withId !== 1) || rec.commentCount >= 3;
  };
}

export async function probeGetStream(ctx: ScanContext, session: Session | undefined, windowMs: number): Promise<{ artifact: NonNullable<Probes['getStream']>; result: ExchangeResult }> {
  const quick = ctx.options.quick;
  const window = quick ? Math.min(QUICK_WINDOW_MS, windowMs) : windowMs;
  const x = await ctx.client.exchange({
    probe: 'get-stream', label: `GET stream (watched up to ${(window / 1000).toFixed(1)} s)`,
    method: 'GET', url: ctx.url.href, headers: streamHeaders(ctx, session),
    expectStream: true, windowMs: window, stopWhen: answered(quick, ctx.options.keepAliveMaxMs),
  });
  const endedBy = x.exchange.response?.endedBy;
  const stoppedBecause = x.exchange.error && endedBy !== 'cap' ? 'error'
    : endedBy === 'answered' ? 'answered'
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
    },
  };
}

/** Resume the main stream from an early event id (as a client does after a disconnect). */
export async function probeResume(ctx: ScanContext, session: Session | undefined, source: ExchangeResult | undefined): Promise<NonNullable<Probes['resume']>> {
  const skipped = (skippedReason: string): NonNullable<Probes['resume']> => ({ attempted: false, skippedReason, replayedIds: [], foreignReplays: [], duplicateReplays: [] });
  if (!source || statusOf(source) !== 200) return skipped('no GET stream to resume');
  const seen = idsOf(source.sse);
  if (seen.length === 0) return skipped('the GET stream carried no event ids');
  const pivot = seen.length >= 2 ? seen[0]! : seen[seen.length - 1]!;
  const before = new Set(seen.slice(0, seen.indexOf(pivot) + 1).map((e) => e.id!));

  const reconnect = (label: string) => ctx.client.exchange({
    probe: 'resume', label, method: 'GET', url: ctx.url.href,
    headers: streamHeaders(ctx, session, { 'last-event-id': pivot.id! }),
    expectStream: true, windowMs: RESUME_WINDOW_MS,
    // done once everything the old stream carried after the pivot is back, or it goes quiet
    stopWhen: (rec, elapsed) => {
      const last = rec.record.events.at(-1);
      if (last === undefined) return false;
      const got = new Set(rec.record.events.map((e) => e.id));
      return (expected.length > 0 && expected.every((id) => got.has(id))) || elapsed - last.t > RESUME_QUIET_MS;
    },
  });
  const expected = seen.slice(seen.indexOf(pivot) + 1).map((e) => e.id!);
  // Reconnect the way a client does: after the server's retry advice (bounded), and once
  // more if the server has not yet noticed the old stream is gone (409).
  const advised = source.sse?.record.retries.at(-1)?.ms;
  await pause(Math.min(Math.max(advised ?? 100, 50), MAX_RECONNECT_WAIT_MS), ctx.client.signal);
  if (ctx.client.pastDeadline) return skipped('the scan deadline came before the reconnect');
  let x = await reconnect(`GET with Last-Event-ID: ${pivot.id!.slice(0, 60)}`);
  if (statusOf(x) === 409) {
    await pause(CONFLICT_RETRY_MS, ctx.client.signal);
    if (!ctx.client.pastDeadline) x = await reconnect(`GET with Last-Event-ID (again after 409): ${pivot.id!.slice(0, 60)}`);
  }
  const replayed = x.sse?.record.events ?? [];
  return {
    attempted: true,
    sourceExchangeId: source.exchange.id,
    lastEventId: pivot.id!,
    exchangeId: x.exchange.id,
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    ...(contentTypeOf(x) ? { contentType: contentTypeOf(x) } : {}),
    replayedIds: replayed.filter((e) => e.id).map((e) => e.id!).slice(0, 200),
    foreignReplays: [],
    duplicateReplays: replayed.filter((e) => e.id && before.has(e.id)).map((e) => e.id!).slice(0, 50),
  };
}

/**
 * Replayed events whose ids were first seen on another stream (a second session's GET
 * stream). By id only: identical broadcast content (a log line sent to every session) is no leak.
 */
export function foreignReplays(replay: ExchangeResult['exchange'] | undefined, others: ExchangeResult[]): { id: string; seenOn: string }[] {
  const owner = new Map<string, string>();
  for (const o of others) for (const e of o.sse?.record.events ?? []) if (e.id) owner.set(e.id, o.exchange.id);
  return (replay?.response?.sse?.events ?? [])
    .filter((e) => e.id && owner.has(e.id))
    .slice(0, 50)
    .map((e) => ({ id: e.id!, seenOn: owner.get(e.id!)! }));
}
