// A POST-opened SSE stream closes once it has delivered the response.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, idList, isLegacyExchange } from '../_lib/index.ts';

export default defineRule({
  id: 'sse-ends-with-response',
  dimension: 'D8',
  level: 'SHOULD',
  eras: STREAMABLE_ERAS,
  title: 'Response streams close after the response',
  failureTitle: 'Response streams stay open after the response',
  description:
    'When a request is answered over SSE, the stream should end once the JSON-RPC response is sent. Streams left open ' +
    'pile up as idle connections — browsers allow only 6 per origin over HTTP/1.1 — and simple clients that read ' +
    'the body to the end hang until a timeout instead of returning the result to the agent.',
  specRefs: [
    { label: 'Sending messages to the server (2025-11-25)', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Receiving messages (2026-07-28)', url: spec.streamableHttp07('receiving-messages') },
  ],
  outcomes: {
    ends: { status: 'pass', score: 1, summary: 'Every SSE response stream closed after delivering its response.' },
    staysOpen: {
      status: 'warn', score: 0.5,
      summary: 'Some SSE response streams stayed open after delivering the response.',
      fix: 'End the HTTP response right after writing the JSON-RPC response event (`res.end()`); send later server-to-client messages on the GET stream (session era) or a `subscriptions/listen` stream (2026-07-28).',
    },
    noSsePosts: { status: 'na', summary: 'No request was answered with an SSE stream (the server answers with JSON).' },
    unknown: {
      status: 'na', unobserved: true,
      summary: 'SSE responses were seen, but reading stopped before it was clear whether the server closed them.',
    },
  },
  judge({ evidence }) {
    const posts = evidence.transcript.filter((x) =>
      x.request?.method?.toUpperCase() === 'POST' && !isLegacyExchange(x)
      && x.response?.rpc?.framing === 'sse' && x.response.rpc.answered === true);
    if (!posts.length) return { outcome: 'noSsePosts', detail: 'No POST response carried its JSON-RPC response over SSE.' };
    const known = posts.filter((x) => typeof x.response?.rpc?.endedAfterResponse === 'boolean');
    if (!known.length) return { outcome: 'unknown', detail: `${posts.length} SSE response stream(s); none was read until it closed.`, exchanges: idList(...posts.map((x) => x.id)) };
    const open = known.filter((x) => x.response?.rpc?.endedAfterResponse === false);
    if (open.length) {
      return {
        outcome: 'staysOpen',
        detail: `${open.length} of ${known.length} SSE response stream(s) stayed open after the response: ${open.slice(0, 5).map((x) => `${x.id} ${x.label}`).join('; ')}.`,
        exchanges: idList(...open.map((x) => x.id)),
        data: { open: open.length, checked: known.length },
      };
    }
    return { outcome: 'ends', detail: `${known.length} SSE response stream(s) closed after the response.`, exchanges: idList(...known.map((x) => x.id)), data: { checked: known.length } };
  },
});
