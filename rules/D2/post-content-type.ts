// A JSON-RPC request POST is answered with application/json or text/event-stream — nothing else.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, is2xx, isJsonRpcRequestBody, isLegacyExchange, mediaType, responseHeader } from '../_lib/index.ts';

const ALLOWED = new Set(['application/json', 'text/event-stream']);

export default defineRule({
  id: 'post-content-type',
  dimension: 'D2',
  level: 'MUST',
  eras: STREAMABLE_ERAS,
  title: 'Requests are answered as JSON or an event stream',
  failureTitle: 'Some requests are answered with the wrong Content-Type',
  description:
    'MCP clients pick their parser from the Content-Type of the answer to a request: `application/json` for one ' +
    'JSON-RPC object, `text/event-stream` for an SSE stream. Anything else (`text/html` from a proxy, `text/plain`, ' +
    'no header at all) makes the official SDK clients reject the response, so the tool call fails.',
  specRefs: [
    { label: 'Sending messages to the server (2025-11-25)', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Sending messages (2026-07-28)', url: spec.streamableHttp07('sending-messages') },
  ],
  outcomes: {
    valid: { status: 'pass', score: 1, summary: 'Every request was answered with application/json or text/event-stream.' },
    someWrongType: {
      status: 'fail', score: 0.5,
      summary: 'A few requests were answered with another Content-Type.',
      fix: 'Answer every JSON-RPC request with `Content-Type: application/json` (one JSON-RPC object) or `Content-Type: text/event-stream`, also on secondary paths (error handlers, proxies, framework defaults). Media-type parameters such as `; charset=utf-8` are fine.',
    },
    wrongType: {
      status: 'fail', score: 0,
      summary: 'Requests are answered with a Content-Type MCP clients cannot parse.',
      fix: 'Answer every JSON-RPC request with `Content-Type: application/json` (one JSON-RPC object) or `Content-Type: text/event-stream` (SSE). If a proxy or gateway rewrites the response, make it pass the origin Content-Type through.',
    },
    noneObserved: {
      status: 'na', unobserved: true,
      summary: 'No request POST was answered with a 2xx, so the Content-Type could not be checked.',
    },
  },
  judge({ evidence }) {
    const checked = evidence.transcript.filter((x) =>
      x.request?.method?.toUpperCase() === 'POST' && !isLegacyExchange(x)
      && x.response?.rpc !== undefined && is2xx(x.response.status) && isJsonRpcRequestBody(x.request.body));
    if (!checked.length) {
      return { outcome: 'noneObserved', detail: 'No 2xx response to a JSON-RPC request POST was recorded.' };
    }
    const offenders = checked.filter((x) => !ALLOWED.has(mediaType(responseHeader(x, 'content-type')) ?? ''));
    const describe = (x: (typeof checked)[number]) =>
      `${x.id} ${x.label} → ${x.response?.status} ${excerpt(responseHeader(x, 'content-type') ?? '(no Content-Type)', 60)}`;
    if (!offenders.length) {
      const types = [...new Set(checked.map((x) => mediaType(responseHeader(x, 'content-type'))))].join(', ');
      return {
        outcome: 'valid',
        detail: `${checked.length} request response(s) checked; media types seen: ${types}.`,
        exchanges: idList(...checked.slice(0, 10).map((x) => x.id)),
        data: { checked: checked.length },
      };
    }
    const listed = offenders.slice(0, 5).map(describe).join('; ');
    const more = offenders.length > 5 ? `; and ${offenders.length - 5} more` : '';
    return {
      outcome: offenders.length * 2 > checked.length ? 'wrongType' : 'someWrongType',
      detail: `${offenders.length} of ${checked.length} request response(s) had another Content-Type: ${listed}${more}.`,
      exchanges: idList(...offenders.map((x) => x.id)),
      data: { checked: checked.length, offenders: offenders.length },
    };
  },
});
