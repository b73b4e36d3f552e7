import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/cors-preflight.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

const ORIGIN = 'https://browser-agent.example';
const SESSION_HEADERS = ['content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id', 'authorization'];
const GOOD: Partial<CorsObs> = {
  status: 204, allowOrigin: ORIGIN, vary: 'Origin', allowMethods: 'GET, POST, DELETE, OPTIONS',
  allowHeaders: 'Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name',
};

function cors(pre: Partial<CorsObs> | undefined, requestedHeaders = SESSION_HEADERS): Probes['cors'] {
  return {
    attempted: true, origin: ORIGIN, requestedHeaders,
    ...(pre ? { preflight: { exchangeId: 'p1', origin: ORIGIN, ...pre } } : {}),
  };
}

/** A session-minting 2025-11-25 server. */
const init: Probes['initialize'] = { attempted: true, attempts: [], ok: true, exchangeId: 'i1', sessionId: 'abc', sessionIdSamples: ['abc'] };

test('cors-preflight: origin, methods and every header allowed passes', () => {
  const r = judgeRule(rule, evidence({ cors: cors(GOOD), initialize: init }));
  assert.equal(r.outcome, 'ok');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['p1']);
  assert.match(r.detail, /Allow-Origin https:\/\/browser-agent\.example/);
});

test('cors-preflight: Allow-Headers "*" without credentials covers all but Authorization', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowOrigin: '*', allowHeaders: '*' }), initialize: init }));
  assert.equal(r.outcome, 'minorHeadersMissing'); // authorization, not required here
  assert.match(r.detail, /not allowed: authorization/i);
  const r2 = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowOrigin: '*', allowHeaders: '*, Authorization' }), initialize: init }));
  assert.equal(r2.outcome, 'ok');
});

test('cors-preflight: Allow-Headers "*" is literal when credentials are allowed', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowHeaders: '*', allowCredentials: 'true' }), initialize: init }));
  assert.equal(r.outcome, 'protocolVersionHeaderMissing');
});

test('cors-preflight: missing MCP-Protocol-Version fails with the second-request explanation', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-session-id, authorization, last-event-id' }), initialize: init }));
  assert.equal(r.outcome, 'protocolVersionHeaderMissing');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /second request/);
  assert.match(r.fix ?? '', /MCP-Protocol-Version/);
});

test('cors-preflight: missing Mcp-Session-Id on a session server fails', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, authorization, last-event-id' }), initialize: init }));
  assert.equal(r.outcome, 'headersMissing');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /not allowed: mcp-session-id/i);
});

test('cors-preflight: missing Authorization is critical when auth is required', () => {
  const r = judgeRule(rule, evidence({
    cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, mcp-session-id, last-event-id' }), initialize: init,
    auth: { attempted: true, required: true },
  }));
  assert.equal(r.outcome, 'headersMissing');
  assert.match(r.detail, /authorization/);
});

test('cors-preflight: missing Last-Event-ID only warns, on a server whose events carry ids', () => {
  const withIds = [sseExchange([{ id: 's1_1' }], [], { id: 'g1', request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: { accept: 'text/event-stream', 'mcp-session-id': 'abc' } } })];
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, mcp-session-id, authorization' }), initialize: init }, withIds));
  assert.equal(r.outcome, 'minorHeadersMissing');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /not allowed: last-event-id/i);
});

// A browser client sends Last-Event-ID only to resume from an id, and Mcp-Session-Id only when a
// session was minted (context7 on the SDK v2: stateless, no ids, Allow-Headers without Last-Event-ID).
test('cors-preflight: Last-Event-ID and Mcp-Session-Id are not needed where no id and no session exist', () => {
  const noIds = [sseExchange([{}, {}], [], { id: 'p2', request: { method: 'POST', url: 'https://mcp.example.com/mcp', headers: { accept: 'text/event-stream' } } })];
  const stateless: Probes['initialize'] = { attempted: true, attempts: [], ok: true, exchangeId: 'i1', sessionIdSamples: [] };
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, authorization' }), initialize: stateless }, noIds));
  assert.equal(r.outcome, 'ok');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /not needed here: mcp-session-id, last-event-id \(no session is minted; no event carried an id/i);
  assert.deepEqual(r.data?.missingHeaders, []);
});

test('cors-preflight: 2026-07-28 needs Mcp-Method and Mcp-Name', () => {
  const requested = ['content-type', 'mcp-protocol-version', 'authorization', 'mcp-method', 'mcp-name'];
  const r = judgeRule(rule, evidence({ era: statelessEra, cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, authorization' }, requested) }));
  assert.equal(r.outcome, 'headersMissing');
  assert.match(r.detail, /mcp-method, mcp-name/);
  const ok = judgeRule(rule, evidence({ era: statelessEra, cors: cors({ ...GOOD, allowMethods: 'POST' }, requested) }));
  assert.equal(ok.outcome, 'ok'); // no DELETE needed without sessions
});

test('cors-preflight: falls back to the revision\'s headers when none were recorded', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra, cors: cors({ ...GOOD, allowHeaders: 'content-type, mcp-protocol-version, authorization' }, []) }));
  assert.equal(r.outcome, 'headersMissing');
  assert.match(r.detail, /mcp-method/);
});

test('cors-preflight: DELETE missing on a session server warns; GET/POST absence is harmless', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowMethods: 'OPTIONS' }), initialize: init }));
  assert.equal(r.outcome, 'deleteNotAllowed');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /CORS-safelisted/);
  assert.match(r.detail, /DELETE is not allowed/);
});

test('cors-preflight: Allow-Origin for another origin (or several) warns', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowOrigin: 'https://app.example.com' }), initialize: init }));
  assert.equal(r.outcome, 'originNotAllowed');
  assert.equal(r.status, 'warn'); // only browser agents are affected: conditional advice
  assert.match(r.detail, /does not match/);
  const multi = judgeRule(rule, evidence({ cors: cors({ ...GOOD, allowOrigin: `${ORIGIN}, https://other.example` }), initialize: init }));
  assert.equal(multi.outcome, 'originNotAllowed');
  assert.match(multi.detail, /several values/);
});

test('cors-preflight: CORS headers without Allow-Origin means an allow-list that excludes us', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, vary: 'Origin', allowMethods: 'POST' }) }));
  assert.equal(r.outcome, 'originNotAllowed');
});

test('cors-preflight: no CORS headers at all warns', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204 }) }));
  assert.equal(r.outcome, 'noCors');
  assert.equal(r.status, 'warn'); // only browser agents are affected: conditional advice
  assert.match(r.fix ?? '', /Access-Control-Allow-Headers/);
});

test('cors-preflight: a refused preflight warns', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ ...GOOD, status: 401 }) }));
  assert.equal(r.outcome, 'refused');
  assert.equal(r.status, 'warn'); // only browser agents are affected: conditional advice
  assert.match(r.detail, /status 401/);
});

test('cors-preflight: no preflight observed is unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ cors: cors({}) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('cors-preflight: judged on a legacy-only server too (its message endpoint)', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, cors: cors({ status: 204 }) })).outcome, 'noCors');
});

test('cors-preflight: DELETE is judged on the preflight that asked for it (servers echo the method asked)', () => {
  const echoPost = { ...GOOD, allowMethods: 'POST' };
  const withDelete = (allowMethods: string): Probes['cors'] => ({ ...cors(echoPost)!, deletePreflight: { exchangeId: 'p2', origin: ORIGIN, ...GOOD, allowMethods } });
  const ok = judgeRule(rule, evidence({ cors: withDelete('DELETE'), initialize: init }));
  assert.equal(`${ok.status}/${ok.outcome}`, 'pass/ok');
  assert.match(ok.detail, /GET is not listed in Allow-Methods/);
  const refused = judgeRule(rule, evidence({ cors: withDelete('GET, POST'), initialize: init }));
  assert.equal(refused.outcome, 'deleteNotAllowed');
  assert.match(refused.detail, /DELETE preflight/);
  // evidence without the DELETE preflight: judged on the POST one, as before
  assert.equal(judgeRule(rule, evidence({ cors: cors(echoPost), initialize: init })).outcome, 'deleteNotAllowed');
});

test('cors-preflight: a server on loopback that admits only local web apps passes, judged from the local origin', () => {
  const LOCAL = 'http://localhost:6274';
  const refusedForeign: Probes['cors'] = {
    ...cors({ status: 403 })!,
    localPreflight: { exchangeId: 'p3', origin: LOCAL, ...GOOD, allowOrigin: LOCAL },
  };
  const base = evidence({}).probes.target;
  const loopback = { ...base, url: 'http://127.0.0.1:8080/mcp', scheme: 'http' as const, host: '127.0.0.1', port: 8080, isLoopback: true };
  const r = judgeRule(rule, evidence({ target: loopback, cors: refusedForeign }));
  assert.equal(`${r.status}/${r.outcome}`, 'pass/localOriginsOnly');
  assert.deepEqual(r.exchanges, ['p1', 'p3']);
  assert.match(r.detail, /Preflight from a local web app/);
  // headers missing there are judged as usual
  const lacking: Probes['cors'] = { ...refusedForeign!, localPreflight: { ...refusedForeign!.localPreflight!, allowHeaders: 'content-type' } };
  assert.equal(judgeRule(rule, evidence({ target: loopback, cors: lacking })).outcome, 'protocolVersionHeaderMissing');
  // a server on the internet is judged from the browser-agent origin
  assert.equal(judgeRule(rule, evidence({ cors: refusedForeign })).outcome, 'refused');
});
