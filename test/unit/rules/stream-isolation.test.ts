import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/stream-isolation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { score } from '../../../src/engine/scoring.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/evidence.ts';

type R = NonNullable<Probes['resume']>;
const resume = (over: Partial<R>): R => ({
  attempted: true, sourceExchangeId: 'g', lastEventId: 'e1', exchangeId: 'r', status: 200,
  replayedIds: [], foreignReplays: [], duplicateReplays: [], ...over,
});

test('stream-isolation: resume without foreign events → pass', () => {
  const r = judgeRule(rule, evidence({ resume: resume({ replayedIds: ['e2'] }) }));
  assert.equal(r.outcome, 'isolated');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /resume → 200, 1 replayed, none foreign/);
});

test('stream-isolation: a refused resume still counts as attempted → pass', () => {
  assert.equal(judgeRule(rule, evidence({ resume: resume({ status: 405 }) })).outcome, 'isolated');
});

test('stream-isolation: second session watched without leaks → pass', () => {
  const r = judgeRule(rule, evidence({ toolCall: { attempted: true, exchangeId: 't', secondSession: { exchangeId: 's2', sawFirstSessionMessages: false } } }));
  assert.equal(r.outcome, 'isolated');
  assert.ok(r.exchanges.includes('s2'));
});

test('stream-isolation: foreign replay → fail, caps D8 at 0.5', () => {
  const r = judgeRule(rule, evidence({ resume: resume({ replayedIds: ['x9'], foreignReplays: [{ id: 'x9', seenOn: 's2' }] }) }));
  assert.equal(r.outcome, 'foreignReplay');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /1 foreign event\(s\): "x9" first seen on s2/);
  assert.match(r.fix ?? '', /stream/);
  const s = score([{ ...r, weight: 3 }, { ...r, id: 'other', status: 'pass', score: 1, cap: undefined, weight: 30 }]);
  assert.ok((s.scores.D8 ?? 100) <= 50);
});

test('stream-isolation: second session saw the first session\'s messages → fail', () => {
  const r = judgeRule(rule, evidence({ toolCall: { attempted: true, tool: 'slow', exchangeId: 't', secondSession: { exchangeId: 's2', sawFirstSessionMessages: true } } }));
  assert.equal(r.outcome, 'crossSessionDelivery');
  assert.equal(r.cap, 0.5);
  assert.deepEqual(r.exchanges, ['t', 's2']);
});

test('stream-isolation: nothing observed → unobserved', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'notObserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ resume: resume({ status: undefined }) })).outcome, 'notObserved');
});

test('stream-isolation: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});
