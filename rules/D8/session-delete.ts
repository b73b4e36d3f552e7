// DELETE ends a session (or is refused with 405); a deleted session then answers 404.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, authMasked, idList, is2xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'session-delete',
  dimension: 'D8',
  level: 'MAY',
  eras: SESSION_ERAS,
  title: 'Sessions can be ended with DELETE',
  failureTitle: 'Ending a session with DELETE does not work cleanly',
  description:
    'Well-behaved clients DELETE their session when they are done, so the server can free its state. Either honour it ' +
    '(and then answer 404 for that session) or say `405`; a DELETE that "succeeds" but leaves the session alive keeps ' +
    'resources and event stores growing, and an odd status makes SDK clients log errors on every shutdown.',
  specRefs: [
    { label: 'Session management', url: spec.transports('2025-11-25', 'session-management') },
  ],
  outcomes: {
    terminated: { status: 'pass', score: 1, summary: 'DELETE ended the session; the next request with it got 404.' },
    terminatedNot404: { status: 'pass', score: 1, summary: 'DELETE ended the session: the next request with it was answered as an unknown session is.' },
    deletedUnverified: { status: 'pass', score: 1, summary: 'DELETE was accepted (whether the session really ended was not checked).' },
    notAllowed: { status: 'pass', score: 1, summary: 'DELETE was answered 405: the server does not let clients end sessions, as allowed.' },
    stillAlive: {
      status: 'warn', score: 0.5,
      summary: 'DELETE was accepted, but the session still answered afterwards (not 404).',
      fix: 'On DELETE with `Mcp-Session-Id`, drop the session and its transport; answer any later request carrying that id with `404 Not Found`.',
    },
    otherStatus: {
      status: 'warn', score: 0.3,
      summary: 'DELETE was answered with neither success nor 405.',
      fix: 'Answer DELETE with the session header with `200`/`204` after ending the session, or with `405 Method Not Allowed` if clients may not end sessions.',
    },
    servesAnyId: {
      status: 'na',
      summary: 'The server serves any session id, even a made-up one, so whether DELETE ended the session cannot be seen: one finding, reported by session-unknown-404.',
    },
    noSession: { status: 'na', summary: 'The server mints no session ids.' },
    unobserved: { status: 'na', unobserved: true, summary: 'DELETE was not sent or got no response.' },
  },
  judge({ evidence, exchange }) {
    const s = evidence.probes.session;
    if (!s) return { outcome: 'unobserved', detail: 'The session probe did not run.' };
    if (!s.applicable) return { outcome: 'noSession', detail: 'initialize returned no Mcp-Session-Id.' };
    const d = s.delete;
    const dx = exchange(d?.exchangeId);
    const status = d?.status ?? dx?.response?.status;
    if (typeof status !== 'number') return { outcome: 'unobserved', detail: `DELETE: ${d ? statusText(d, dx) : 'not sent'}.`, exchanges: idList(d?.exchangeId) };
    if (status === 405) return { outcome: 'notAllowed', detail: 'DELETE → 405.', exchanges: idList(d?.exchangeId) };
    if (!is2xx(status)) return { outcome: 'otherStatus', detail: `DELETE → ${status}.`, exchanges: idList(d?.exchangeId) };
    const a = s.afterDelete;
    const ax = exchange(a?.exchangeId);
    const after = a?.status ?? ax?.response?.status;
    const ex = idList(d?.exchangeId, a?.exchangeId);
    if (typeof after !== 'number') {
      return { outcome: 'deletedUnverified', detail: `DELETE → ${status}; request after DELETE: ${a ? statusText(a, ax) : 'not sent'}.`, exchanges: ex };
    }
    const detail = `DELETE → ${status}; POST with the deleted session id → ${after}.`;
    if (authMasked(evidence, ax, after)) {
      return { outcome: 'deletedUnverified', detail: `${detail} The request after DELETE went without credentials to a server that demands them: whether the session ended was not reached.`, exchanges: ex };
    }
    if (after === 404) return { outcome: 'terminated', detail, exchanges: ex };
    // answered exactly as a made-up session id is: the session is gone, and the status is
    // session-unknown-404's finding (one root cause, one finding)
    const unknown = s.unknownId?.status ?? exchange(s.unknownId?.exchangeId)?.response?.status;
    if (!is2xx(after) && after === unknown) {
      return { outcome: 'terminatedNot404', detail: `${detail} A made-up session id gets the same ${unknown}: the session is gone (see session-unknown-404 for the status).`, exchanges: idList(...ex, s.unknownId?.exchangeId) };
    }
    // a server that serves made-up ids too answers a deleted one whether or not DELETE freed it
    if (is2xx(after) && typeof unknown === 'number' && is2xx(unknown)) {
      return { outcome: 'servesAnyId', detail: `${detail} A made-up session id is served too (${unknown}): see session-unknown-404.`, exchanges: idList(...ex, s.unknownId?.exchangeId) };
    }
    return { outcome: 'stillAlive', detail, exchanges: ex };
  },
});
