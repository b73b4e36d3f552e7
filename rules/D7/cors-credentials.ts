// Does CORS let *every* website in, with the user's cookies? Reflecting any Origin together
// with Access-Control-Allow-Credentials: true is the one CORS setting that is outright dangerous.
import { defineRule } from '../../src/contract/rule.ts';
import type { CorsObs } from '../../src/contract/evidence.ts';
import { FETCH_CORS, MDN_CORS, clip, credentialsAllowed, describeCors, ids, originGrant, sentences, variesByOrigin } from '../_lib/index.ts';

export default defineRule({
  id: 'cors-credentials',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: 'any',
  title: 'CORS does not grant credentialed access to arbitrary sites',
  failureTitle: 'CORS grants arbitrary sites access',
  description:
    'Derived from the Fetch standard (no MCP revision specifies CORS). A server that echoes whatever `Origin` it ' +
    'receives into `Access-Control-Allow-Origin` and also sends `Access-Control-Allow-Credentials: true` lets any ' +
    'website the user visits call it with the user\'s cookies and read the answers — session riding against the ' +
    'user\'s MCP tools. MCP clients send bearer tokens in `Authorization`, which needs no credentialed CORS, so ' +
    '`Access-Control-Allow-Origin: *` without credentials (or an allow-list) is the safe way to admit browser agents.',
  specRefs: [
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
    { label: 'Fetch: CORS check (credentials)', url: 'https://fetch.spec.whatwg.org/#cors-check' },
    { label: 'MDN: CORS requests with credentials', url: `${MDN_CORS}#requests_with_credentials` },
  ],
  outcomes: {
    allowList: { status: 'pass', score: 1, summary: 'CORS is granted only to specific origins; a random origin is not admitted.' },
    wildcardNoCredentials: {
      status: 'pass', score: 1,
      summary: 'CORS is open to every origin with `*` and without credentials: public, and no ambient authority is shared.',
    },
    reflectsWithCredentials: {
      status: 'fail', score: 0, cap: 0.5, breaks: 'the users of every deployment with cookie or ambient credentials: any website can call the server as them.',
      summary: 'Any origin is echoed back together with Allow-Credentials: true: any website can make credentialed calls as the user.',
      fix: 'Never combine an echoed Origin with `Access-Control-Allow-Credentials: true`. Echo only origins on an allow-list (with `Vary: Origin`), or send `Access-Control-Allow-Origin: *` and drop Allow-Credentials: MCP tokens travel in `Authorization`, not cookies.',
    },
    reflectsAnyOrigin: {
      status: 'warn', score: 0.7,
      summary: 'Any origin is echoed back (without credentials). Fine for a deliberately public endpoint; otherwise it is an allow-list that allows everything.',
      fix: 'If the endpoint is meant to be public, say so with `Access-Control-Allow-Origin: *`; otherwise echo only origins on an allow-list, with `Vary: Origin`.',
    },
    wildcardWithCredentials: {
      status: 'warn', score: 0.7,
      summary: '`*` is sent with Allow-Credentials: true. Browsers refuse that combination for credentialed requests: broken, not dangerous.',
      fix: 'Drop `Access-Control-Allow-Credentials: true` (MCP tokens travel in `Authorization`), or echo specific allowed origins instead of `*`.',
    },
    noCors: { status: 'na', summary: 'No CORS headers are sent: browsers cannot read responses cross-origin, so nothing is over-shared.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The random-origin preflight was not sent or got no HTTP answer.' },
  },
  judge({ evidence }) {
    const cors = evidence.probes.cors;
    const rnd = cors?.randomOriginPreflight;
    if (!cors?.attempted || !rnd || typeof rnd.status !== 'number') {
      return {
        outcome: 'unobserved',
        detail: cors?.attempted ? 'The random-origin preflight got no HTTP response.' : 'The CORS probe was not run.',
        exchanges: ids(rnd?.exchangeId),
      };
    }
    const act = cors.actual;
    const pre = cors.preflight;
    const lines = [describeCors('Random-origin preflight', rnd)];
    if (act) lines.push(describeCors('Initialize with Origin', act));
    const exchanges = ids(rnd.exchangeId, act?.exchangeId, pre?.exchangeId);

    const grant = originGrant(rnd.allowOrigin, rnd.origin);
    const reflectedOn = (o: CorsObs | undefined) => o !== undefined && originGrant(o.allowOrigin, o.origin) === 'match';
    const credentials = credentialsAllowed(rnd) || (reflectedOn(act) && credentialsAllowed(act));
    const data: Record<string, unknown> = { randomOrigin: rnd.origin, grant, credentials };

    if (grant === 'match') {
      const noVary = [rnd, act].filter((o): o is CorsObs => reflectedOn(o) && !variesByOrigin(o));
      if (noVary.length) lines.push('the echoed Allow-Origin comes without `Vary: Origin`, so caches may serve one origin\'s grant to another');
      data.varyMissing = noVary.length > 0;
      return {
        outcome: credentials ? 'reflectsWithCredentials' : 'reflectsAnyOrigin',
        detail: sentences([`The random origin ${clip(rnd.origin, 80)} (never allow-listed) was echoed back${credentials ? ' with Allow-Credentials: true' : ''}`, ...lines]),
        exchanges, data,
      };
    }
    if (grant === 'wildcard') {
      const cred = credentialsAllowed(rnd) || credentialsAllowed(act);
      return { outcome: cred ? 'wildcardWithCredentials' : 'wildcardNoCredentials', detail: sentences(lines), exchanges, data };
    }
    // The random origin got no grant (or someone else's): an allow-list — if CORS is on at all.
    const corsSomewhere = [pre, act, rnd, cors.challenge].some((o) => o !== undefined && originGrant(o.allowOrigin, o.origin) !== 'none');
    if (!corsSomewhere) return { outcome: 'noCors', detail: sentences(lines), exchanges, data };
    for (const o of [pre, act]) {
      if (o && originGrant(o.allowOrigin, o.origin) === 'match' && !variesByOrigin(o)) {
        lines.push('an echoed Allow-Origin comes without `Vary: Origin`');
        data.varyMissing = true;
        break;
      }
    }
    return { outcome: 'allowList', detail: sentences([`The random origin ${clip(rnd.origin, 80)} was not admitted`, ...lines]), exchanges, data };
  },
});
