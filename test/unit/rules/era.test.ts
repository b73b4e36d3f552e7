import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/era.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';

test('era: session-era server passes', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'session');
  assert.equal(r.status, 'pass');
});

test('era: stateless server passes', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'stateless');
});

test('era: legacy-only server warns with a fix', () => {
  const r = judgeRule(rule, evidence({ era: legacyEra }));
  assert.equal(r.status, 'warn');
  assert.ok(r.fix);
});

test('era: nothing answering fails and caps D2 at 0', () => {
  const r = judgeRule(rule, evidence({ era: { reachable: false, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: false, unreachableReason: 'connect ECONNREFUSED' } }));
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0);
  assert.match(r.detail, /ECONNREFUSED/);
});

test('era: auth-blocked is unobserved, not a failure', () => {
  const r = judgeRule(rule, evidence({ era: { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true } }));
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
});
