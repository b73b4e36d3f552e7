import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/session-required-400.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

const ev = (status?: number, applicable = true) =>
  evidence({ session: { applicable, ...(status === undefined ? {} : { missingId: { exchangeId: 'm', status } }) } });

test('session-required-400: 400 → pass', () => {
  const r = judgeRule(rule, ev(400));
  assert.equal(r.outcome, 'badRequest');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['m']);
});

test('session-required-400: served without a session → warn', () => {
  const r = judgeRule(rule, ev(200));
  assert.equal(r.outcome, 'accepted');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /→ 200/);
});

test('session-required-400: served without a session by a server that serves made-up ids too → na (session-unknown-404 reports it)', () => {
  const r = judgeRule(rule, evidence({ session: { applicable: true, missingId: { exchangeId: 'm', status: 200 }, unknownId: { exchangeId: 'u', status: 200 } } }));
  assert.equal(r.outcome, 'servesAnyId');
  assert.equal(r.status, 'na');
  assert.deepEqual(r.exchanges, ['m', 'u']);
  // a server that refuses made-up ids but serves a missing one still gets the warning
  const w = judgeRule(rule, evidence({ session: { applicable: true, missingId: { exchangeId: 'm', status: 200 }, unknownId: { exchangeId: 'u', status: 404 } } }));
  assert.equal(w.outcome, 'accepted');
});

test('session-required-400: other refusal → warn', () => {
  const r = judgeRule(rule, ev(404));
  assert.equal(r.outcome, 'otherStatus');
  assert.equal(r.status, 'warn');
});

test('session-required-400: no session → na; not probed → unobserved', () => {
  assert.equal(judgeRule(rule, ev(400, false)).outcome, 'noSession');
  const r = judgeRule(rule, ev(undefined));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
});

test('session-required-400: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('session-required-400: a 401 without credentials from a server that challenges is the login: not applicable', () => {
  const r = judgeRule(rule, evidence({
    auth: { attempted: true, required: true, unauthenticated: { exchangeId: 'c', status: 401 } },
    session: { applicable: true, missingId: { exchangeId: 'm', status: 401 } },
  }));
  assert.equal(r.outcome, 'authMasked');
  assert.equal(r.status, 'na');
  assert.equal(judgeRule(rule, ev(401)).outcome, 'otherStatus');
});

test('session-required-400: a 5xx that server/discover met too → na (modern-client-fallback reports it); a 5xx alone → warn', () => {
  const both = judgeRule(rule, evidence({ session: { applicable: true, missingId: { exchangeId: 'm', status: 500 } }, discover: { attempted: true, answered: false, exchangeId: 'd', status: 500 } }));
  assert.equal(both.outcome, 'serverError');
  assert.equal(both.status, 'na');
  assert.deepEqual(both.exchanges, ['m', 'd']);
  assert.match(both.detail, /modern-client-fallback/);
  const alone = judgeRule(rule, evidence({ session: { applicable: true, missingId: { exchangeId: 'm', status: 500 } }, discover: { attempted: true, answered: false, exchangeId: 'd', status: 400 } }));
  assert.equal(alone.outcome, 'otherStatus');
  assert.equal(alone.status, 'warn');
});
