// GET on the MCP endpoint opens an SSE stream, or says 405 — never 404/400.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, isSseType, responseHeader, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'get-stream-or-405',
  dimension: 'D2',
  level: 'MUST',
  eras: STREAMABLE_ERAS,
  title: 'GET opens an event stream or answers 405',
  failureTitle: 'GET is answered with neither an event stream nor 405',
  description:
    'Session-era clients open a GET stream right after initialize to receive server messages. `405 Method Not Allowed` ' +
    'tells them to go without one; a 404 or 400 is read as "session gone" or a broken server, and clients kill the ' +
    'connection or reconnect in a loop (typescript-sdk#1635, Cursor via mcp-proxy#62). A 2026-07-28 server has no GET ' +
    'stream, and answers 405 so that older clients carry on without one.',
  specRefs: [
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Earlier Streamable HTTP revisions (2026-07-28)', url: spec.streamableHttp07('earlier-streamable-http-revisions') },
  ],
  outcomes: {
    stream: { status: 'pass', score: 1, summary: 'GET opened a text/event-stream.' },
    methodNotAllowed: { status: 'pass', score: 1, summary: 'GET was answered 405: the server offers no standalone stream, as allowed.' },
    notFoundOrBadRequest: {
      status: 'fail', score: 0,
      summary: 'GET was answered 404/400, which clients treat as a dead session or broken server.',
      fix: 'Answer GET on the MCP endpoint with `405 Method Not Allowed` (plus `Allow: POST, DELETE`) if you offer no server-to-client stream, or open a `text/event-stream`. Reserve 404 for unknown session ids.',
    },
    wrongContentType: {
      status: 'na',
      summary: 'GET was answered 200 but not as text/event-stream: one finding, reported by sse-content-type.',
    },
    otherStatus: {
      status: 'fail', score: 0,
      summary: 'GET was answered with neither an SSE stream nor 405, the two answers the spec allows.',
      fix: 'Answer GET (with `Accept: text/event-stream` and the session id) with `200` + `Content-Type: text/event-stream`, or with `405 Method Not Allowed`.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'The GET stream was not probed or got no response headers.',
    },
  },
  judge({ evidence, exchange }) {
    // a 2026-07-28-only server: the GET the discover probe sent
    const stateless = evidence.probes.discover?.get;
    const gs = evidence.probes.getStream ?? (stateless
      ? { attempted: true, exchangeId: stateless.exchangeId, status: stateless.status, contentType: stateless.contentType, skippedReason: undefined }
      : undefined);
    // a dual-era server whose initialize met the login: a GET without a session says nothing of
    // the session era's stream, which is behind it (apify: server/discover open, GET → 404)
    if (!evidence.probes.getStream && evidence.probes.era.sessionAuthBlocked) {
      return { outcome: 'unobserved', detail: `initialize was answered 401/403, so the session era, where GET opens the stream, is behind the login${stateless ? `; the GET without a session → ${statusText(stateless, exchange(stateless.exchangeId))} is not judged` : ''}.`, exchanges: idList(stateless?.exchangeId) };
    }
    const x = exchange(gs?.exchangeId);
    if (!gs?.attempted) {
      return { outcome: 'unobserved', detail: `GET not probed${gs?.skippedReason ? `: ${gs.skippedReason}` : ''}.` };
    }
    const status = gs.status ?? x?.response?.status;
    if (typeof status !== 'number') {
      const pitfall = x?.error?.kind === 'headers-timeout'
        ? ' Some servers (TS SDK + Express) withhold GET headers until the first keep-alive: inconclusive.' : '';
      return { outcome: 'unobserved', detail: `GET: ${statusText(undefined, x)}.${pitfall}`, exchanges: idList(gs.exchangeId) };
    }
    const ct = gs.contentType ?? responseHeader(x, 'content-type');
    const conflictId = evidence.probes.getStream?.conflictExchangeId;
    const retried = conflictId ? `A first GET → 409 while another stream of this scan was open; again: ` : '';
    const detail = `${retried}GET → ${status}${ct ? ` ${excerpt(ct, 60)}` : ''}.`;
    const exchanges = idList(conflictId, gs.exchangeId);
    if (status === 405) return { outcome: 'methodNotAllowed', detail, exchanges };
    if (status === 200) return { outcome: isSseType(ct) ? 'stream' : 'wrongContentType', detail, exchanges };
    if (status === 404 || status === 400) return { outcome: 'notFoundOrBadRequest', detail, exchanges };
    return { outcome: 'otherStatus', detail, exchanges };
  },
});
