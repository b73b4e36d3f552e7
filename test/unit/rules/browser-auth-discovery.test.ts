import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/browser-auth-discovery.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';
import { CONSOLE, PAGE, artifact, blocked, bstep, sessionOk } from '../../browser/fixtures.ts';

const judge = (browser: unknown, probes: Record<string, unknown> = {}) =>
  judgeRule(rule, withBrowser(evidence(probes as Parameters<typeof evidence>[0]), browser));

// The artifact is set after the fixture is validated, so the rules' own defence against
// malformed artifacts (hand-edited or older evidence) can be tested too.
function withBrowser(ev: ReturnType<typeof evidence>, browser: unknown): ReturnType<typeof evidence> {
  return { ...ev, probes: { ...ev.probes, browser: browser as never } };
}

const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const challenge = (over: Parameters<typeof bstep>[1] = {}) => bstep('challenge', {
  status: 401, networkStatus: 401, readable: { 'www-authenticate': `Bearer resource_metadata="${PRM}"` },
  wireHeaders: { 'www-authenticate': `Bearer resource_metadata="${PRM}"`, 'access-control-allow-origin': PAGE }, ...over,
});
const prm = (over: Parameters<typeof bstep>[1] = {}) => bstep('prm', { url: PRM, via: 'www-authenticate', ...over });
const as = (over: Parameters<typeof bstep>[1] = {}) => bstep('as-metadata', { url: 'https://auth.example.com/.well-known/oauth-authorization-server', via: 'prm', ...over });
const auth = (steps: ReturnType<typeof bstep>[]) => artifact(steps, { flow: 'auth-only', authRequired: true });
const unreadableHeader = { outcome: 'blocked' as const, blockedBy: 'header-not-exposed' as const, readable: { 'www-authenticate': null }, reason: 'the 401 carries WWW-Authenticate, but script cannot read it' };

test('browser-auth-discovery: challenge, header and metadata all readable passes', () => {
  const r = judge(auth([challenge(), prm(), as()]));
  assert.equal(r.outcome, 'discoverable');
  assert.equal(r.status, 'pass');
});

test('browser-auth-discovery: no metadata published (404s) but a readable 401 passes as challenge-only', () => {
  const r = judge(auth([
    challenge({ readable: { 'www-authenticate': null }, wireHeaders: {}, note: 'the 401 carries no WWW-Authenticate' }),
    blocked('prm', { url: PRM, via: 'well-known', blockedBy: 'cors', corsError: 'MissingAllowOriginHeader', networkStatus: 404, console: [CONSOLE.noAllowOrigin(PRM)] }),
  ]));
  assert.equal(r.outcome, 'challengeOnly');
});

test('browser-auth-discovery: WWW-Authenticate not exposed, well-known readable → warn', () => {
  const r = judge(auth([challenge(unreadableHeader), prm({ via: 'well-known' }), as()]));
  assert.equal(r.outcome, 'headerUnreadableFallback');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.5);
});

test('browser-auth-discovery: WWW-Authenticate not exposed and no readable metadata → fail', () => {
  const r = judge(auth([challenge(unreadableHeader), bstep('prm', { outcome: 'refused', status: 404, networkStatus: 404, url: PRM })]));
  assert.equal(r.outcome, 'headerUnreadable');
  assert.equal(r.status, 'fail');
});

test('browser-auth-discovery: a 401 script cannot read fails, quoting Chromium; the header probe disagreeing is explained', () => {
  const cors: Probes['cors'] = {
    attempted: true, origin: PAGE, requestedHeaders: [],
    challenge: { exchangeId: 'c1', origin: PAGE, status: 401, allowOrigin: PAGE, exposeHeaders: 'WWW-Authenticate' } as CorsObs,
  };
  const r = judge(auth([blocked('challenge', { blockedBy: 'cors', corsError: 'MissingAllowOriginHeader', networkStatus: 401, console: [CONSOLE.noAllowOrigin(), CONSOLE.failed] })]), { cors });
  assert.equal(r.outcome, 'challengeBlocked');
  assert.ok(r.detail.includes("No 'Access-Control-Allow-Origin' header is present on the requested resource."));
  assert.match(r.detail, /cors-expose-headers found Access-Control-Allow-Origin on the 401, but in the browser the 401 was unreadable/);
  assert.deepEqual(r.exchanges, ['c1']);
});

test('browser-auth-discovery: metadata that exists but lacks CORS fails', () => {
  const r = judge(auth([challenge(), blocked('prm', { url: PRM, blockedBy: 'cors', corsError: 'MissingAllowOriginHeader', networkStatus: 200 })]));
  assert.equal(r.outcome, 'metadataBlocked');
  assert.equal(r.score, 0.2);
  const asBlocked = judge(auth([challenge(), prm(), blocked('as-metadata', { blockedBy: 'cors', networkStatus: 200 })]));
  assert.equal(asBlocked.outcome, 'metadataBlocked');
});

test('browser-auth-discovery: metadata readable in the browser though the header probe saw no Allow-Origin is explained', () => {
  const probes = { auth: { attempted: true, required: true, prm: { tried: [{ exchangeId: 'm1', status: 200, url: PRM }] } } };
  const r = judge(auth([challenge(), prm(), as()]), probes);
  assert.equal(r.outcome, 'discoverable');
  assert.match(r.detail, /header probe saw no usable Access-Control-Allow-Origin on .*oauth-protected-resource\/mcp, but the browser read it/);
  assert.deepEqual(r.exchanges, ['m1']);
});

test('browser-auth-discovery: no 401 → na; legacy → na', () => {
  const r = judge(artifact(sessionOk(), { authRequired: false }));
  assert.equal(r.outcome, 'noAuth');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
  assert.equal(judge(artifact([bstep('legacy-connect')], { flow: 'legacy' }), { era: legacyEra }).outcome, 'noAuth');
});

test('browser-auth-discovery: blocked before any status — noAuth when the header probes saw none, else inconclusive or blocked', () => {
  const steps = [blocked('initialize'), blocked('challenge')];
  assert.equal(judge(artifact(steps), { auth: { attempted: true, required: false } }).outcome, 'noAuth');
  assert.equal(judge(artifact(steps)).outcome, 'inconclusive');
  assert.equal(judge(artifact(steps), { auth: { attempted: true, required: true } }).outcome, 'challengeBlocked');
});

test('browser-auth-discovery: no browser → na unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'notRun');
  const r = judge({ ...artifact([]), available: false, unavailableReason: 'Chromium could not be started: boom' });
  assert.equal(r.outcome, 'unavailable');
  assert.match(r.detail, /boom/);
  assert.equal(judge(artifact([], { steps: [{ name: 'nope' }] as never })).outcome, 'invalidEvidence');
});

test('browser-auth-discovery: a challenge that timed out is inconclusive unless the header probes saw no 401', () => {
  const steps = [bstep('initialize', { outcome: 'timeout', status: undefined, networkStatus: undefined }), bstep('challenge', { outcome: 'timeout', status: undefined, networkStatus: undefined })];
  const r = judge(artifact(steps));
  assert.equal(r.outcome, 'inconclusive');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judge(artifact(steps), { auth: { attempted: true, required: false } }).outcome, 'noAuth');
});

test('browser-auth-discovery: stopped at the preflight by a server that admits the origin nowhere → na (cors-preflight\'s finding), not challengeBlocked', () => {
  const atPreflight = blocked('challenge', { blockedBy: 'cors-preflight', corsError: 'PreflightMissingAllowOriginHeader' });
  const cors = (preflight: Partial<CorsObs>): Probes['cors'] => ({
    attempted: true, origin: PAGE, requestedHeaders: [],
    preflight: { exchangeId: 'p1', origin: PAGE, status: 403, ...preflight } as CorsObs,
    challenge: { exchangeId: 'c1', origin: PAGE, status: 401 } as CorsObs,
  });
  const authProbe = { attempted: true, required: true };
  // hf-mcp-server 0.4.23: the Origin allow-list answers the preflight 403 without any CORS header
  const none = judge(auth([atPreflight]), { auth: authProbe, cors: cors({}) });
  assert.equal(none.outcome, 'noCorsAtAll');
  assert.equal(none.status, 'na');
  const listed = judge(auth([atPreflight]), { auth: authProbe, cors: cors({ status: 204, allowMethods: 'POST' }) });
  assert.equal(listed.outcome, 'originNotAdmitted');
  // a preflight that admits the origin, then a 401 the browser cannot read, is the server's defect
  const admitted = judge(auth([blocked('challenge', { blockedBy: 'cors', networkStatus: 401 })]), { auth: authProbe, cors: cors({ status: 204, allowOrigin: PAGE }) });
  assert.equal(admitted.outcome, 'challengeBlocked');
});
