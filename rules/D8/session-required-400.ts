// A session-requiring server answers a request without Mcp-Session-Id with 400.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, authMasked, idList, is2xx, is5xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'session-required-400',
  dimension: 'D8',
  level: 'SHOULD',
  eras: SESSION_ERAS,
  title: 'Requests without a session id are answered 400',
  failureTitle: 'Requests without a session id are not answered 400',
  description:
    'A server that minted a session should refuse a later request that forgets the `Mcp-Session-Id` with 400, so a ' +
    'buggy client (or one behind a proxy that strips the header, common in browsers without `Access-Control-Expose-Headers`) ' +
    'learns at once instead of getting answers from a phantom session or a misleading 404.',
  specRefs: [
    { label: 'Session management', url: spec.transports('2025-11-25', 'session-management') },
  ],
  outcomes: {
    badRequest: { status: 'pass', score: 1, summary: 'A request without Mcp-Session-Id was answered 400.' },
    accepted: {
      status: 'warn', score: 0.5,
      summary: 'A request without Mcp-Session-Id was served even though the server uses sessions.',
      fix: 'Once you mint session ids, answer non-initialize requests that lack `Mcp-Session-Id` with `400 Bad Request` (TS SDK does this when `sessionIdGenerator` is set).',
    },
    otherStatus: {
      status: 'warn', score: 0.5,
      summary: 'A request without Mcp-Session-Id was refused with a status other than 400.',
      fix: 'Answer non-initialize requests that lack `Mcp-Session-Id` with `400 Bad Request`; keep 404 for unknown session ids, which tells clients to re-initialize.',
    },
    servesAnyId: {
      status: 'na',
      summary: 'The server serves any session id, even a made-up one, so it does not require one: one root cause, one finding, reported by session-unknown-404.',
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The request without a session id was answered 401 for want of credentials: the session check behind the login was not reached (scan with a token to judge it).',
    },
    serverError: {
      status: 'na',
      summary: 'A request without Mcp-Session-Id was answered with a 5xx, as the 2026-07-28 request without one was: one root cause, one finding, reported by modern-client-fallback.',
    },
    noSession: { status: 'na', summary: 'The server mints no session ids.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The request without a session id was not sent or got no response.' },
  },
  judge({ evidence, exchange }) {
    const s = evidence.probes.session;
    if (!s) return { outcome: 'unobserved', detail: 'The session probe did not run.' };
    if (!s.applicable) return { outcome: 'noSession', detail: 'initialize returned no Mcp-Session-Id.' };
    const o = s.missingId;
    const x = exchange(o?.exchangeId);
    const status = o?.status ?? x?.response?.status;
    const ex = idList(o?.exchangeId);
    if (typeof status !== 'number') return { outcome: 'unobserved', detail: `POST without Mcp-Session-Id: ${o ? statusText(o, x) : 'not sent'}.`, exchanges: ex };
    const detail = `POST tools/list without Mcp-Session-Id → ${status}.`;
    if (authMasked(evidence, x, status)) return { outcome: 'authMasked', detail: `${detail.slice(0, -1)}, sent without credentials to a server that demands them.`, exchanges: ex };
    if (status === 400) return { outcome: 'badRequest', detail, exchanges: ex };
    // the same 5xx met server/discover: modern-client-fallback names what it breaks
    const discover = evidence.probes.discover;
    const discoverStatus = discover?.status ?? exchange(discover?.exchangeId)?.response?.status;
    if (is5xx(status) && is5xx(discoverStatus)) return { outcome: 'serverError', detail: `${detail} server/discover without a session met ${discoverStatus} too: see modern-client-fallback.`, exchanges: idList(o?.exchangeId, discover?.exchangeId) };
    if (is2xx(status)) {
      // ids are never checked: a missing one is served as a made-up one is (session-unknown-404's finding)
      const unknown = s.unknownId?.status ?? exchange(s.unknownId?.exchangeId)?.response?.status;
      if (is2xx(unknown)) return { outcome: 'servesAnyId', detail: `${detail} A made-up session id is served too (${unknown}): see session-unknown-404.`, exchanges: idList(o?.exchangeId, s.unknownId?.exchangeId) };
      return { outcome: 'accepted', detail, exchanges: ex };
    }
    return { outcome: 'otherStatus', detail, exchanges: ex };
  },
});
