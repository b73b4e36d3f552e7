// Events reach the client when they are sent, not in bunches flushed by a buffering proxy.
import type { Exchange } from '../../src/contract/evidence.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, is2xx, responseHeader, seconds, streamTiming } from '../_lib/index.ts';

/** a burst: at least BURST_COUNT arrivals within BURST_MS, after BURST_GAP_MS of silence */
const BURST_COUNT = 3;
const BURST_MS = 50;
/** silence before a burst: 1 s at the default 30 s keep-alive threshold, shorter on fast test scales */
const burstGapMs = (keepAliveMaxMs: number) => Math.min(1000, Math.max(200, keepAliveMaxMs / 4));

interface StreamFacts {
  x: Exchange;
  arrivals: number;
  bursts: { at: number; size: number }[];
  /** headers arrived together with the first byte, late */
  headersWithheld: boolean;
  /** ... and that first byte was a burst */
  withheldBurst: boolean;
  accelNo: boolean;
}

function analyse(x: Exchange, BURST_GAP_MS: number): StreamFacts | undefined {
  const t = streamTiming(x, false); // a retry: line travels with an event: not a separate arrival
  if (!t) return undefined;
  const a = t.arrivals;
  const bursts: StreamFacts['bursts'] = [];
  let i = 0;
  while (i < a.length) {
    const gapBefore = a[i] - (i === 0 ? t.start : a[i - 1]);
    let j = i;
    while (j + 1 < a.length && a[j + 1] - a[i] <= BURST_MS) j++;
    const size = j - i + 1;
    if (gapBefore > BURST_GAP_MS && size >= BURST_COUNT) { bursts.push({ at: a[i], size }); i = j + 1; } else i++;
  }
  const firstByte = x.response?.firstByteAt ?? a[0];
  const headersWithheld = a.length > 0 && t.start > BURST_GAP_MS && typeof firstByte === 'number' && firstByte - t.start <= BURST_MS;
  const firstCluster = a.filter((v) => v - a[0] <= BURST_MS).length;
  const accel = responseHeader(x, 'x-accel-buffering');
  return {
    x, arrivals: a.length, bursts,
    headersWithheld,
    withheldBurst: headersWithheld && firstCluster >= BURST_COUNT,
    accelNo: typeof accel === 'string' && accel.trim().toLowerCase() === 'no',
  };
}

export default defineRule({
  id: 'proxy-buffering',
  dimension: 'D8',
  level: 'SHOULD',
  basis: 'practice',
  eras: ['2024-11-05', ...STREAMABLE_ERAS],
  title: 'Streams are not buffered',
  failureTitle: 'Streams are buffered on the way to the client',
  description:
    'A buffering reverse proxy holds SSE bytes until its buffer fills, so progress notifications arrive in late ' +
    'bunches and a stream with only keep-alives shows nothing at all — Claude.ai\'s proxy gives up with a 502 after ' +
    '~30 s without a first byte. Agents then time out tool calls that were actually progressing.',
  specRefs: [
    { label: 'Receiving messages: X-Accel-Buffering (2026-07-28)', url: spec.streamableHttp07('receiving-messages') },
    { label: 'Listening for messages from the server (2025-11-25)', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
  ],
  outcomes: {
    streaming: { status: 'pass', score: 1, summary: 'SSE bytes arrived as they were sent, with no sign of buffering.' },
    headersDelayed: {
      status: 'pass', score: 1,
      summary: 'Response headers were held back until the first byte, but events then arrived spaced out (typical of the TS SDK with Express, not a proxy).',
    },
    buffered: {
      status: 'fail', score: 0, breaks: 'every client: progress and server messages arrive late and in bunches, and hosted clients give up on a stream with no first byte (Claude.ai after ~30 s).',
      summary: 'SSE events arrived in bunches after long silences: something between the handler and the client (a proxy, or middleware in the server itself) buffers the stream.',
      fix: 'Disable response buffering for the MCP endpoint: send `X-Accel-Buffering: no` on SSE responses and, in nginx, `proxy_buffering off;` (plus `proxy_cache off;`); Caddy: `flush_interval -1` in `reverse_proxy`; Cloudflare: make sure no Worker or transform buffers the body and the response is not compressed or cached (`Cache-Control: no-cache, no-transform`); flush after every event in your framework: compression middleware buffers too, and so do request loggers that collect the whole response body before passing it on (mcp-use\'s default logger).',
    },
    headersNeverArrived: {
      status: 'fail', score: 0, breaks: 'every client: the GET stream never opens, so clients wait on it until their own timeout.',
      summary: 'The GET stream\'s response headers never arrived: something holds the whole response back until it ends.',
      fix: 'Flush the headers of an SSE response at once. Behind nginx: `proxy_buffering off;`, `proxy_http_version 1.1;`, no `gzip` on `text/event-stream`; in the server, write the headers (or a priming event or a `:` comment) as soon as the stream opens.',
    },
    tooFewArrivals: {
      status: 'na', unobserved: true,
      summary: 'Too few SSE events or comments arrived to judge buffering.',
    },
    quick: { status: 'na', unobserved: true, summary: 'Not observed with --quick (streams are not held open long enough).' },
    noSse: { status: 'na', unobserved: true, summary: 'No SSE stream (GET stream or tool-call stream) was observed.' },
  },
  judge({ evidence, exchange }) {
    const gs = evidence.probes.getStream;
    if (evidence.options.quick || gs?.stoppedBecause === 'quick') {
      return { outcome: 'quick', detail: 'Skipped: --quick.', data: { reason: '--quick' } };
    }
    // GET headers that never came: the whole response is held back (clients hang on it)
    const gx = exchange(gs?.exchangeId);
    if (gs?.attempted && gx && !gx.response && gx.error && gx.error.kind !== 'deadline' && gx.durationMs >= (gs.windowMs ?? 0) - 100 && (gs.windowMs ?? 0) > 0) {
      return { outcome: 'headersNeverArrived', detail: `GET stream: no response headers in ${seconds(gx.durationMs)} (${excerpt(gx.error.message, 80)}).`, exchanges: [gx.id], data: { waitedMs: Math.round(gx.durationMs) } };
    }
    const candidates = idList(gs?.exchangeId, evidence.probes.toolCall?.exchangeId, evidence.probes.legacy?.streamExchangeId)
      .map((id) => exchange(id))
      .filter((x): x is Exchange => !!x?.response?.sse && is2xx(x.response.status));
    const gap = burstGapMs(evidence.options.keepAliveMaxMs);
    const facts = candidates.map((x) => analyse(x, gap)).filter((f): f is StreamFacts => !!f);
    if (!facts.length) {
      const empty = gx?.response && gx.response.bodyBytes === 0 && is2xx(gx.response.status);
      return {
        outcome: 'noSse',
        detail: empty
          ? `The GET stream (${gx!.response!.status}) carried no byte before it ended${gx!.error ? ` (${excerpt(gx!.error.message, 60)})` : ''}, and no tools/call stream was recorded: no arrivals to time.`
          : 'No GET stream or tools/call stream with SSE was recorded.',
        ...(empty ? { exchanges: [gx!.id] } : {}),
      };
    }
    const accelNo = facts.some((f) => f.accelNo);
    const total = facts.reduce((n, f) => n + f.arrivals, 0);
    const data = { arrivals: total, xAccelBufferingNo: accelNo, bursts: facts.reduce((n, f) => n + f.bursts.length, 0) };
    const ex = facts.map((f) => f.x.id);
    const accelNote = accelNo ? ' X-Accel-Buffering: no was sent.' : ' No X-Accel-Buffering header.';
    const describe = (f: StreamFacts) => {
      const name = f.x.probe === 'get-stream' ? 'GET stream' : excerpt(f.x.label, 40);
      const b = f.bursts.length ? `${f.bursts.length} burst(s) (${f.bursts.slice(0, 3).map((b) => `${b.size} at ${seconds(b.at)}`).join(', ')})` : 'no bursts';
      const h = f.headersWithheld ? `, headers at ${seconds(f.x.response?.headersAt ?? 0)} with the first byte` : '';
      return `${name}: ${f.arrivals} arrival(s), ${b}${h}`;
    };
    const detail = `${facts.map(describe).join('; ')}.${accelNote}`;
    if (total < BURST_COUNT) return { outcome: 'tooFewArrivals', detail, exchanges: ex, data };
    const bursts = facts.reduce((n, f) => n + f.bursts.length, 0);
    if (bursts > 1 || facts.some((f) => f.withheldBurst)) {
      // on loopback nothing sits between: the server's own stack holds the stream back
      const local = evidence.probes.target.isLoopback === true
        ? ' The target is on loopback, so no proxy is in between: the server itself or its middleware (compression, a request logger that reads the whole body) holds the stream back.'
        : '';
      return { outcome: 'buffered', detail: `${detail}${local}`, exchanges: ex, data };
    }
    if (facts.some((f) => f.headersWithheld)) return { outcome: 'headersDelayed', detail, exchanges: ex, data };
    return { outcome: 'streaming', detail, exchanges: ex, data };
  },
});
