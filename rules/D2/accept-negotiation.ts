// How the server treats a client that accepts only application/json (informative).
import { defineRule, spec } from '../../src/contract/rule.ts';
import { excerpt, idList, initializeRefusedAlike, is2xx, isJsonType, isSseType, responseHeader, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'accept-negotiation',
  dimension: 'D2',
  level: 'INFO',
  eras: ['2025-03-26', '2025-06-18', '2025-11-25'],
  title: 'Accept negotiation is lenient',
  failureTitle: 'Accept negotiation is unusual',
  description:
    'Clients must send `Accept: application/json, text/event-stream`, but many simple clients and HTTP tools send only ' +
    '`application/json`. Answering them with JSON lets them work; a 406 is allowed but strict (the TS SDK does it even in ' +
    'JSON mode, typescript-sdk#1944); anything else leaves those clients guessing.',
  specRefs: [
    { label: 'Sending messages to the server', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
  ],
  outcomes: {
    json: { status: 'pass', score: 1, summary: 'A JSON-only Accept header was answered with JSON.' },
    strict406: {
      status: 'pass', score: 1,
      summary: 'A JSON-only Accept header was refused with 406: allowed, but strict — simple clients that omit text/event-stream cannot connect.',
    },
    sseAnyway: {
      status: 'warn', score: 0.5,
      summary: 'A client that accepts only application/json was sent an event stream.',
      fix: 'Honour `Accept`: answer with `application/json` when the client does not list `text/event-stream` (TS SDK: `enableJsonResponse: true` on the transport), or refuse with `406 Not Acceptable`.',
    },
    other: {
      status: 'warn', score: 0.5,
      summary: 'A JSON-only Accept header got neither JSON nor 406.',
      fix: 'Answer a request whose `Accept` lists only `application/json` with a JSON response, or with `406 Not Acceptable` naming the required media types; not with 400/415/5xx.',
    },
    inconclusive: {
      status: 'na', unobserved: true,
      summary: 'Every initialize after the first was refused alike, so how the server treats a JSON-only Accept could not be seen.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'The JSON-only Accept request was not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const j = evidence.probes.initialize?.jsonOnlyAccept;
    const x = exchange(j?.exchangeId);
    const ex = idList(j?.exchangeId);
    const status = j?.status ?? x?.response?.status;
    if (!j || typeof status !== 'number') {
      return { outcome: 'unobserved', detail: j ? `POST with Accept: application/json: ${statusText(j, x)}.` : 'No JSON-only Accept request was sent.', exchanges: ex };
    }
    const ct = j.contentType ?? responseHeader(x, 'content-type');
    const detail = `POST with Accept: application/json → ${status}${ct ? ` ${excerpt(ct, 60)}` : ''}.`;
    if (status === 406) return { outcome: 'strict406', detail, exchanges: ex };
    // every initialize after the first refused alike (one client per process): multiple-clients' finding
    if (!is2xx(status) && initializeRefusedAlike(evidence, status)) {
      return { outcome: 'inconclusive', detail: `${detail} initializes from further clients with the usual Accept were refused the same way: the refusal is not about Accept (see multiple-clients).`, exchanges: ex };
    }
    if (is2xx(status) && isJsonType(ct)) return { outcome: 'json', detail, exchanges: ex };
    if (is2xx(status) && isSseType(ct)) return { outcome: 'sseAnyway', detail, exchanges: ex };
    return { outcome: 'other', detail, exchanges: ex };
  },
});
