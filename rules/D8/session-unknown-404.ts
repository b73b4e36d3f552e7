// A request with an unknown (or expired) session id is answered 404, so the client re-initializes.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, authMasked, clip, idList, is2xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'session-unknown-404',
  dimension: 'D8',
  level: 'MUST',
  eras: SESSION_ERAS,
  title: 'Unknown sessions are answered 404',
  failureTitle: 'Unknown sessions are not answered 404',
  description:
    'Sessions end: servers restart, scale out or expire idle sessions. `404 Not Found` is the one signal on which ' +
    'clients start a fresh `initialize`; a 400 or 401 instead leaves them retrying a dead session forever ' +
    '(affine-mcp-server#301), so the agent loses the server until a human restarts it.',
  specRefs: [
    { label: 'Session management', url: spec.transports('2025-11-25', 'session-management') },
  ],
  outcomes: {
    notFound: { status: 'pass', score: 1, summary: 'A request with an unknown session id was answered 404.' },
    notFoundOnPostOnly: {
      status: 'warn', score: 0.7,
      summary: 'POSTs with an unknown session id are answered 404, but the GET stream with one is not: a client re-opening its stream after the session ended is not told to start over.',
      fix: 'Answer every request carrying an unknown `Mcp-Session-Id` with `404 Not Found`, GET and DELETE included (the SDK README\'s `handleSessionRequest` answers them 400).',
    },
    badRequest: {
      status: 'fail', score: 0,
      summary: 'An unknown session id was answered 400, so clients never re-initialize.',
      fix: 'Answer requests carrying an `Mcp-Session-Id` you do not know (expired, from before a restart, from another instance) with `404 Not Found`; keep 400 for requests that lack the header.',
    },
    accepted: {
      status: 'fail', score: 0,
      summary: 'A request with a made-up session id was accepted.',
      fix: 'Look up `Mcp-Session-Id` on every request and answer `404 Not Found` when it is unknown; never serve a request under a session you did not mint.',
    },
    otherStatus: {
      status: 'fail', score: 0.2,
      summary: 'An unknown session id was answered with a status other than 404.',
      fix: 'Answer requests with an unknown or expired `Mcp-Session-Id` with exactly `404 Not Found`, the status clients treat as "session gone, re-initialize".',
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The unknown-session request was answered 401 for want of credentials: how the server treats session ids behind its login was not reached (scan with a token to judge it).',
    },
    noSession: { status: 'na', summary: 'The server mints no session ids.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The unknown-session request was not sent or got no response.' },
  },
  judge({ evidence, exchange }) {
    const s = evidence.probes.session;
    if (!s) return { outcome: 'unobserved', detail: 'The session probe did not run.' };
    if (!s.applicable) return { outcome: 'noSession', detail: 'initialize returned no Mcp-Session-Id.' };
    const o = s.unknownId;
    const x = exchange(o?.exchangeId);
    const status = o?.status ?? x?.response?.status;
    const ex = idList(o?.exchangeId);
    if (typeof status !== 'number') return { outcome: 'unobserved', detail: `POST with an unknown Mcp-Session-Id: ${o ? statusText(o, x) : 'not sent'}.`, exchanges: ex };
    const detail = `POST tools/list with an unknown Mcp-Session-Id → ${status}.`;
    if (authMasked(evidence, x, status)) return { outcome: 'authMasked', detail: `${detail.slice(0, -1)}, sent without credentials to a server that demands them.`, exchanges: ex };
    if (status === 404) {
      const g = s.unknownIdGet;
      const gs = g?.status ?? exchange(g?.exchangeId)?.response?.status;
      if (typeof gs === 'number' && ![404, 405, 401, 403].includes(gs)) {
        return { outcome: 'notFoundOnPostOnly', detail: `${detail} GET (the stream) with an unknown Mcp-Session-Id → ${gs}.`, exchanges: idList(o?.exchangeId, g?.exchangeId) };
      }
      return { outcome: 'notFound', detail: `${detail}${typeof gs === 'number' ? ` GET with one → ${gs}.` : ''}`, exchanges: idList(o?.exchangeId, g?.exchangeId) };
    }
    if (status === 400) return { outcome: 'badRequest', detail, exchanges: ex };
    if (is2xx(status)) {
      // Some servers (@platformatic/mcp) quietly open a new session instead: the client never learns
      // its session is gone, and the state it had is not there.
      const sent = x?.request.headers['mcp-session-id'];
      const minted = x?.response?.headers['mcp-session-id'];
      const remint = minted && minted !== sent ? ` The answer carried a different Mcp-Session-Id (${clip(minted, 60)}): the server quietly opened a new session instead.` : '';
      // a session the server itself ended on DELETE and then served again breaks the MUST word for word
      const d = s.delete;
      const a = s.afterDelete;
      const deleted = d?.status ?? exchange(d?.exchangeId)?.response?.status;
      const after = a?.status ?? exchange(a?.exchangeId)?.response?.status;
      if (typeof deleted === 'number' && is2xx(deleted) && typeof after === 'number' && is2xx(after)) {
        return {
          outcome: 'accepted',
          detail: `${detail}${remint} A session ended with DELETE (→ ${deleted}) was served again (→ ${after}), where a terminated session MUST be answered 404.`,
          exchanges: idList(o?.exchangeId, d?.exchangeId, a?.exchangeId),
        };
      }
      return { outcome: 'accepted', detail: `${detail}${remint}`, exchanges: ex };
    }
    return { outcome: 'otherStatus', detail, exchanges: ex };
  },
});
