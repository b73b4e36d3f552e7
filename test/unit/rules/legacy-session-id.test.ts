import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/legacy-session-id.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

const legacy = (unknown: { status?: number; hung: boolean }, missing: { status?: number; hung: boolean } = { status: 400, hung: false }) => evidence({
  era: legacyEra,
  legacy: { attempted: true, tried: [], ok: true, unknownSession: { exchangeId: 'u', ...unknown }, missingSession: { exchangeId: 'm', ...missing } },
});

test('legacy-session-id: refused at once → pass; accepted → warn; 5xx → warn; no answer → fail', () => {
  assert.equal(judgeRule(rule, legacy({ status: 404, hung: false })).outcome, 'refused');
  const accepted = judgeRule(rule, legacy({ status: 202, hung: false }));
  assert.equal(accepted.outcome, 'accepted');
  assert.equal(accepted.status, 'warn');
  const busy = judgeRule(rule, legacy({ status: 503, hung: false }));
  assert.equal(busy.outcome, 'serverError');
  assert.equal(busy.status, 'warn');
  const hung = judgeRule(rule, legacy({ hung: true }, { hung: true }));
  assert.equal(hung.outcome, 'hangs');
  assert.equal(hung.status, 'fail');
  assert.equal(hung.basis, 'practice');
  assert.match(hung.detail, /no answer \(hung\)/);
  assert.deepEqual(hung.exchanges, ['u', 'm']);
});

test('legacy-session-id: no legacy session → unobserved; other eras → na', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, legacy: { attempted: true, tried: [], ok: false } })).data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence()).outcome, 'era-not-applicable');
});
