// An accepted notification is answered 202 Accepted with no body.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, authMasked, excerpt, idList, is2xx, responseHeader, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'notification-202',
  dimension: 'D2',
  level: 'MUST',
  eras: STREAMABLE_ERAS,
  title: 'Notifications are acknowledged with 202 Accepted',
  failureTitle: 'Notifications are not acknowledged with 202 Accepted',
  description:
    'After `initialize` every client POSTs `notifications/initialized` and expects `202 Accepted` with an empty body. ' +
    'A 200 with a body is read as a response to a request nobody sent (strict clients error out), and an error status ' +
    'aborts the handshake, so the agent never gets to list tools.',
  specRefs: [
    { label: 'Sending messages to the server', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Lifecycle: initialization', url: spec.lifecycle('2025-11-25', 'initialization') },
  ],
  outcomes: {
    accepted: { status: 'pass', score: 1, summary: 'notifications/initialized was answered 202 with an empty body.' },
    wrong2xx: {
      status: 'fail', score: 0.3,
      summary: 'notifications/initialized was accepted, but not as 202 with an empty body.',
      fix: 'Answer every JSON-RPC notification (and client response) you accept with HTTP `202 Accepted` and no body — no `{}`, no JSON-RPC result, no 200/204.',
    },
    rejected: {
      status: 'fail', score: 0,
      summary: 'notifications/initialized was refused, which breaks the initialization handshake.',
      fix: 'Accept `notifications/initialized` on the MCP endpoint (with the session id from initialize) and answer `202 Accepted` with no body; do not route notifications to a request handler that expects an `id`.',
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The notification was answered 401 for want of credentials: the login stopped it before the server could accept it (scan with a token to judge it).',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'notifications/initialized was not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const a = evidence.probes.initialized;
    const x = exchange(a?.exchangeId);
    if (!a?.attempted) return { outcome: 'unobserved', detail: 'The initialized notification was not sent (initialize did not succeed?).' };
    const status = a.status ?? x?.response?.status;
    if (typeof status !== 'number') {
      return { outcome: 'unobserved', detail: `POST ${excerpt(x?.label ?? 'notifications/initialized', 60)}: ${statusText(a, x)}.`, exchanges: idList(a.exchangeId) };
    }
    const bytes = a.bodyBytes ?? x?.response?.bodyBytes ?? 0;
    const ct = responseHeader(x, 'content-type');
    const bodyNote = bytes > 0 ? `, ${bytes}-byte body${x?.response?.body ? ` "${excerpt(x.response.body, 80)}"` : ''}` : ', empty body';
    const detail = `POST ${excerpt(x?.label ?? 'notifications/initialized', 60)} → ${status}${ct ? ` (${excerpt(ct, 40)})` : ''}${bodyNote}.`;
    const exchanges = idList(a.exchangeId);
    if (authMasked(evidence, x, status)) return { outcome: 'authMasked', detail, exchanges };
    if (status === 202 && bytes === 0) return { outcome: 'accepted', detail, exchanges };
    if (is2xx(status)) return { outcome: 'wrong2xx', detail, exchanges, data: { status, bodyBytes: bytes } };
    return { outcome: 'rejected', detail, exchanges, data: { status } };
  },
});
