import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/browser-stream.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import { PAGE, artifact, blocked, bstep, sessionOk } from '../../browser/fixtures.ts';

const judge = (browser: unknown, probes: Record<string, unknown> = {}) =>
  judgeRule(rule, withBrowser(evidence(probes as Parameters<typeof evidence>[0]), browser));

// The artifact is set after the fixture is validated, so the rules' own defence against
// malformed artifacts (hand-edited or older evidence) can be tested too.
function withBrowser(ev: ReturnType<typeof evidence>, browser: unknown): ReturnType<typeof evidence> {
  return { ...ev, probes: { ...ev.probes, browser: browser as never } };
}
const withStream = (gs: ReturnType<typeof bstep>) => artifact([...sessionOk().slice(0, 3), gs]);

test('browser-stream: a readable GET stream passes', () => {
  const r = judge(artifact(sessionOk()));
  assert.equal(r.outcome, 'readable');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /First bytes: "event: message\\n"/);
});

test('browser-stream: a quiet but open stream still passes', () => {
  const r = judge(withStream(bstep('get-stream', { contentType: 'text/event-stream', note: 'the stream opened; nothing arrived within 1500 ms', timedOutAt: 'first-chunk' })));
  assert.equal(r.outcome, 'readable');
});

test('browser-stream: a blocked GET fails; a fine POST preflight is called out as not covering it', () => {
  const pre: CorsObs = { exchangeId: 'p1', origin: PAGE, status: 204, allowOrigin: PAGE, allowHeaders: 'content-type, mcp-session-id, mcp-protocol-version' };
  const cors: Probes['cors'] = { attempted: true, origin: PAGE, requestedHeaders: [], preflight: pre };
  const r = judge(withStream(blocked('get-stream', { blockedBy: 'cors', corsError: 'MissingAllowOriginHeader', networkStatus: 200 })), { cors });
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /header-based preflight \(for POST\) looked fine for these headers, but the browser's GET failed/);
  assert.deepEqual(r.exchanges, ['p1']);
});

test('browser-stream: 405 is na (no stream offered); other refusals are unobserved', () => {
  const r405 = judge(withStream(bstep('get-stream', { outcome: 'refused', status: 405, networkStatus: 405, reason: 'answered 405' })));
  assert.equal(r405.outcome, 'noGetStream');
  assert.equal(r405.data?.unobserved, undefined);
  const r404 = judge(withStream(bstep('get-stream', { outcome: 'refused', status: 404, networkStatus: 404 })));
  assert.equal(r404.outcome, 'serverRefused');
  assert.equal(r404.data?.unobserved, true);
  const notSse = judge(withStream(bstep('get-stream', { contentType: 'application/json' })));
  assert.equal(notSse.outcome, 'serverRefused');
});

test('browser-stream: stateless and legacy eras, and no transport, are not applicable', () => {
  const none = judge(artifact([], { flow: 'none', available: false, unavailableReason: 'not run: no MCP transport was identified' }));
  assert.equal(none.outcome, 'noTransport');
  assert.equal(none.data?.unobserved, undefined);
  assert.equal(judge(artifact([bstep('discover')], { flow: 'stateless' }), { era: statelessEra }).outcome, 'statelessEra');
  assert.equal(judge(artifact([bstep('legacy-connect')], { flow: 'legacy' }), { era: legacyEra }).outcome, 'legacyEra');
});

test('browser-stream: no session, timeouts and no browser are unobserved', () => {
  const skipped = judge(artifact([blocked('initialize'), bstep('get-stream', { outcome: 'skipped', reason: 'initialize did not succeed in the browser (blocked)' })]));
  assert.equal(skipped.outcome, 'noSession');
  assert.match(skipped.detail, /initialize did not succeed/);
  const timeout = judge(withStream(bstep('get-stream', { outcome: 'timeout', reason: 'no response within 3000 ms' })));
  assert.equal(timeout.outcome, 'inconclusive');
  assert.equal(judge(artifact([], { flow: 'auth-only' })).outcome, 'noSession');
  assert.equal(judgeRule(rule, evidence()).outcome, 'notRun');
  assert.equal(judge({ ...artifact([]), available: false, unavailableReason: 'x' }).outcome, 'unavailable');
  assert.equal(judge({ flow: 'session' }).outcome, 'invalidEvidence');
});
