import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stateless-header-validation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

type O = { status?: number; errorCode?: number } | undefined;
const ev = (hm: O, um: O) => evidence({
  era: statelessEra,
  discover: {
    attempted: true, answered: true, exchangeId: 'd',
    ...(hm ? { headerMismatch: { exchangeId: 'hm', ...hm } } : {}),
    ...(um ? { unknownMethod: { exchangeId: 'um', ...um } } : {}),
  },
});

test('stateless-header-validation: 400/-32020 and 404/-32601 → pass', () => {
  const r = judgeRule(rule, ev({ status: 400, errorCode: -32020 }, { status: 404, errorCode: -32601 }));
  assert.equal(r.outcome, 'valid');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['hm', 'um']);
  assert.match(r.detail, /mismatch → 400 \(error -32020\)/);
});

test('stateless-header-validation: right statuses, missing codes → warn', () => {
  const r = judgeRule(rule, ev({ status: 400 }, { status: 404, errorCode: -32601 }));
  assert.equal(r.outcome, 'codesMissing');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /400 \(no error code\)/);
});

test('stateless-header-validation: one wrong status → partlyWrong', () => {
  const r = judgeRule(rule, ev({ status: 200 }, { status: 404, errorCode: -32601 }));
  assert.equal(r.outcome, 'partlyWrong');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0.4);
});

test('stateless-header-validation: both wrong → fail 0', () => {
  const r = judgeRule(rule, ev({ status: 200 }, { status: 400, errorCode: -32601 }));
  assert.equal(r.outcome, 'wrongStatus');
  assert.equal(r.score, 0);
});

test('stateless-header-validation: only one probe observed is judged alone, and named so (not "valid": apify\'s unknown method got no answer)', () => {
  const r = judgeRule(rule, ev(undefined, { status: 404, errorCode: -32601 }));
  assert.equal(r.outcome, 'validWhereSeen');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /Mcp-Method header mismatch: not sent/);
});

test('stateless-header-validation: no probe observed → unobserved', () => {
  const r = judgeRule(rule, ev(undefined, {}));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('stateless-header-validation: session-only server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'era-not-applicable');
});
