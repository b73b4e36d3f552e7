import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/session-delete.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

const ev = (del?: number, after?: number, applicable = true) => evidence({
  session: {
    applicable,
    ...(del === undefined ? {} : { delete: { exchangeId: 'd', status: del } }),
    ...(after === undefined ? {} : { afterDelete: { exchangeId: 'a', status: after } }),
  },
});

test('session-delete: 2xx then 404 → pass', () => {
  const r = judgeRule(rule, ev(204, 404));
  assert.equal(r.outcome, 'terminated');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /DELETE → 204; POST with the deleted session id → 404/);
  assert.deepEqual(r.exchanges, ['d', 'a']);
});

test('session-delete: 2xx, follow-up not observed → pass (unverified)', () => {
  assert.equal(judgeRule(rule, ev(200)).outcome, 'deletedUnverified');
});

test('session-delete: 405 → pass', () => {
  const r = judgeRule(rule, ev(405));
  assert.equal(r.outcome, 'notAllowed');
  assert.equal(r.status, 'pass');
});

test('session-delete: 2xx but the session still answers → warn', () => {
  const r = judgeRule(rule, ev(200, 200));
  assert.equal(r.outcome, 'stillAlive');
  assert.equal(r.status, 'warn');
  assert.equal(judgeRule(rule, ev(200, 400)).outcome, 'stillAlive');
});

test('session-delete: a server that serves made-up session ids too → na, pointing to session-unknown-404', () => {
  const withUnknown = (after: number, unknown: number) => evidence({
    session: { applicable: true, delete: { exchangeId: 'd', status: 200 }, afterDelete: { exchangeId: 'a', status: after }, unknownId: { exchangeId: 'u', status: unknown } },
  });
  const r = judgeRule(rule, withUnknown(200, 200));
  assert.equal(r.outcome, 'servesAnyId');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /made-up session id is served too \(200\): see session-unknown-404/);
  assert.deepEqual(r.exchanges, ['d', 'a', 'u']);
  // a server that refuses made-up ids but still serves the deleted one kept it alive
  assert.equal(judgeRule(rule, withUnknown(200, 404)).outcome, 'stillAlive');
});

test('session-delete: other DELETE status → warn', () => {
  const r = judgeRule(rule, ev(500));
  assert.equal(r.outcome, 'otherStatus');
  assert.equal(r.status, 'warn');
});

test('session-delete: no session → na; not probed → unobserved', () => {
  assert.equal(judgeRule(rule, ev(200, 404, false)).outcome, 'noSession');
  const r = judgeRule(rule, ev());
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('session-delete: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('session-delete: DELETE accepted, then a 401 without credentials from a server that challenges: unverified, not "terminated"', () => {
  const e = ev(200, 401);
  e.probes.session!.unknownId = { exchangeId: 'u', status: 401 };
  e.probes.auth = { attempted: true, required: true, unauthenticated: { exchangeId: 'c', status: 401 } };
  const r = judgeRule(rule, e);
  assert.equal(r.outcome, 'deletedUnverified');
  assert.match(r.detail, /went without credentials to a server that demands them/);
});
