import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/cors-expose-headers.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';

const ORIGIN = 'https://browser-agent.example';
const init: Probes['initialize'] = { attempted: true, attempts: [], ok: true, exchangeId: 'i1', sessionId: 'sess-1', sessionIdSamples: ['sess-1'] };
const noSessionInit: Probes['initialize'] = { attempted: true, attempts: [], ok: true, exchangeId: 'i1', sessionIdSamples: [] };

function obs(id: string, o: Partial<CorsObs>): CorsObs {
  return { exchangeId: id, origin: ORIGIN, status: 200, ...o };
}
function cors(parts: { preflight?: Partial<CorsObs>; actual?: Partial<CorsObs>; challenge?: Partial<CorsObs> }): Probes['cors'] {
  return {
    attempted: true, origin: ORIGIN, requestedHeaders: [],
    ...(parts.preflight ? { preflight: obs('p1', { status: 204, ...parts.preflight }) } : {}),
    ...(parts.actual ? { actual: obs('a1', parts.actual) } : {}),
    ...(parts.challenge ? { challenge: obs('c1', { status: 401, ...parts.challenge }) } : {}),
  };
}
const authRequired: Probes['auth'] = {
  attempted: true, required: true, unauthenticated: { exchangeId: 'u1', status: 401, wwwAuthenticate: 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"' },
};

test('cors-expose-headers: session id exposed on the actual response passes', () => {
  const r = judgeRule(rule, evidence({ initialize: init, cors: cors({ actual: { allowOrigin: ORIGIN, exposeHeaders: 'Mcp-Session-Id' } }) }));
  assert.equal(r.outcome, 'exposed');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['a1']);
});

test('cors-expose-headers: "*" exposes everything only without credentials', () => {
  const ok = judgeRule(rule, evidence({ initialize: init, cors: cors({ actual: { allowOrigin: '*', exposeHeaders: '*' } }) }));
  assert.equal(ok.outcome, 'exposed');
  const bad = judgeRule(rule, evidence({ initialize: init, cors: cors({ actual: { allowOrigin: ORIGIN, allowCredentials: 'true', exposeHeaders: '*' } }) }));
  assert.equal(bad.outcome, 'sessionIdNotExposed');
});

test('cors-expose-headers: session id not exposed fails (browser loses its session)', () => {
  const r = judgeRule(rule, evidence({ initialize: init, cors: cors({ actual: { allowOrigin: ORIGIN, exposeHeaders: 'X-Request-Id' } }) }));
  assert.equal(r.outcome, 'sessionIdNotExposed');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /Mcp-Session-Id is not in Access-Control-Expose-Headers/);
  assert.match(r.fix ?? '', /Access-Control-Expose-Headers: Mcp-Session-Id, WWW-Authenticate/);
});

test('cors-expose-headers: exposed on the preflight only fails with that explanation', () => {
  const r = judgeRule(rule, evidence({
    initialize: init,
    cors: cors({ preflight: { allowOrigin: ORIGIN, exposeHeaders: 'mcp-session-id' }, actual: { allowOrigin: ORIGIN } }),
  }));
  assert.equal(r.outcome, 'exposedOnPreflightOnly');
  assert.match(r.detail, /exposed on the preflight but not on the initialize response/);
  assert.deepEqual(r.exchanges, ['a1', 'p1']);
});

test('cors-expose-headers: no Allow-Origin on the actual response fails', () => {
  const r = judgeRule(rule, evidence({ initialize: init, cors: cors({ preflight: { allowOrigin: ORIGIN }, actual: { exposeHeaders: 'Mcp-Session-Id' } }) }));
  assert.equal(r.outcome, 'noAllowOrigin');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /Allow-Origin \(absent\)/);
});

test('cors-expose-headers: a 401 exposing WWW-Authenticate with Allow-Origin passes', () => {
  const r = judgeRule(rule, evidence({ initialize: noSessionInit, auth: authRequired, cors: cors({ challenge: { allowOrigin: '*', exposeHeaders: 'WWW-Authenticate' } }) }));
  assert.equal(r.outcome, 'exposed');
  assert.deepEqual(r.exchanges, ['c1']);
});

test('cors-expose-headers: a 401 without Allow-Origin fails', () => {
  const r = judgeRule(rule, evidence({ auth: authRequired, cors: cors({ challenge: {} }) }));
  assert.equal(r.outcome, 'challengeNoAllowOrigin');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /401 response/);
});

test('cors-expose-headers: a 401 not exposing WWW-Authenticate fails (pitfall 3)', () => {
  const r = judgeRule(rule, evidence({ auth: authRequired, cors: cors({ challenge: { allowOrigin: ORIGIN, exposeHeaders: 'Mcp-Session-Id' } }) }));
  assert.equal(r.outcome, 'wwwAuthenticateNotExposed');
  assert.match(r.detail, /WWW-Authenticate is not in/);
});

test('cors-expose-headers: WWW-Authenticate exposed on the preflight only fails', () => {
  const r = judgeRule(rule, evidence({
    auth: authRequired,
    cors: cors({ preflight: { allowOrigin: ORIGIN, exposeHeaders: 'WWW-Authenticate' }, challenge: { allowOrigin: ORIGIN } }),
  }));
  assert.equal(r.outcome, 'exposedOnPreflightOnly');
  assert.match(r.detail, /WWW-Authenticate is exposed on the preflight but not on the 401/);
});

test('cors-expose-headers: both problems are reported, the session one first', () => {
  const r = judgeRule(rule, evidence({
    initialize: init, auth: authRequired,
    cors: cors({ actual: { allowOrigin: ORIGIN }, challenge: { allowOrigin: ORIGIN } }),
  }));
  assert.equal(r.outcome, 'sessionIdNotExposed');
  assert.match(r.detail, /WWW-Authenticate is not in/);
  assert.deepEqual(r.data?.problems, ['sessionIdNotExposed', 'wwwAuthenticateNotExposed']);
});

test('cors-expose-headers: no session and no auth is not applicable', () => {
  const r = judgeRule(rule, evidence({ initialize: noSessionInit, cors: cors({ actual: { allowOrigin: ORIGIN } }) }));
  assert.equal(r.outcome, 'notNeeded');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('cors-expose-headers: a stateless server\'s session id is ignored', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra, initialize: init, cors: cors({ actual: { allowOrigin: ORIGIN } }) }));
  assert.equal(r.outcome, 'notNeeded');
});

test('cors-expose-headers: needed responses not observed is unobserved', () => {
  const r = judgeRule(rule, evidence({ initialize: init, cors: cors({}) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ initialize: init })).outcome, 'unobserved');
});

test('cors-expose-headers: a legacy-only server carries its session in the URL: nothing to expose', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, initialize: init })).outcome, 'notNeeded');
});

// fastmcp's `authenticate` example: a bare 401, CORS `*`, no WWW-Authenticate at all. Nothing to
// expose: one root cause, auth-challenge's noChallenge, not a second (CORS) fail.
test('cors-expose-headers: a 401 without any WWW-Authenticate is not a CORS finding', () => {
  const bare: Probes['auth'] = { attempted: true, required: true, unauthenticated: { exchangeId: 'u1', status: 401 } };
  const r = judgeRule(rule, evidence({ auth: bare, cors: cors({ challenge: { allowOrigin: '*' } }) }));
  assert.equal(`${r.status}/${r.outcome}`, 'na/noChallengeHeader');
  assert.match(r.detail, /no WWW-Authenticate to expose \(see auth-challenge\)/);
  // with a session whose id is hidden, that finding still stands
  const both = judgeRule(rule, evidence({ initialize: init, auth: bare, cors: cors({ actual: { allowOrigin: ORIGIN }, challenge: { allowOrigin: '*' } }) }));
  assert.equal(both.outcome, 'sessionIdNotExposed');
});

test('cors-expose-headers: WWW-Authenticate hidden, but the metadata is readable at its well-known URL → warn (clients fall back to it)', () => {
  const url = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
  const prm = (allowOrigin?: string) => ({
    tried: [{ exchangeId: 'w1', url, status: 200, ...(allowOrigin ? { allowOrigin } : {}) }], url, via: 'well-known' as const,
    document: { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] },
  });
  const challenge = { allowOrigin: ORIGIN, exposeHeaders: 'Mcp-Session-Id' };
  const readable = judgeRule(rule, evidence({ auth: { ...authRequired!, prm: prm('*') }, cors: cors({ challenge }) }));
  assert.equal(`${readable.status}/${readable.outcome}`, 'warn/wwwAuthenticateHiddenFallback');
  assert.match(readable.detail, /readable from/);
  // the document itself without CORS: the browser has nowhere to go
  const unreadable = judgeRule(rule, evidence({ auth: { ...authRequired!, prm: prm() }, cors: cors({ challenge }) }));
  assert.equal(`${unreadable.status}/${unreadable.outcome}`, 'fail/wwwAuthenticateNotExposed');
});

test('cors-expose-headers: an allow-list without the scan\'s origin (preflight 204, no Allow-Origin) is cors-preflight\'s one finding → na, not noAllowOrigin', () => {
  // hf-mcp-server 0.2.55: allow-list huggingface.co; the preflight answers CORS headers but no Allow-Origin
  const r = judgeRule(rule, evidence({ initialize: init, cors: cors({ preflight: { allowMethods: 'GET, POST, DELETE', allowHeaders: 'content-type' }, actual: { exposeHeaders: 'Mcp-Session-Id' } }) }));
  assert.equal(r.outcome, 'originNotAdmitted');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /see cors-preflight/);
  // admitted at the preflight, then missing on the response: the server's own defect
  const admitted = judgeRule(rule, evidence({ initialize: init, cors: cors({ preflight: { allowOrigin: ORIGIN, allowMethods: 'POST' }, actual: { exposeHeaders: 'Mcp-Session-Id' } }) }));
  assert.equal(admitted.outcome, 'noAllowOrigin');
});
