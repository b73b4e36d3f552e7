// Arrival-time analysis of recorded SSE streams, shared by the D8 stream rules. Not a rule.
import type { Exchange } from '../../src/contract/evidence.ts';
import { arrivalsOf } from './evidence.ts';

export interface StreamTiming {
  /** ms since the exchange started: when the headers came */
  start: number;
  /** ms since the exchange started: when observation ended */
  end: number;
  /** the stream was still open when we stopped watching (silence after the last byte counts) */
  open: boolean;
  /** sorted arrival times of events, comments and retry hints (never before `start`) */
  arrivals: number[];
  /** largest silence, and where it lay */
  maxGap: number;
  maxGapFrom: number;
  maxGapTo: number;
  /** end - start */
  span: number;
}

/** Silences on a stream: from the headers to the first byte, between bytes, and after the last byte while open. */
export function streamTiming(x: Exchange | undefined, withRetries = true, fromRequest = false): StreamTiming | undefined {
  const res = x?.response;
  if (!res?.sse) return undefined;
  // fromRequest: silence before the headers counts too (a stream that sends nothing, not even
  // headers, is as silent to a proxy as one that sends headers and then nothing)
  const start = fromRequest ? 0 : Number.isFinite(res.headersAt) && res.headersAt >= 0 ? res.headersAt : 0;
  const arrivals = arrivalsOf(x, withRetries).map((t) => Math.max(t, start));
  const dropped = (res.sse.droppedEvents ?? 0) + (res.sse.droppedComments ?? 0) > 0;
  // Beyond a cap we no longer know when bytes came: do not count the tail as silence.
  const open = (res.endedBy === 'window' || res.endedBy === 'answered' || res.endedBy === 'error') && !dropped;
  const last = arrivals.length ? arrivals[arrivals.length - 1] : start;
  const endRaw = typeof res.endAt === 'number' && Number.isFinite(res.endAt) ? res.endAt
    : Number.isFinite(x?.durationMs) ? (x as Exchange).durationMs : last;
  const end = Math.max(endRaw, last, start);
  let prev = start;
  let maxGap = 0;
  let maxGapFrom = start;
  let maxGapTo = start;
  const consider = (to: number) => {
    if (to - prev > maxGap) { maxGap = to - prev; maxGapFrom = prev; maxGapTo = to; }
    prev = to;
  };
  for (const a of arrivals) consider(a);
  if (open) consider(end);
  return { start, end, open, arrivals, maxGap, maxGapFrom, maxGapTo, span: end - start };
}
