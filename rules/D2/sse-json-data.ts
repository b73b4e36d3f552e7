// Every SSE event's data is one JSON-RPC message (an id-only priming event with empty data is legal).
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, sseExchanges } from '../_lib/index.ts';

type Check = { kind: 'ok' } | { kind: 'priming' } | { kind: 'empty' } | { kind: 'invalid'; why: string };

function isMessage(m: unknown): boolean {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const o = m as Record<string, unknown>;
  return o.jsonrpc === '2.0' && (typeof o.method === 'string' || 'result' in o || 'error' in o);
}

function checkData(data: string, hasId: boolean, batchesAllowed: boolean): Check {
  if (data.trim() === '') return hasId ? { kind: 'priming' } : { kind: 'empty' };
  let parsed: unknown;
  try { parsed = JSON.parse(data); } catch { return { kind: 'invalid', why: 'not JSON' }; }
  if (Array.isArray(parsed)) {
    if (!batchesAllowed) return { kind: 'invalid', why: 'a JSON array (batching was removed in 2025-06-18)' };
    return parsed.length > 0 && parsed.every(isMessage) ? { kind: 'ok' } : { kind: 'invalid', why: 'an array that is not a JSON-RPC batch' };
  }
  return isMessage(parsed) ? { kind: 'ok' } : { kind: 'invalid', why: 'JSON but not a JSON-RPC 2.0 message' };
}

export default defineRule({
  id: 'sse-json-data',
  dimension: 'D2',
  level: 'MUST',
  eras: STREAMABLE_ERAS,
  title: 'SSE events carry JSON-RPC messages',
  failureTitle: 'SSE events carry data that is not JSON-RPC',
  description:
    'Each SSE event on an MCP stream must hold exactly one JSON-RPC message; clients `JSON.parse` every event (those ' +
    'without a type or of type `message`: events of another type, such as `event: ping`, are not read as messages) and ' +
    'most abort the whole stream on the first one that fails. Empty-data priming events (id only, 2025-11-25) are ' +
    'legal, but several clients still crash on them (python-sdk#1672, go-sdk#768, java-sdk#765).',
  specRefs: [
    { label: 'Sending messages to the server', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Receiving messages (2026-07-28)', url: spec.streamableHttp07('receiving-messages') },
  ],
  outcomes: {
    allJson: { status: 'pass', score: 1, summary: 'Every SSE event carried one JSON-RPC message.' },
    withPriming: {
      status: 'pass', score: 1,
      summary: 'Every SSE event carried one JSON-RPC message, apart from legal id-only priming events (some older clients choke on those).',
    },
    emptyData: {
      status: 'warn', score: 0.7,
      summary: 'Some SSE events had empty data and no id: not a priming event, and clients that parse every event fail on them.',
      fix: 'Send keep-alives as SSE comments (`: keepalive`), not as empty events; an event with empty `data:` is only meaningful as a priming event that carries an `id:`.',
    },
    invalidData: {
      status: 'fail', score: 0,
      summary: 'An SSE event carried data that is not a JSON-RPC message.',
      fix: 'Put exactly one JSON-RPC message, serialised as JSON, in the `data:` of every event (`event: message` or no event type); send heartbeats as `:` comments and never plain text, HTML or partial JSON.',
    },
    noSse: {
      status: 'na',
      summary: 'The server opened no event stream (GET not offered, every request answered as JSON): there is no event data to check.',
    },
    noEvents: {
      status: 'na', unobserved: true,
      summary: 'No SSE event arrived, so event data could not be checked.',
    },
  },
  judge({ evidence }) {
    // JSON-RPC batches existed only in 2025-03-26
    const batchesAllowed = evidence.probes.era.sessionRevision === '2025-03-26';
    // replays are judged by stream-isolation (a foreign replay is one finding, not a framing one too)
    const streams = sseExchanges(evidence, { excludeProbes: ['resume'] });
    let total = 0;
    let priming = 0;
    let empty = 0;
    let truncated = 0;
    let otherType = 0;
    const invalid: { xid: string; data: string; why: string }[] = [];
    const primingOn: string[] = [];
    for (const x of streams) {
      for (const e of x.response?.sse?.events ?? []) {
        if (e.truncated) { truncated++; continue; } // cut by our cap: not the server's fault
        // an event of another type (`event: ping`) goes to its own listeners, not to the MCP message
        // handler: the SDK clients read only events without a type or of type `message`
        if (e.event !== undefined && e.event !== '' && e.event !== 'message') { otherType++; continue; }
        total++;
        const c = checkData(typeof e.data === 'string' ? e.data : '', typeof e.id === 'string' && e.id.length > 0, batchesAllowed);
        if (c.kind === 'priming') { priming++; primingOn.push(x.id); }
        else if (c.kind === 'empty') empty++;
        else if (c.kind === 'invalid') invalid.push({ xid: x.id, data: e.data, why: c.why });
      }
    }
    if (!total) {
      // a JSON-only server: not a stream the scan failed to see (2026-07-28-only servers: the discover probe's GET)
      const get = evidence.probes.getStream ?? evidence.probes.discover?.get;
      if (streams.length === 0 && typeof get?.status === 'number' && get.status !== 200) {
        return { outcome: 'noSse', detail: `GET answered ${get.status} and no response was an event stream.`, exchanges: idList(get.exchangeId) };
      }
      return { outcome: 'noEvents', detail: truncated ? `Only ${truncated} truncated event(s) were recorded.` : otherType ? `Only ${otherType} event(s) of another type than message were recorded.` : 'No SSE events were recorded.' };
    }
    const data = { events: total, primingEvents: priming, emptyEvents: empty, invalidEvents: invalid.length, truncatedSkipped: truncated, otherTypeSkipped: otherType };
    const counts = `${total} event(s) on ${streams.length} stream(s)${otherType ? ` (and ${otherType} of another event type, not MCP messages)` : ''}`;
    if (invalid.length) {
      const first = invalid[0];
      return {
        outcome: 'invalidData',
        detail: `${invalid.length} of ${counts} did not hold a JSON-RPC message; first on ${first.xid} (${first.why}): "${excerpt(first.data, 120)}".`,
        exchanges: idList(...invalid.map((i) => i.xid)),
        data,
      };
    }
    const exchanges = idList(...streams.filter((x) => (x.response?.sse?.events.length ?? 0) > 0).map((x) => x.id));
    if (empty) {
      return { outcome: 'emptyData', detail: `${empty} of ${counts} had empty data and no id.`, exchanges, data };
    }
    if (priming) {
      return {
        outcome: 'withPriming',
        detail: `${counts}: ${total - priming} JSON-RPC message(s) and ${priming} id-only priming event(s) (empty data).`,
        exchanges: idList(...primingOn, ...exchanges), data,
      };
    }
    return { outcome: 'allJson', detail: `${counts}, each one JSON-RPC message.`, exchanges, data };
  },
});
