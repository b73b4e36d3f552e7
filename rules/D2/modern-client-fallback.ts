// A session-era server refuses a 2026-07-28 request in a way that lets dual-era clients fall back.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, authMasked, excerpt, idList, is2xx, is4xx, is5xx, mediaType, responseHeader, specPage, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'modern-client-fallback',
  dimension: 'D2',
  level: 'SHOULD',
  eras: SESSION_ERAS,
  title: 'Clients of 2026-07-28 can fall back to initialize',
  failureTitle: 'Clients of 2026-07-28 cannot fall back to initialize',
  description:
    'A client that speaks both eras first sends a 2026-07-28 request (`server/discover`, no session) and falls back to ' +
    'the `initialize` handshake when the server answers with a 4xx, or a JSON-RPC error, that is not a recognized ' +
    '2026-07-28 error. A session-era server answers such a session-less request 400 (as its revision asks of any ' +
    'request without `Mcp-Session-Id`); a 5xx or an answer that is not JSON-RPC instead stops the client: the TS ' +
    'SDK v2 with `versionNegotiation: { mode: "auto" }` gives up with "Version negotiation failed".',
  specRefs: [
    { label: 'Backward compatibility (2026-07-28, Streamable HTTP)', url: spec.streamableHttp07('backward-compatibility') },
    { label: 'Backward compatibility with initialization-based versions', url: specPage('2026-07-28', 'basic/versioning', 'backward-compatibility-with-initialization-based-versions') },
    { label: 'Session management (400 without a session id)', url: spec.transports('2025-11-25', 'session-management') },
  ],
  outcomes: {
    refused: { status: 'pass', score: 1, summary: 'A 2026-07-28 request was refused with a 4xx or a JSON-RPC error: dual-era clients fall back to initialize.' },
    answered: {
      status: 'pass', score: 1,
      summary: 'The 2026-07-28 request was answered with a JSON-RPC result: a dual-era client goes on in 2026-07-28 when the result lists it, and falls back to initialize when it does not.',
    },
    serverError: {
      status: 'fail', score: 0.3,
      breaks: 'dual-era clients (the TS SDK v2 with versionNegotiation "auto"; the 2026-07-28 fallback is keyed on a 4xx): they stop at the 5xx instead of falling back to initialize.',
      summary: 'A 2026-07-28 request (server/discover without a session) was answered with a 5xx server error.',
      fix: 'Answer a request without `Mcp-Session-Id` that is not `initialize` with `400 Bad Request` (a JSON-RPC error body such as -32000 "no session" or -32601 is fine), never a 5xx: unknown methods and missing sessions are the client\'s error, and a 4xx is what tells a 2026-07-28 client to fall back.',
    },
    notJsonRpc: {
      status: 'fail', score: 0.3,
      breaks: 'dual-era clients (the TS SDK v2 with versionNegotiation "auto"): a 2xx that is not JSON-RPC is an unusable reply, and they stop instead of falling back to initialize.',
      summary: 'A 2026-07-28 request was answered 2xx with something that is not JSON-RPC.',
      fix: 'Answer a request without `Mcp-Session-Id` that is not `initialize` with `400 Bad Request` and a JSON-RPC error body; do not let a catch-all route (an HTML page, a 200 `OK`) answer POSTs to the MCP endpoint.',
    },
    noResponse: {
      status: 'warn', score: 0.5,
      summary: 'A 2026-07-28 request got no response (no status line within the scan\'s timeout, or the connection dropped): dual-era clients wait out their request timeout, or fail at once, instead of falling back.',
      fix: 'Answer every POST, including a method you do not know without a session, at once: `400 Bad Request` with a JSON-RPC error body.',
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The 2026-07-28 request was answered 401/403 for want of credentials: clients authorize first, so the fallback is not reached (scan with a token to judge it).',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'No 2026-07-28 request was sent, or it was redirected.' },
  },
  judge({ evidence, exchange }) {
    const d = evidence.probes.discover;
    if (!d?.attempted) return { outcome: 'unobserved', detail: 'server/discover was not sent.' };
    const x = exchange(d.exchangeId);
    const status = d.status ?? x?.response?.status;
    const ex = idList(d.exchangeId);
    const ct = responseHeader(x, 'content-type');
    const rpc = x?.response?.rpc;
    const error = d.errorCode !== undefined ? `, JSON-RPC error ${d.errorCode}${rpc?.error?.message ? ` "${excerpt(rpc.error.message, 60)}"` : ''}` : '';
    const detail = `server/discover (MCP-Protocol-Version 2026-07-28, no session) → ${statusText({ status }, x)}${ct ? ` ${excerpt(ct, 40)}` : ''}${error}.`;
    if (typeof status !== 'number') return { outcome: 'noResponse', detail, exchanges: ex };
    // a 403 that every transport probe met (initialize too) stops the fallback as well: not judged
    if (authMasked(evidence, x, status) || (status === 403 && (evidence.probes.auth?.required === true || evidence.probes.era.authBlocked))) return { outcome: 'authMasked', detail, exchanges: ex };
    if (is5xx(status)) return { outcome: 'serverError', detail: `${detail}${x?.response?.body ? ` Body: "${excerpt(x.response.body, 120)}".` : ''}`, exchanges: ex };
    if (is4xx(status)) return { outcome: 'refused', detail, exchanges: ex };
    if (!is2xx(status)) return { outcome: 'unobserved', detail: `${detail} (neither an answer nor a refusal: not judged)`, exchanges: ex };
    // 2xx: a JSON-RPC answer (an error, or a result that offers no 2026-07-28) sends the client to initialize
    if (d.answered && d.errorCode === undefined) {
      const lists = d.supportedVersions?.length ? ` listing ${d.supportedVersions.map((v) => excerpt(v, 20)).slice(0, 6).join(', ')}` : '';
      return { outcome: 'answered', detail: `${detail.slice(0, -1)}: a result${lists}.`, exchanges: ex };
    }
    if (d.errorCode !== undefined || (rpc?.responses ?? 0) > 0) return { outcome: 'refused', detail, exchanges: ex };
    const json = mediaType(ct) === 'application/json' || mediaType(ct) === 'text/event-stream';
    if (!json && (x?.response?.bodyBytes ?? 0) > 0) return { outcome: 'notJsonRpc', detail: `${detail}${x?.response?.body ? ` Body: "${excerpt(x.response.body, 120)}".` : ''}`, exchanges: ex };
    return { outcome: 'noResponse', detail: `${detail} No JSON-RPC response came.`, exchanges: ex };
  },
});
