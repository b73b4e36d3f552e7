import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/notification-202.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import { xchg } from './_support.ts';

const notif = (status: number, bodyBytes = 0, body?: string) => evidence(
  { initialized: { attempted: true, exchangeId: 'n', status, bodyBytes } },
  [xchg({ id: 'n', probe: 'initialized', response: { status, headers: {}, bodyBytes, ...(body ? { body } : {}) } })],
);

test('notification-202: 202 with an empty body passes', () => {
  const r = judgeRule(rule, notif(202));
  assert.equal(r.outcome, 'accepted');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /→ 202, empty body/);
  assert.deepEqual(r.exchanges, ['n']);
});

test('notification-202: 200 with a body fails with score 0.3', () => {
  const r = judgeRule(rule, notif(200, 2, '{}'));
  assert.equal(r.outcome, 'wrong2xx');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0.3);
  assert.match(r.detail, /200.*2-byte body "\{\}"/);
});

test('notification-202: 202 with a body is not clean either', () => {
  assert.equal(judgeRule(rule, notif(202, 5, 'hello')).outcome, 'wrong2xx');
});

test('notification-202: 400 / 500 fail with score 0', () => {
  for (const s of [400, 500]) {
    const r = judgeRule(rule, notif(s));
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.score, 0);
  }
});

test('notification-202: not sent, or no response → unobserved', () => {
  const r1 = judgeRule(rule, evidence());
  assert.equal(r1.outcome, 'unobserved');
  assert.equal(r1.data?.unobserved, true);
  const r2 = judgeRule(rule, evidence({ initialized: { attempted: true, exchangeId: 'n' } },
    [xchg({ id: 'n', response: undefined, error: { kind: 'connect-timeout', message: 'timed out' } })]));
  assert.equal(r2.outcome, 'unobserved');
  assert.match(r2.detail, /connect-timeout/);
});

test('notification-202: applies to 2026-07-28 too (a notification is still answered 202)', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'unobserved');
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, initialized: { attempted: true, exchangeId: 'n', status: 202, bodyBytes: 0 } })).outcome, 'accepted');
});
