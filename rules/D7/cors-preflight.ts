// Can a browser-based agent talk to the endpoint at all? Every MCP POST carries non-safelisted
// headers (Content-Type: application/json, MCP-Protocol-Version, …), so the browser asks first.
import { defineRule, spec } from '../../src/contract/rule.ts';
import {
  FETCH_CORS, MDN_CORS, allowsHeader, allowsMethod, clip, credentialsAllowed, describeCors, hasRevision, ids, is2xx, originGrant,
  sentences, sseExchanges, tokens, variesByOrigin,
} from '../_lib/index.ts';

const ALLOW_HEADERS = 'Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name';
const SDK_FIX =
  'With Express `cors()`: `cors({ origin: [...your browser clients], allowedHeaders: [...], exposedHeaders: ["Mcp-Session-Id", "WWW-Authenticate"] })`.';

export default defineRule({
  id: 'cors-preflight',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'CORS preflight admits browser-based agents',
  failureTitle: 'CORS preflight shuts out browser-based agents',
  description:
    'No MCP revision specifies CORS; this rule is derived from the Fetch standard and what browser clients ' +
    '(web agents, the MCP Inspector, hosted connectors) need. Every MCP POST sends `Content-Type: application/json` ' +
    'and MCP headers, so the browser first sends an `OPTIONS` preflight and refuses the real request unless the answer ' +
    'is 2xx, allows the origin, and lists every header. The classic failure: `MCP-Protocol-Version` missing from ' +
    '`Access-Control-Allow-Headers` — initialize works, and the second request (the first to carry the header) fails ' +
    'in the browser (php-sdk#264, cloudflare/agents#331). Per Fetch, `*` does not cover `Authorization` and is literal ' +
    'when credentials are allowed.',
  specRefs: [
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
    { label: 'MDN: CORS', url: MDN_CORS },
    { label: 'Protocol Version Header (2025-11-25)', url: spec.transports('2025-11-25', 'protocol-version-header') },
    { label: 'Request Metadata (2026-07-28)', url: spec.streamableHttp07('request-metadata') },
  ],
  outcomes: {
    ok: { status: 'pass', score: 1, summary: 'The preflight allows the origin, the methods and every MCP header.' },
    localOriginsOnly: {
      status: 'pass', score: 1,
      summary: 'A server on loopback: the preflight refuses foreign origins but admits a local web app (http://localhost:6274, where the MCP Inspector runs), with the methods and every MCP header: right for a local server.',
    },
    deleteNotAllowed: {
      status: 'warn', score: 0.8,
      summary: 'The preflight does not allow DELETE, so browser clients cannot end their session.',
      fix: 'Send `Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS` on the preflight.',
    },
    minorHeadersMissing: {
      status: 'warn', score: 0.6,
      summary: 'The preflight leaves out a header that some browser requests carry (resumption or a user-supplied token).',
      fix: `List every MCP header in \`Access-Control-Allow-Headers\`: \`${ALLOW_HEADERS}\` (name \`Authorization\` explicitly: \`*\` never covers it).`,
    },
    protocolVersionHeaderMissing: {
      status: 'fail', score: 0, breaks: 'the browser-based clients this server already admits with CORS: their requests after initialize are blocked.',
      summary: 'The preflight does not allow `MCP-Protocol-Version`: initialize works in a browser, the second request fails.',
      fix: `Add \`MCP-Protocol-Version\` (and the other MCP headers) to \`Access-Control-Allow-Headers\`: \`${ALLOW_HEADERS}\`.`,
    },
    headersMissing: {
      status: 'fail', score: 0.2, breaks: 'the browser-based clients this server already admits with CORS: their requests after initialize are blocked.',
      summary: 'The preflight does not allow headers every browser MCP client sends, so its requests are blocked.',
      fix: `Send \`Access-Control-Allow-Headers: ${ALLOW_HEADERS}\` on the preflight. ${SDK_FIX}`,
    },
    originNotAllowed: {
      status: 'warn', score: 0.5,
      summary: 'CORS is answered, but not for the browser agent\'s origin (an allow-list or a malformed Allow-Origin).',
      fix: 'If browser agents in general should connect, answer with `Access-Control-Allow-Origin: *` (no credentials) or echo allowed origins one at a time (with `Vary: Origin`); a list or repeated header is rejected by browsers.',
    },
    noCors: {
      status: 'warn', score: 0.3,
      summary: 'The preflight carries no CORS headers: browser-based agents cannot connect (other agents are not affected).',
      fix: `Answer \`OPTIONS\` with 204 and \`Access-Control-Allow-Origin\`, \`Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS\`, \`Access-Control-Allow-Headers: ${ALLOW_HEADERS}\`. ${SDK_FIX}`,
    },
    refused: {
      status: 'warn', score: 0.3,
      summary: 'The preflight was refused (non-2xx): browser-based agents cannot connect (other agents are not affected).',
      fix: 'Answer `OPTIONS` on the MCP endpoint with 204 (or 200) and the CORS headers, before authentication: preflights never carry credentials.',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'The CORS preflight was not sent or got no HTTP answer.' },
  },
  judge({ evidence, revisions }) {
    const { cors, initialize, auth, target } = evidence.probes;
    let pre = cors?.preflight;
    if (!cors?.attempted || !pre || typeof pre.status !== 'number') {
      return {
        outcome: 'unobserved',
        detail: cors?.attempted ? 'The preflight got no HTTP response.' : 'The CORS probe was not run.',
        exchanges: ids(pre?.exchangeId),
      };
    }
    let origin = pre.origin || cors.origin;
    // A server on loopback that refuses the foreign origin but admits a local web app's does what a
    // local server should (origin-validation asks it to refuse foreign origins): judged from there
    const local = cors.localPreflight;
    const foreignRefused = !is2xx(pre.status) || originGrant(pre.allowOrigin, origin) !== 'wildcard' && originGrant(pre.allowOrigin, origin) !== 'match';
    const localOnly = foreignRefused && target.isLoopback && local !== undefined && is2xx(local.status) && ['wildcard', 'match'].includes(originGrant(local.allowOrigin, local.origin));
    const lines = [describeCors('Preflight', pre)];
    if (localOnly) {
      lines.push(`${describeCors('Preflight from a local web app', local!)} (judged from there: a server on loopback may rightly admit local origins only)`);
      pre = local!;
      origin = local!.origin || origin;
    }
    const exchanges = ids(cors.preflight!.exchangeId, localOnly ? local!.exchangeId : undefined);
    const data: Record<string, unknown> = { status: pre.status, ...(localOnly ? { localOriginsOnly: true } : {}) };

    if (!is2xx(pre.status)) {
      return { outcome: 'refused', detail: `${lines[0]}. A preflight needs a 2xx answer.`, exchanges, data };
    }
    const grant = originGrant(pre.allowOrigin, origin);
    data.allowOrigin = grant;
    if (grant === 'none') {
      const anyCors = pre.allowMethods !== undefined || pre.allowHeaders !== undefined || variesByOrigin(pre);
      if (!anyCors) return { outcome: 'noCors', detail: `${lines[0]}.`, exchanges, data };
      return { outcome: 'originNotAllowed', detail: `${lines[0]}. CORS headers are sent, but no Allow-Origin for ${clip(origin, 80)}.`, exchanges, data };
    }
    if (grant === 'other' || grant === 'invalid') {
      return {
        outcome: 'originNotAllowed',
        detail: `${lines[0]}. ${grant === 'invalid' ? 'Allow-Origin holds several values, which browsers reject.' : `Allow-Origin does not match ${clip(origin, 80)}.`}`,
        exchanges, data,
      };
    }
    if (grant === 'wildcard' && credentialsAllowed(pre)) {
      lines.push('`*` with `Allow-Credentials: true` works only for requests without credentials');
    }

    // Headers the probe asked for; fall back to what MCP clients send in these revisions.
    const session = hasRevision(revisions, '2025-03-26', '2025-06-18', '2025-11-25');
    const stateless = hasRevision(revisions, '2026-07-28');
    const requested = cors.requestedHeaders.length > 0
      ? [...new Set(cors.requestedHeaders.map((h) => h.trim().toLowerCase()).filter(Boolean))]
      : ['content-type', 'mcp-protocol-version', 'authorization',
        ...(session ? ['mcp-session-id', 'last-event-id'] : []), ...(stateless ? ['mcp-method', 'mcp-name'] : [])];
    const authNeeded = auth?.required === true || target.userHeaderNames.some((h) => h.toLowerCase() === 'authorization');
    const sessionNeeded = session && (initialize?.sessionId !== undefined || (initialize?.sessionIdSamples.length ?? 0) > 0);
    // A browser client sends Mcp-Session-Id only to a server that minted a session, and
    // Last-Event-ID only to one whose events carry ids: the others never need them allowed.
    const idsSent = sseExchanges(evidence, { sessionOnly: true })
      .some((x) => (x.response?.sse?.events ?? []).some((e) => typeof e.id === 'string' && e.id.length > 0));
    const unneeded = requested.filter((h) => (h === 'mcp-session-id' && !sessionNeeded) || (h === 'last-event-id' && !idsSent));
    const missing = requested.filter((h) => !unneeded.includes(h) && !allowsHeader(pre, h));
    data.requestedHeaders = requested;
    data.missingHeaders = missing;
    const critical = missing.filter((h) =>
      h === 'content-type' || h === 'mcp-protocol-version' || h === 'mcp-method' || h === 'mcp-name' ||
      (h === 'mcp-session-id' && sessionNeeded) || (h === 'authorization' && authNeeded));
    const minor = missing.filter((h) => !critical.includes(h));

    const listed = tokens(pre.allowMethods);
    // judged on the preflight that asked for DELETE (servers echo the method asked); older evidence: the POST one
    const del = localOnly ? undefined : cors.deletePreflight;
    const deleteMissing = sessionNeeded && !(del && is2xx(del.status) && originGrant(del.allowOrigin, del.origin || origin) !== 'none' ? allowsMethod(del, 'DELETE') : !del && allowsMethod(pre, 'DELETE'));
    const unlisted = ['get', 'post'].filter((m) => !listed.includes(m) && !listed.includes('*'));
    if (listed.length && unlisted.length) {
      lines.push(`${unlisted.map((m) => m.toUpperCase()).join('/')} ${unlisted.length > 1 ? 'are' : 'is'} not listed in Allow-Methods, which is harmless: ${unlisted.length > 1 ? 'they are CORS-safelisted methods' : 'a CORS-safelisted method'}`);
    }
    if (tokens(pre.allowHeaders).includes('*') && !missing.includes('authorization') && requested.includes('authorization')) {
      lines.push('Authorization is listed explicitly alongside `*`');
    }
    if (missing.length) lines.push(`not allowed: ${missing.join(', ')}`);
    const unneededMissing = unneeded.filter((h) => !allowsHeader(pre, h));
    if (unneededMissing.length) {
      lines.push(`not allowed but not needed here: ${unneededMissing.join(', ')} (${[
        unneededMissing.includes('mcp-session-id') ? 'no session is minted' : '',
        unneededMissing.includes('last-event-id') ? 'no event carried an id to resume from' : '',
      ].filter(Boolean).join('; ')})`);
    }
    if (deleteMissing) lines.push(del ? `DELETE is not allowed (session termination): ${describeCors('DELETE preflight', del)}` : 'DELETE is not allowed (session termination)');
    const detail = sentences(lines);

    if (critical.includes('mcp-protocol-version')) {
      return {
        outcome: 'protocolVersionHeaderMissing',
        detail: `${detail} Clients send MCP-Protocol-Version on every request after initialize, so the browser blocks the second request.`,
        exchanges, data,
      };
    }
    if (critical.length) return { outcome: 'headersMissing', detail, exchanges, data };
    if (minor.length) return { outcome: 'minorHeadersMissing', detail, exchanges, data };
    if (deleteMissing) return { outcome: 'deleteNotAllowed', detail, exchanges, data };
    return { outcome: localOnly ? 'localOriginsOnly' : 'ok', detail, exchanges, data };
  },
});
