// Can browser script read the headers MCP depends on? Mcp-Session-Id and WWW-Authenticate are
// not CORS-safelisted response headers: unless the *actual* response exposes them, fetch()
// in a browser simply does not see them.
import { defineRule, spec } from '../../src/contract/rule.ts';
import type { CorsObs } from '../../src/contract/evidence.ts';
import { NO_CORS_AT_ALL, ORIGIN_NOT_ADMITTED, noCorsAnywhere, originNotAdmitted, FETCH_CORS, MDN_CORS, clip, describeCors, exposesHeader, headerIn, ids, originGrant, sentences } from '../_lib/index.ts';

const EXPOSE = 'Access-Control-Expose-Headers: Mcp-Session-Id, WWW-Authenticate';

export default defineRule({
  id: 'cors-expose-headers',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Browser clients can read Mcp-Session-Id and WWW-Authenticate',
  failureTitle: 'Browser clients cannot read Mcp-Session-Id or WWW-Authenticate',
  description:
    'Derived from the Fetch standard (no MCP revision specifies CORS). A browser only lets script read ' +
    'response headers that the actual response lists in `Access-Control-Expose-Headers`; listing them on the ' +
    'preflight does nothing. If `Mcp-Session-Id` is not exposed, a browser agent never learns its session id and ' +
    'every later request fails (typescript-sdk#764, python-sdk#1135, kernel-mcp-server#128). If a 401 lacks ' +
    '`Access-Control-Allow-Origin` or does not expose `WWW-Authenticate`, the client cannot find the login ' +
    'metadata and reports the server unreachable (twentyhq/twenty#19836).',
  specRefs: [
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
    { label: 'MDN: Access-Control-Expose-Headers', url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Expose-Headers' },
    { label: 'MDN: CORS', url: MDN_CORS },
    { label: 'Session Management (2025-11-25)', url: spec.transports('2025-11-25', 'session-management') },
    { label: 'Protected Resource Metadata Discovery (2025-11-25)', url: spec.authorization('2025-11-25', 'protected-resource-metadata-discovery-requirements') },
  ],
  outcomes: {
    exposed: { status: 'pass', score: 1, summary: 'The actual responses expose the headers a browser client needs.' },
    noAllowOrigin: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: the server admits them with CORS, then hides what they need to read.',
      summary: 'The actual MCP response carries no usable Access-Control-Allow-Origin: browser script cannot read it at all.',
      fix: `Send CORS headers on every response, not only on the preflight: \`Access-Control-Allow-Origin\` (the allowed origin, or \`*\` without credentials) and \`${EXPOSE}\`.`,
    },
    sessionIdNotExposed: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: the server admits them with CORS, then hides what they need to read.',
      summary: 'The server mints sessions but does not expose Mcp-Session-Id: a browser client loses its session after initialize.',
      fix: `Add \`${EXPOSE}\` to the initialize response (all responses). Express \`cors()\`: \`exposedHeaders: ["Mcp-Session-Id", "WWW-Authenticate"]\`.`,
    },
    exposedOnPreflightOnly: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: the server admits them with CORS, then hides what they need to read.',
      summary: 'Access-Control-Expose-Headers is sent on the preflight only, where browsers ignore it.',
      fix: `Move \`${EXPOSE}\` to the actual responses (initialize, 401): a preflight's Expose-Headers is never consulted.`,
    },
    challengeNoAllowOrigin: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: the server admits them with CORS, then hides what they need to read.',
      summary: 'The 401 challenge has no Access-Control-Allow-Origin: browser clients see a network error instead of a login prompt.',
      fix: `Add CORS headers to 401 responses too (authentication middleware often answers before CORS middleware runs): \`Access-Control-Allow-Origin\` and \`${EXPOSE}\`.`,
    },
    wwwAuthenticateNotExposed: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: the server admits them with CORS, then hides what they need to read.',
      summary: 'The 401 does not expose WWW-Authenticate: browser clients cannot discover how to log in.',
      fix: `Send \`${EXPOSE}\` on the 401 response.`,
    },
    // clients look at the well-known URLs when the challenge names none (a MUST since 2025-11-25;
    // the TS and C# SDK clients do it whatever the revision): the login is found, one request later
    wwwAuthenticateHiddenFallback: {
      status: 'warn', score: 0.6,
      summary: 'The 401 does not expose WWW-Authenticate to browsers, but the protected-resource metadata is readable at its well-known URL: browser clients that fall back to it (all that follow 2025-11-25) still find the login; the challenge\'s scope and error are lost to them.',
      fix: `Send \`${EXPOSE}\` on the 401 response, so browser clients read the challenge itself (its resource_metadata, scope and error).`,
    },
    noCorsAtAll: NO_CORS_AT_ALL,
    originNotAdmitted: ORIGIN_NOT_ADMITTED,
    noChallengeHeader: {
      status: 'na',
      summary: 'The 401 carries no WWW-Authenticate, so there is nothing to expose: the missing challenge is auth-challenge\'s finding.',
    },
    notNeeded: { status: 'na', summary: 'No session id is minted and no authentication is required: nothing needs exposing.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The responses that would need the headers were not observed with an Origin.' },
  },
  judge({ evidence, revisions, exchange }) {
    const { cors, initialize, auth } = evidence.probes;
    // the 401 seen with an Origin; evidence without its exchange: the unauthenticated probe's header
    const hasChallengeHeader = (id: string) => {
      const x = exchange(id);
      return x?.response ? headerIn(x.response.headers, 'www-authenticate') !== undefined : auth?.unauthenticated?.wwwAuthenticate !== undefined;
    };
    // Mcp-Session-Id is a header of the session revisions (2024-11-05 carries its session in the URL)
    const sessionRev = revisions.some((r) => r !== '2026-07-28' && r !== '2024-11-05');
    const sessionNeeded = sessionRev && typeof initialize?.sessionId === 'string' && initialize.sessionId.length > 0;
    const authNeeded = auth?.required === true || cors?.challenge !== undefined;
    if (!sessionNeeded && !authNeeded) {
      return {
        outcome: 'notNeeded',
        detail: `No Mcp-Session-Id was minted${initialize?.ok ? '' : ' (or initialize was not observed)'} and no 401 challenge was seen.`,
      };
    }
    if (!cors?.attempted) return { outcome: 'unobserved', detail: 'The CORS probe was not run.' };

    const pre = cors.preflight;
    // One root cause, one finding: with no CORS anywhere, cors-preflight says so.
    if (noCorsAnywhere(cors)) {
      return { outcome: 'noCorsAtAll', detail: 'No response (preflight, initialize, 401) carried Access-Control-Allow-Origin: see cors-preflight.', exchanges: ids(pre?.exchangeId, cors.actual?.exchangeId, cors.challenge?.exchangeId) };
    }
    // an allow-list without the scan's origin: the preflight refused it, so nothing after it is
    // readable either; the server hides nothing from the origins it admits as far as the scan can tell
    if (originNotAdmitted(cors)) {
      return { outcome: 'originNotAdmitted', detail: `${describeCors('Preflight', pre!)}, and no later response granted ${clip(pre?.origin || cors.origin || 'the origin', 80)} either: see cors-preflight.`, exchanges: ids(pre?.exchangeId, cors.actual?.exchangeId, cors.challenge?.exchangeId) };
    }
    const lines: string[] = [];
    const problems: { outcome: 'noAllowOrigin' | 'sessionIdNotExposed' | 'exposedOnPreflightOnly' | 'challengeNoAllowOrigin' | 'wwwAuthenticateNotExposed' | 'wwwAuthenticateHiddenFallback'; why: string }[] = [];
    let observed = 0;

    const readable = (obs: CorsObs) => {
      const g = originGrant(obs.allowOrigin, obs.origin || cors.origin);
      return g === 'match' || g === 'wildcard';
    };

    if (sessionNeeded) {
      const act = cors.actual;
      if (!act || typeof act.status !== 'number') {
        lines.push('Initialize with Origin: not observed');
      } else {
        observed++;
        lines.push(describeCors('Initialize with Origin', act));
        if (!readable(act)) {
          problems.push({ outcome: 'noAllowOrigin', why: `initialize response: Allow-Origin ${clip(act.allowOrigin ?? '(absent)', 80)} does not admit ${clip(act.origin, 80)}` });
        } else if (!exposesHeader(act, 'mcp-session-id')) {
          const onPre = exposesHeader(pre, 'mcp-session-id');
          problems.push(onPre
            ? { outcome: 'exposedOnPreflightOnly', why: 'Mcp-Session-Id is exposed on the preflight but not on the initialize response' }
            : { outcome: 'sessionIdNotExposed', why: 'Mcp-Session-Id is not in Access-Control-Expose-Headers of the initialize response' });
        }
      }
    }

    let noChallengeHeader = false;
    if (authNeeded) {
      const ch = cors.challenge;
      if (!ch || typeof ch.status !== 'number') {
        lines.push('401 with Origin: not observed');
      } else if (readable(ch) && !hasChallengeHeader(ch.exchangeId)) {
        // nothing to expose: the missing challenge itself is auth-challenge's finding
        noChallengeHeader = true;
        lines.push(describeCors('401 with Origin', ch), 'the 401 carries no WWW-Authenticate to expose (see auth-challenge)');
      } else {
        observed++;
        lines.push(describeCors('401 with Origin', ch));
        if (!readable(ch)) {
          problems.push({ outcome: 'challengeNoAllowOrigin', why: `401 response: Allow-Origin ${clip(ch.allowOrigin ?? '(absent)', 80)} does not admit ${clip(ch.origin, 80)}` });
        } else if (!exposesHeader(ch, 'www-authenticate')) {
          const onPre = exposesHeader(pre, 'www-authenticate');
          const why = onPre ? 'WWW-Authenticate is exposed on the preflight but not on the 401' : 'WWW-Authenticate is not in Access-Control-Expose-Headers of the 401';
          // the metadata a browser can still reach: at a well-known URL, served with CORS for this origin
          const prm = auth?.prm;
          const fetched = prm?.via === 'well-known' && prm.document !== undefined ? prm.tried.find((t) => t.url === prm.url) : undefined;
          if (fetched && originGrant(fetched.allowOrigin, cors.origin) !== 'none') {
            problems.push({ outcome: 'wwwAuthenticateHiddenFallback', why: `${why}; the protected-resource metadata at ${clip(prm!.url ?? '?', 100)} is readable from ${clip(cors.origin, 60)} (Allow-Origin ${clip(fetched.allowOrigin ?? '', 40)})` });
          } else {
            problems.push(onPre ? { outcome: 'exposedOnPreflightOnly', why } : { outcome: 'wwwAuthenticateNotExposed', why });
          }
        }
      }
    }

    if (pre) lines.push(describeCors('Preflight', pre));
    const exchanges = ids(sessionNeeded ? cors.actual?.exchangeId : undefined, authNeeded ? cors.challenge?.exchangeId : undefined, pre?.exchangeId);
    const data = { sessionNeeded, authNeeded, problems: problems.map((p) => p.outcome) };
    if (problems.length) {
      const first = problems[0];
      return { outcome: first.outcome, detail: sentences([problems.map((p) => p.why).join('; '), ...lines]), exchanges, data };
    }
    if (observed === 0 && noChallengeHeader) return { outcome: 'noChallengeHeader', detail: sentences(lines), exchanges, data };
    if (observed === 0) return { outcome: 'unobserved', detail: sentences(lines), exchanges, data };
    return { outcome: 'exposed', detail: sentences(lines), exchanges, data };
  },
});
