// A 2025-11-25 POST response stream opens with a priming event (an id and empty data), so a
// client whose connection drops before the first real message still has an id to resume from.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { idList, isStatelessExchange, requestHeader, sseExchanges } from '../_lib/index.ts';

export default defineRule({
  id: 'sse-priming-event',
  dimension: 'D8',
  level: 'SHOULD',
  eras: ['2025-11-25'],
  title: 'Resumable streams open with a priming event',
  failureTitle: 'Resumable streams do not open with a priming event',
  description:
    'From 2025-11-25 a server that answers a POST with an event stream SHOULD first send an event holding only an ' +
    'event id and empty data. Until the first real message arrives, that id is the only thing a client can send back ' +
    'in `Last-Event-ID` when its connection drops (or when the server closes the stream early to have it poll): ' +
    'without it, a call cut off before its first message cannot be resumed, and its result is lost. It matters only ' +
    'where events carry ids at all (servers without resumability have nothing to prime).',
  specRefs: [
    { label: 'Sending messages to the server (2025-11-25)', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Resumability and redelivery (2025-11-25)', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
  ],
  outcomes: {
    primed: { status: 'pass', score: 1, summary: 'Every POST response stream with event ids opened with a priming event (id, empty data).' },
    notPrimed: {
      status: 'warn', score: 0.6,
      summary: 'POST response streams carry event ids but do not open with a priming event: a call cut off before its first message cannot be resumed.',
      fix: 'Open each POST response stream with `id: <event id>` and an empty `data:` line before anything else (TS SDK: it does this itself for 2025-11-25 sessions when the transport has an `eventStore`; Python SDK: with an `event_store`).',
    },
    noEventIds: {
      status: 'na',
      summary: 'No event on the POST response streams carried an id: the server offers no resumption, so there is nothing to prime (see sse-event-ids).',
    },
    noSsePosts: { status: 'na', summary: 'No POST of the 2025-11-25 session was answered with an event stream.' },
  },
  judge({ evidence }) {
    // requests after initialize carry the negotiated version: these are the 2025-11-25 session's POSTs
    const posts = sseExchanges(evidence, { sessionOnly: true, excludeProbes: ['resume'] }).filter((x) =>
      x.request.method === 'POST' && !isStatelessExchange(x) && (requestHeader(x, 'mcp-protocol-version') ?? '').trim() === '2025-11-25' &&
      (x.response?.sse?.events.length ?? 0) > 0);
    if (!posts.length) return { outcome: 'noSsePosts', detail: 'No POST of the 2025-11-25 session was answered with an event stream that carried an event.' };
    const withIds = posts.filter((x) => (x.response?.sse?.events ?? []).some((e) => typeof e.id === 'string' && e.id.length > 0));
    if (!withIds.length) return { outcome: 'noEventIds', detail: `None of ${posts.length} POST response stream(s) carried an event id.`, exchanges: idList(...posts.map((x) => x.id)) };
    const primed = (x: (typeof posts)[number]) => {
      const first = x.response!.sse!.events[0]!;
      return typeof first.id === 'string' && first.id.length > 0 && (first.data ?? '').trim() === '';
    };
    const unprimed = withIds.filter((x) => !primed(x));
    const counts = `${withIds.length - unprimed.length} of ${withIds.length} POST response stream(s) with event ids opened with a priming event`;
    if (unprimed.length) {
      const first = unprimed[0]!.response!.sse!.events[0]!;
      const what = (first.data ?? '').trim() === '' ? 'an empty event without an id' : `a message${first.id ? ` (id "${String(first.id).slice(0, 40)}")` : ''}`;
      return {
        outcome: 'notPrimed',
        detail: `${counts}; ${unprimed[0]!.label} opened with ${what}.`,
        exchanges: idList(...unprimed.map((x) => x.id)),
        data: { streams: withIds.length, unprimed: unprimed.length },
      };
    }
    return { outcome: 'primed', detail: `${counts}.`, exchanges: idList(...withIds.map((x) => x.id)), data: { streams: withIds.length } };
  },
});
