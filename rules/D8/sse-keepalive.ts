// Long-lived streams send bytes (keep-alive comments) often enough that proxies do not cut them.
import type { Exchange } from '../../src/contract/evidence.ts';
import { SESSION_REVISIONS } from '../../src/contract/constants.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, is2xx, isSseType, median, seconds, statusText, streamTiming } from '../_lib/index.ts';

/** Cloudflare (and several other proxies) close a connection that sent nothing for 100 s. */
const PROXY_CUT_MS = 100_000;
/**
 * Timers and the network add milliseconds to any cadence: a server that keeps alive exactly every
 * threshold seconds (@hono/mcp: every 30 s, the default threshold) is measured at 30.01 s.
 */
const jitterMs = (threshold: number) => Math.max(250, threshold * 0.02);

export default defineRule({
  id: 'sse-keepalive',
  dimension: 'D8',
  level: 'SHOULD',
  // keep-alive comments are a non-normative note (2026-07-28) and common practice: graded by what proxies do
  basis: 'practice',
  eras: ['2024-11-05', ...STREAMABLE_ERAS],
  title: 'Long-lived streams send keep-alives',
  failureTitle: 'Long-lived streams go silent long enough for proxies to cut them',
  description:
    'Proxies, load balancers and clients drop idle connections: Cloudflare after 100 s, many others after 30–60 s. A quiet ' +
    'GET stream without periodic `:` comment lines is closed under the agent, which then misses server notifications ' +
    'until it notices and reconnects (the TS SDK sends `: keepalive` every 15 s).',
  specRefs: [
    { label: 'Listening for messages from the server (2025-11-25)', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Receiving messages: keep-alive note (2026-07-28)', url: spec.streamableHttp07('receiving-messages') },
  ],
  outcomes: {
    kept: { status: 'pass', score: 1, summary: 'The stream never stayed silent longer than the keep-alive threshold.' },
    longGap: {
      status: 'fail', score: 0.3, breaks: 'deployments behind common proxies and load balancers (nginx and AWS ALB cut idle connections after 60 s, Cloudflare after 100 s): the stream is cut under the agent.',
      summary: 'The stream went silent longer than the keep-alive threshold (but under the 100 s proxy limit).',
      fix: 'Send an SSE comment line (`: keepalive\\n\\n`) every 15 s on open streams. TS SDK: keep `keepAliveMs` at its 15000 default; elsewhere, a timer per stream that writes a comment when nothing else was sent.',
    },
    gapOverProxyLimit: {
      status: 'fail', score: 0.2, breaks: 'deployments behind common proxies and load balancers (nginx and AWS ALB cut idle connections after 60 s, Cloudflare after 100 s): the stream is cut under the agent.',
      summary: 'The stream went silent for 100 s or more: Cloudflare and similar proxies will have cut it.',
      fix: 'Send an SSE comment line (`: keepalive\\n\\n`) at least every 15–30 s on every open stream (TS SDK: `keepAliveMs`, default 15000; do not set it to 0).',
    },
    silent: {
      status: 'fail', score: 0, breaks: 'deployments behind common proxies and load balancers (nginx and AWS ALB cut idle connections after 60 s, Cloudflare after 100 s): the stream is cut under the agent.',
      summary: 'The stream sent nothing at all for the whole observation window.',
      fix: 'Send a first byte right away (a priming event or a `:` comment) and an SSE comment (`: keepalive\\n\\n`) every 15 s while the stream is open, so proxies and clients do not time it out.',
    },
    cutWhileSilent: {
      status: 'fail', score: 0, breaks: 'every agent that listens on the stream: it is cut after that much silence and must reconnect, missing what was sent in between.',
      summary: 'The open stream was cut after a stretch without a single byte: an idle timeout (a proxy\'s, or the server\'s own) closes quiet streams.',
      fix: 'Send an SSE comment line (`: keepalive\\n\\n`) more often than the shortest idle timeout on the path (every 15 s suits the common 60 s defaults), and raise a proxy\'s read timeout for this route (nginx: `proxy_read_timeout 3600s;`).',
    },
    quick: { status: 'na', unobserved: true, summary: 'Not observed with --quick (the stream is not held open long enough).' },
    noKeepAlive: {
      status: 'fail', score: 0, breaks: 'deployments behind common proxies and load balancers (nginx and AWS ALB cut idle connections after 60 s, Cloudflare after 100 s): the stream is cut under the agent.',
      summary: 'The stream fell silent past the threshold and sent no keep-alive comment while it was watched.',
      fix: 'Write an SSE comment line (`: keepalive`) every 15–25 s on every open stream, so proxies and load balancers (Cloudflare cuts idle streams at 100 s, AWS ALB at 60 s by default) keep the connection. The TypeScript SDK\'s Streamable HTTP transport sends them (15 s) in its recent versions, so check that nothing in front strips or buffers them; its HTTP+SSE transport (`SSEServerTransport`) sends none: add a timer that writes `: keepalive\\n\\n` to the response.',
    },
    windowTooShort: {
      status: 'na', unobserved: true,
      summary: 'The stream was observed for less than the keep-alive threshold, so its cadence is unknown.',
    },
    buffered: { status: 'na', summary: 'The stream was held back whole and delivered in one burst: buffering, one finding reported by proxy-buffering.' },
    noStandaloneStream: { status: 'na', summary: 'GET answered 405 (or an empty 2xx): the server offers no standalone stream to keep alive.' },
    noLongLivedStream: { status: 'na', summary: 'No long-lived stream was observed on this stateless server (no GET stream by design).' },
    unobserved: { status: 'na', unobserved: true, summary: 'No long-lived stream could be observed.' },
  },
  judge({ evidence, revisions, exchange }) {
    const opts = evidence.options;
    const threshold = Number.isFinite(opts.keepAliveMaxMs) && opts.keepAliveMaxMs > 0 ? opts.keepAliveMaxMs : 30_000;
    const gs = evidence.probes.getStream;
    const sessionApplies = revisions.some((r) => SESSION_REVISIONS.includes(r));
    if (opts.quick || gs?.stoppedBecause === 'quick') {
      // what the GET met decides before --quick does: a 405 has no stream to keep alive however long it is watched
      if (gs?.status === 405 && sessionApplies) return { outcome: 'noStandaloneStream', detail: 'GET → 405.', exchanges: idList(gs.exchangeId) };
      if (typeof gs?.status === 'number' && !is2xx(gs.status)) return { outcome: 'unobserved', detail: `GET → ${statusText(gs, exchange(gs.exchangeId))}.`, exchanges: idList(gs.exchangeId) };
      return { outcome: 'quick', detail: 'Skipped: --quick.', data: { reason: '--quick' } };
    }
    // an SSE stream that never sent a byte and was closed from the other side well before the
    // watch ended: an idle timeout cut it (nginx proxy_read_timeout, a load balancer, the server)
    const gx = exchange(gs?.exchangeId);
    const r = gx?.response;
    const endAt = gx?.error?.at ?? r?.endAt ?? gx?.durationMs;
    if (sessionApplies && gs?.status === 200 && r && isSseType(r.headers['content-type']) && r.bodyBytes === 0 &&
      (r.endedBy === 'error' || r.endedBy === 'complete') && gx?.error?.kind !== 'deadline' && endAt !== undefined && endAt - (r.headersAt ?? 0) >= 1_000) {
      const how = r.endedBy === 'complete' ? 'closed' : `broken off (${excerpt(gx?.error?.message ?? gx?.error?.kind ?? 'error', 60)})`;
      return {
        outcome: 'cutWhileSilent',
        detail: `GET stream: headers at ${seconds(r.headersAt ?? 0)}, then not a byte until the connection was ${how} at ${seconds(endAt)}, ${seconds(endAt - (r.headersAt ?? 0))} of silence.`,
        exchanges: idList(gx?.id), data: { silenceMs: Math.round(endAt - (r.headersAt ?? 0)) },
      };
    }
    let target: Exchange | undefined;
    let source = '';
    if (sessionApplies && gs?.attempted && (gs.status ?? exchange(gs.exchangeId)?.response?.status) === 200) {
      const x = exchange(gs.exchangeId);
      // a stream the server ended at once without a byte is no standalone stream (below)
      if (x?.response?.sse && !(x.response.endedBy === 'complete' && x.response.bodyBytes === 0)) { target = x; source = 'GET stream'; }
    }
    const legacy = evidence.probes.legacy;
    if (!target && revisions.includes('2024-11-05') && legacy?.streamExchangeId) {
      const x = exchange(legacy.streamExchangeId);
      if (x?.response?.sse && x.response.status === 200) { target = x; source = 'HTTP+SSE stream'; }
    }
    if (!target) {
      // fall back to a tools/call stream that stayed open at least as long as the threshold
      const tc = evidence.probes.toolCall;
      const x = exchange(tc?.exchangeId);
      const t = streamTiming(x, true, true);
      if (x && t && t.span >= threshold) { target = x; source = 'tools/call stream'; }
    }
    if (!target) {
      if (!sessionApplies && !revisions.includes('2024-11-05')) return { outcome: 'noLongLivedStream', detail: 'Only 2026-07-28 applies and no stream stayed open past the threshold.' };
      if (gs?.status === 405) return { outcome: 'noStandaloneStream', detail: 'GET → 405.', exchanges: idList(gs.exchangeId) };
      // an empty answer (mcp-use: GET → 204) is no stream either; whether that status is allowed is get-stream-or-405's
      const empty = gs?.status === 204 || (is2xx(gs?.status) && gx?.response?.endedBy === 'complete' && gx.response.bodyBytes === 0);
      if (empty) return { outcome: 'noStandaloneStream', detail: `GET → ${gs!.status} with no body: no stream to keep alive (see get-stream-or-405).`, exchanges: idList(gs!.exchangeId) };
      const why = !gs?.attempted
        ? `GET stream not probed${gs?.skippedReason ? `: ${excerpt(gs.skippedReason, 100)}` : ''}`
        : `GET → ${statusText(gs, exchange(gs.exchangeId))}`;
      return { outcome: 'unobserved', detail: `${why}.`, exchanges: idList(gs?.exchangeId) };
    }
    const t = streamTiming(target, true, true);
    if (!t) return { outcome: 'unobserved', detail: `${source}: no SSE record.`, exchanges: [target.id] };
    // a finished stream held back whole and delivered in one burst at its end: the silence is the
    // buffer's, one finding reported by proxy-buffering
    const headersAt = target.response?.headersAt ?? 0;
    if (target.response?.endedBy === 'complete' && t.arrivals.length >= 2 && headersAt > 200 && t.arrivals.every((a) => a - headersAt <= 50)) {
      return { outcome: 'buffered', detail: `${source}: headers and all ${t.arrivals.length} arrival(s) came together at ${seconds(headersAt)}: see proxy-buffering.`, exchanges: [target.id] };
    }
    const comments = (target.response?.sse?.comments ?? []).map((c) => c.t).filter(Number.isFinite).sort((a, b) => a - b);
    const events = target.response?.sse?.events.length ?? 0;
    const intervals = comments.slice(1).map((c, i) => c - comments[i]);
    const every = median(intervals);
    const cadence = every !== undefined ? `comments every ${seconds(every)}` : comments.length === 1 ? `one comment at ${seconds(comments[0])}` : 'no comments';
    const facts = `${source} watched ${seconds(t.span)} after headers${t.open ? '' : ' (closed by the server)'}: ` +
      `${events} event(s), ${comments.length} comment(s), ${cadence}; longest silence ${seconds(t.maxGap)} ` +
      `(${seconds(t.maxGapFrom)}–${seconds(t.maxGapTo)}); threshold ${seconds(threshold)}.`;
    const ex = [target.id];
    const data = { maxGapMs: Math.round(t.maxGap), spanMs: Math.round(t.span), comments: comments.length, events, commentIntervalMs: every, thresholdMs: threshold };
    if (!t.arrivals.length) {
      if (t.open && t.span >= threshold) {
        return { outcome: 'silent', detail: `${source}: not a byte in ${seconds(t.span)} after the headers (threshold ${seconds(threshold)}).`, exchanges: ex, data };
      }
      return { outcome: 'windowTooShort', detail: facts, exchanges: ex, data };
    }
    const trailing = t.open ? t.end - (t.arrivals.at(-1) ?? t.start) : 0;
    const over = threshold + jitterMs(threshold);
    // a comment in the stream's first second is an opening (mcp-lite's `: stream ready`), not a
    // keep-alive: only comments after it show a timer
    const keepAlives = comments.filter((c) => c - headersAt > 1_000);
    if (keepAlives.length === 0 && trailing > over) {
      return { outcome: 'noKeepAlive', detail: `${facts} No keep-alive comment while watched${comments.length ? ' (only an opening comment)' : ''}: after its last byte at ${seconds(t.arrivals.at(-1) ?? t.start)} the stream stayed silent until the watch ended, ${seconds(trailing)} later.`, exchanges: ex, data };
    }
    if (t.maxGap > over) {
      return { outcome: t.maxGap >= PROXY_CUT_MS ? 'gapOverProxyLimit' : 'longGap', detail: facts, exchanges: ex, data };
    }
    // no comment ever, and quiet past the threshold but not past its jitter when the watch ended:
    // the keep-alive could still have come, and nothing shows one ever does
    if (keepAlives.length === 0 && trailing > threshold) return { outcome: 'windowTooShort', detail: `${facts} The watch ended ${seconds(trailing)} after the last byte, inside the threshold's jitter: no keep-alive seen yet.`, exchanges: ex, data };
    const observable = t.span >= threshold || comments.length >= 2 || (source === 'GET stream' && gs?.keepAliveObservable === true) ||
      (source === 'HTTP+SSE stream' && legacy?.keepAliveObservable === true);
    if (!observable) return { outcome: 'windowTooShort', detail: facts, exchanges: ex, data };
    return { outcome: 'kept', detail: facts, exchanges: ex, data };
  },
});
