import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/cors-credentials.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { CorsObs, Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

const ORIGIN = 'https://browser-agent.example';
const RANDOM = 'https://r4nd0m-7f3a.example';

function cors(random: Partial<CorsObs> | undefined, more: { preflight?: Partial<CorsObs>; actual?: Partial<CorsObs> } = {}): Probes['cors'] {
  return {
    attempted: true, origin: ORIGIN, requestedHeaders: [],
    ...(random ? { randomOriginPreflight: { exchangeId: 'r1', origin: RANDOM, ...random } } : {}),
    ...(more.preflight ? { preflight: { exchangeId: 'p1', origin: ORIGIN, status: 204, ...more.preflight } } : {}),
    ...(more.actual ? { actual: { exchangeId: 'a1', origin: ORIGIN, status: 200, ...more.actual } } : {}),
  };
}

test('cors-credentials: a random origin not admitted (allow-list) passes', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204 }, { preflight: { allowOrigin: ORIGIN, vary: 'Origin' } }) }));
  assert.equal(r.outcome, 'allowList');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /was not admitted/);
  assert.deepEqual(r.exchanges, ['r1', 'p1']);
});

test('cors-credentials: an allow-list echo without Vary: Origin is noted', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: 'https://app.example.com' }, { actual: { allowOrigin: ORIGIN } }) }));
  assert.equal(r.outcome, 'allowList');
  assert.equal(r.data?.varyMissing, true);
  assert.match(r.detail, /Vary: Origin/);
});

test('cors-credentials: echoing any origin with credentials fails and caps D7 at 0.5', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: RANDOM, allowCredentials: 'true', vary: 'Origin' }) }));
  assert.equal(r.outcome, 'reflectsWithCredentials');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /echoed back with Allow-Credentials: true/);
});

test('cors-credentials: credentials on the actual response count too', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: RANDOM }, { actual: { allowOrigin: ORIGIN, allowCredentials: 'TRUE' } }) }));
  assert.equal(r.outcome, 'reflectsWithCredentials');
});

test('cors-credentials: echoing any origin without credentials warns at 0.7 and notes missing Vary', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: RANDOM }) }));
  assert.equal(r.outcome, 'reflectsAnyOrigin');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.7);
  assert.match(r.detail, /without `Vary: Origin`/);
  assert.match(r.summary, /public/);
  assert.equal(r.data?.varyMissing, true);
});

test('cors-credentials: "*" with credentials warns (broken, not dangerous)', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: '*', allowCredentials: 'true' }) }));
  assert.equal(r.outcome, 'wildcardWithCredentials');
  assert.equal(r.status, 'warn');
  assert.equal(r.cap, undefined);
});

test('cors-credentials: "*" without credentials passes', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204, allowOrigin: '*' }) }));
  assert.equal(r.outcome, 'wildcardNoCredentials');
  assert.equal(r.status, 'pass');
});

test('cors-credentials: no CORS anywhere is not applicable', () => {
  const r = judgeRule(rule, evidence({ cors: cors({ status: 204 }, { preflight: {}, actual: {} }) }));
  assert.equal(r.outcome, 'noCors');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('cors-credentials: no random-origin preflight is unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ cors: cors({}) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('cors-credentials: transport-independent, so judged on legacy servers too', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, cors: cors({ status: 204, allowOrigin: '*' }) })).outcome, 'wildcardNoCredentials');
});
