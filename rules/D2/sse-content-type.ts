// Streams are labelled text/event-stream: the GET stream and every response that carried SSE events.
import type { Exchange } from '../../src/contract/evidence.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, isLegacyExchange, isSseType, responseHeader } from '../_lib/index.ts';

const STREAM_PROBES = ['get-stream', 'resume'];

export default defineRule({
  id: 'sse-content-type',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2024-11-05', ...STREAMABLE_ERAS],
  title: 'Event streams are labelled text/event-stream',
  failureTitle: 'Event streams carry the wrong Content-Type',
  description:
    'Clients decide whether to read a response as Server-Sent Events from its Content-Type alone. A stream served as ' +
    '`text/plain` or `application/octet-stream` is read as one body that never ends, so notifications and responses ' +
    'on it are never delivered to the agent.',
  specRefs: [
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Sending messages to the server', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
  ],
  outcomes: {
    labelled: { status: 'pass', score: 1, summary: 'Every event stream was served as text/event-stream.' },
    mislabelled: {
      status: 'fail', score: 0,
      summary: 'An event stream was served with another Content-Type.',
      fix: 'Send `Content-Type: text/event-stream` (optionally `; charset=utf-8`) on the GET stream and on every POST response you stream as SSE; check that no proxy or framework default overrides it.',
    },
    noSse: {
      status: 'na',
      summary: 'The server opened no event stream (GET not offered, requests answered as JSON).',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'No event stream could be observed (GET stream not probed or it failed).',
    },
  },
  judge({ evidence, exchange }) {
    const gs = evidence.probes.getStream;
    const streams = new Map<string, Exchange>();
    for (const x of evidence.transcript) {
      if (isLegacyExchange(x) || !x.response) continue;
      const isGetStream = STREAM_PROBES.includes(x.probe) && x.request?.method?.toUpperCase() === 'GET' && x.response.status === 200;
      const carriedEvents = (x.response.sse?.events.length ?? 0) > 0 && x.response.status >= 200 && x.response.status < 300;
      if (isGetStream || carriedEvents) streams.set(x.id, x);
    }
    const gsx = exchange(gs?.exchangeId);
    if (gsx?.response?.status === 200 && !isLegacyExchange(gsx)) streams.set(gsx.id, gsx);
    const all = [...streams.values()];
    if (!all.length) {
      // 2026-07-28-only servers get no GET-stream probe: the discover probe's GET stands in for it
      const get = gs ?? evidence.probes.discover?.get;
      const getStatus = get?.status ?? gsx?.response?.status;
      if (typeof getStatus === 'number') {
        return { outcome: 'noSse', detail: `GET answered ${getStatus}; no response carried SSE events.`, exchanges: idList(get?.exchangeId) };
      }
      return { outcome: 'unobserved', detail: gs?.skippedReason ? `GET stream skipped: ${gs.skippedReason}.` : 'No GET stream status and no SSE events were recorded.' };
    }
    const bad = all.filter((x) => !isSseType(responseHeader(x, 'content-type')));
    if (!bad.length) {
      return {
        outcome: 'labelled',
        detail: `${all.length} stream(s) checked (${all.map((x) => x.probe).join(', ')}), all text/event-stream.`,
        exchanges: idList(...all.map((x) => x.id)),
      };
    }
    return {
      outcome: 'mislabelled',
      detail: `${bad.length} of ${all.length} stream(s) mislabelled: ` +
        bad.slice(0, 5).map((x) => `${x.id} ${x.label} → ${x.response?.status} ${excerpt(responseHeader(x, 'content-type') ?? '(no Content-Type)', 60)}`).join('; ') + '.',
      exchanges: idList(...bad.map((x) => x.id)),
    };
  },
});
