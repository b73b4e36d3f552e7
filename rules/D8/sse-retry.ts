// Streams tell clients how long to wait before reconnecting (`retry:`).
import { defineRule, spec } from '../../src/contract/rule.ts';
import { idList, sseExchanges } from '../_lib/index.ts';

export default defineRule({
  id: 'sse-retry',
  dimension: 'D8',
  level: 'SHOULD',
  eras: ['2025-11-25'],
  title: 'Streams send a retry: hint',
  failureTitle: 'Streams send no retry: hint',
  description:
    'A server that closes streams (to shed load, or to poll per 2025-11-25) should say with `retry:` how long clients ' +
    'must wait before reconnecting. Without it clients use their own default — often 0–3 s — and a fleet of agents ' +
    'reconnects in a thundering herd, or waits far too long for the next message.',
  specRefs: [
    { label: 'Sending messages to the server (2025-11-25)', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Listening for messages from the server (2025-11-25)', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Resumability and redelivery', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
  ],
  outcomes: {
    retrySent: { status: 'pass', score: 1, summary: 'A `retry:` reconnection hint was sent.' },
    noRetry: {
      status: 'warn', score: 0.5,
      summary: 'The server closed a stream early (before its response, or the GET stream) without a `retry:` hint.',
      fix: 'Send `retry: <ms>` (e.g. `retry: 3000`) with the first (priming) event of each stream, and before closing one. TS SDK: set `retryInterval` on the transport (it is sent with the priming event, which needs an `eventStore`).',
    },
    noIds: {
      status: 'na',
      summary: 'No event carried an id, so streams cannot be resumed and a retry hint has nothing to offer (see sse-event-ids).',
    },
    noEarlyClose: {
      status: 'na',
      summary: 'No stream was closed early by the server, so no reconnection advice was needed (2025-11-25 asks for retry: before such a close).',
    },
    noSse: {
      status: 'na', unobserved: true,
      summary: 'No SSE events were observed, so a retry hint could not be looked for.',
    },
  },
  judge({ evidence }) {
    const streams = sseExchanges(evidence, { sessionOnly: true });
    const retries = streams.flatMap((x) => (x.response?.sse?.retries ?? []).map((r) => ({ x: x.id, ms: r.ms })))
      .filter((r) => Number.isFinite(r.ms));
    const withEvents = streams.filter((x) => (x.response?.sse?.events.length ?? 0) > 0);
    if (retries.length) {
      const values = [...new Set(retries.map((r) => r.ms))].slice(0, 5);
      return {
        outcome: 'retrySent',
        detail: `retry: ${values.join(', ')} ms on ${new Set(retries.map((r) => r.x)).size} of ${streams.length} stream(s).`,
        exchanges: idList(...retries.map((r) => r.x)),
        data: { retryMs: values },
      };
    }
    const withIds = withEvents.filter((x) => x.response?.sse?.events.some((e) => e.id));
    if (withEvents.length && !withIds.length) {
      return { outcome: 'noIds', detail: `${withEvents.length} stream(s) with events, none with an id: nothing to resume, so no retry advice is needed.`, exchanges: idList(...withEvents.map((x) => x.id)) };
    }
    // The SHOULD applies where the server closes a stream the client still needs: a POST stream
    // before its response, or the GET stream (the server ended it, not the scanner).
    const closedEarly = withIds.filter((x) => x.response?.endedBy === 'complete' &&
      (x.request.method === 'GET' ? x.probe === 'get-stream' : x.response.rpc?.answered === false));
    if (closedEarly.length) {
      return { outcome: 'noRetry', detail: `${closedEarly.length} stream(s) closed by the server early (${closedEarly.slice(0, 3).map((x) => x.label).join('; ')}), no retry: field.`, exchanges: idList(...closedEarly.map((x) => x.id)) };
    }
    if (withEvents.length) {
      return { outcome: 'noEarlyClose', detail: `${withEvents.length} stream(s) with events; none was closed by the server before it was done.`, exchanges: idList(...withEvents.map((x) => x.id)) };
    }
    return { outcome: 'noSse', detail: streams.length ? `${streams.length} stream(s) with no events.` : 'No SSE stream was recorded.' };
  },
});
