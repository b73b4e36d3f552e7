import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/browser-session.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import { CONSOLE, PAGE, artifact, blocked, bstep, sessionOk } from '../../browser/fixtures.ts';

const judge = (browser: unknown, probes: Record<string, unknown> = {}) =>
  judgeRule(rule, withBrowser(evidence(probes as Parameters<typeof evidence>[0]), browser));

// The artifact is set after the fixture is validated, so the rules' own defence against
// malformed artifacts (hand-edited or older evidence) can be tested too.
function withBrowser(ev: ReturnType<typeof evidence>, browser: unknown): ReturnType<typeof evidence> {
  return { ...ev, probes: { ...ev.probes, browser: browser as never } };
}

const obs = (id: string, o: Partial<CorsObs>): CorsObs => ({ exchangeId: id, origin: PAGE, status: 200, ...o });
const goodCors: Probes['cors'] = {
  attempted: true, origin: PAGE, requestedHeaders: ['content-type', 'mcp-protocol-version', 'mcp-session-id'],
  preflight: obs('p1', { status: 204, allowOrigin: PAGE, allowHeaders: 'content-type, mcp-protocol-version, mcp-session-id' }),
  actual: obs('a1', { allowOrigin: PAGE, exposeHeaders: 'Mcp-Session-Id' }),
};
const init: Probes['initialize'] = { attempted: true, attempts: [], ok: true, sessionId: 'sess-1', sessionIdSamples: ['sess-1'] };

test('browser-session: every step reached passes', () => {
  const r = judge(artifact(sessionOk()), { cors: goodCors, initialize: init });
  assert.equal(r.outcome, 'connected');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /POST initialize: reached \(status 200\)/);
  assert.deepEqual(r.data?.disagreements, []);
});

test('browser-session: initialize blocked fails and quotes the console', () => {
  const r = judge(artifact([blocked('initialize'), bstep('initialized', { outcome: 'skipped', reason: 'initialize did not succeed' })]));
  assert.equal(r.outcome, 'initializeBlocked');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0);
  assert.ok(r.detail.includes(CONSOLE.noAllowOriginPreflight));
});

test('browser-session: unreadable Mcp-Session-Id fails; the header rule\'s opposite view is explained', () => {
  const steps = sessionOk();
  steps[0] = bstep('initialize', {
    outcome: 'blocked', blockedBy: 'header-not-exposed', status: 200, networkStatus: 200,
    reason: 'the response carries Mcp-Session-Id, but script cannot read it: it is not in Access-Control-Expose-Headers',
    readable: { 'mcp-session-id': null }, wireHeaders: { 'mcp-session-id': 'sess-1', 'access-control-allow-origin': PAGE },
  });
  const r = judge(artifact(steps), { cors: goodCors, initialize: init });
  assert.equal(r.outcome, 'sessionIdUnreadable');
  assert.match(r.detail, /cors-expose-headers looked fine in headers \(the initialize response exposes Mcp-Session-Id\), but in the browser reading Mcp-Session-Id failed: the response carries Mcp-Session-Id, but script cannot read it.*The browser's result counts\./);
  assert.deepEqual(r.data?.disagreements, ['cors-expose-headers']);
  assert.deepEqual(r.exchanges, ['p1', 'a1']);
});

test('browser-session: the follow-up blocked on MCP-Protocol-Version fails with Chromium\'s words', () => {
  const steps = sessionOk();
  steps[1] = blocked('initialized', { corsError: 'HeaderDisallowedByPreflightResponse', corsParameter: 'mcp-protocol-version', reason: 'the CORS preflight failed: HeaderDisallowedByPreflightResponse (mcp-protocol-version)', console: [CONSOLE.protocolVersionHeader, CONSOLE.failed] });
  steps[2] = blocked('tools-list', { console: [CONSOLE.protocolVersionHeader] });
  const r = judge(artifact(steps), { cors: goodCors, initialize: init });
  assert.equal(r.outcome, 'followUpBlocked');
  assert.ok(r.detail.includes('Request header field mcp-protocol-version is not allowed by Access-Control-Allow-Headers in preflight response.'));
  assert.match(r.detail, /cors-preflight looked fine in headers \(Allow-Headers lists MCP-Protocol-Version and Mcp-Session-Id\), but in the browser notifications\/initialized with the MCP headers failed/);
});

test('browser-session: header rules predicting failure while the browser works is reported too', () => {
  const credentialed: Probes['cors'] = {
    ...goodCors!,
    preflight: obs('p1', { status: 204, allowOrigin: '*', allowCredentials: 'true', allowHeaders: '*' }),
    actual: obs('a1', { allowOrigin: '*', allowCredentials: 'true', exposeHeaders: '*' }),
  };
  const r = judge(artifact(sessionOk()), { cors: credentialed, initialize: init });
  assert.equal(r.outcome, 'connected');
  assert.deepEqual(r.data?.disagreements, ['cors-preflight', 'cors-expose-headers']);
  assert.match(r.detail, /cors-expose-headers predicted a failure from the headers .* but in the browser reading Mcp-Session-Id worked/);
});

test('browser-session: a readable refusal (e.g. 403 for the origin) fails partly', () => {
  const r = judge(artifact([bstep('initialize', { outcome: 'refused', status: 403, networkStatus: 403, reason: 'initialize was answered 403' })]));
  assert.equal(r.outcome, 'refusedInBrowser');
  assert.equal(r.score, 0.3);
});

test('browser-session: 401 without credentials, and auth-only scans, are unobserved', () => {
  const r = judge(artifact([bstep('initialize', { outcome: 'refused', status: 401, networkStatus: 401 })]));
  assert.equal(r.outcome, 'authRequired');
  assert.equal(r.data?.unobserved, true);
  const only = judge(artifact([bstep('challenge', { status: 401, networkStatus: 401 })], { flow: 'auth-only' }));
  assert.equal(only.outcome, 'authRequired');
});

test('browser-session: timeouts, the scanner allow-list and missing steps are inconclusive', () => {
  assert.equal(judge(artifact([bstep('initialize', { outcome: 'timeout', reason: 'no response within 3000 ms' })])).outcome, 'inconclusive');
  assert.equal(judge(artifact([blocked('initialize', { blockedBy: 'scanner-allowlist', corsError: undefined })])).outcome, 'inconclusive');
  const r = judge(artifact([sessionOk()[0]!], { incomplete: 'cut short by the scan deadline' }));
  assert.equal(r.outcome, 'inconclusive');
  assert.match(r.detail, /cut short by the scan deadline/);
});

test('browser-session: stateless era passes on discover + tools/list and fails when blocked', () => {
  const ok = judge(artifact([bstep('discover', { rpc: { answered: true } }), bstep('tools-list', { rpc: { answered: true } })], { flow: 'stateless' }), { era: statelessEra });
  assert.equal(ok.outcome, 'connectedStateless');
  const bad = judge(artifact([blocked('discover'), bstep('tools-list', { outcome: 'skipped' })], { flow: 'stateless' }), { era: statelessEra });
  assert.equal(bad.outcome, 'statelessBlocked');
  const second = judge(artifact([bstep('discover'), blocked('tools-list', { corsParameter: 'mcp-method' })], { flow: 'stateless' }), { era: statelessEra });
  assert.equal(second.outcome, 'statelessBlocked');
});

test('browser-session: legacy era passes on endpoint + message, fails when EventSource is blocked', () => {
  const ok = judge(artifact([bstep('legacy-connect', { note: 'endpoint event: /messages?sessionId=1' }), bstep('legacy-initialize', { status: 202 })], { flow: 'legacy' }), { era: legacyEra });
  assert.equal(ok.outcome, 'connectedLegacy');
  const bad = judge(artifact([bstep('legacy-connect', { outcome: 'blocked', blockedBy: 'cors', status: undefined, networkStatus: 200, console: [CONSOLE.eventSource('https://mcp.example.com/sse')] })], { flow: 'legacy' }), { era: legacyEra });
  assert.equal(bad.outcome, 'legacyBlocked');
  assert.match(bad.detail, /Access to resource at 'https:\/\/mcp\.example\.com\/sse'/);
});

test('browser-session: no browser → na unobserved with the reason; invalid evidence likewise', () => {
  const missing = judgeRule(rule, evidence());
  assert.equal(missing.outcome, 'notRun');
  assert.equal(missing.data?.unobserved, true);
  const unavailable = judge({ ...artifact([]), available: false, unavailableReason: 'no Chromium found' });
  assert.equal(unavailable.outcome, 'unavailable');
  assert.equal(unavailable.status, 'na');
  assert.match(unavailable.detail, /no Chromium found/);
  const invalid = judge({ available: 'yes', steps: 3 });
  assert.equal(invalid.outcome, 'invalidEvidence');
  assert.equal(invalid.data?.unobserved, true);
});

test('browser-session: no transport is plain na', () => {
  const r = judge(artifact([], { flow: 'none', available: false, unavailableReason: 'not run: no MCP transport was identified' }));
  assert.equal(r.outcome, 'noTransport');
  assert.equal(r.data?.unobserved, undefined);
});

test('browser-session: blocked at the preflight by an allow-list without the scan\'s origin → na (cors-preflight reports it)', () => {
  const allowList: Probes['cors'] = {
    attempted: true, origin: PAGE, requestedHeaders: ['content-type'],
    preflight: obs('p1', { status: 204, allowMethods: 'GET, POST, DELETE', allowHeaders: 'content-type, mcp-session-id' }),
    actual: obs('a1', { exposeHeaders: 'Mcp-Session-Id' }),
  };
  const r = judge(artifact([blocked('initialize'), bstep('initialized', { outcome: 'skipped', reason: 'initialize did not succeed' })]), { cors: allowList, initialize: init });
  assert.equal(r.outcome, 'originNotAdmitted');
  assert.equal(r.status, 'na');
  // the same block where the preflight admitted the origin stays the server's failure
  assert.equal(judge(artifact([blocked('initialize')]), { cors: goodCors, initialize: init }).outcome, 'initializeBlocked');
});
