import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/last-event-id-resume.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/evidence.ts';

type R = NonNullable<Probes['resume']>;
const resume = (over: Partial<R>): { resume: R } => ({
  resume: {
    attempted: true, sourceExchangeId: 'g', lastEventId: 's1_2', exchangeId: 'r', status: 200, contentType: 'text/event-stream',
    replayedIds: [], foreignReplays: [], duplicateReplays: [], ...over,
  },
});

test('last-event-id-resume: replays only later events → pass', () => {
  const r = judgeRule(rule, evidence(resume({ replayedIds: ['s1_3', 's1_4'] })));
  assert.equal(r.outcome, 'replayed');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /Last-Event-ID "s1_2" → 200 text\/event-stream; 2 event\(s\) replayed/);
  assert.deepEqual(r.exchanges, ['g', 'r']);
});

test('last-event-id-resume: empty 200 stream → pass, nothing to replay', () => {
  const r = judgeRule(rule, evidence(resume({})));
  assert.equal(r.outcome, 'nothingToReplay');
  assert.equal(r.score, 1);
});

test('last-event-id-resume: events at or before Last-Event-ID replayed → warn', () => {
  const r = judgeRule(rule, evidence(resume({ replayedIds: ['s1_1', 's1_2', 's1_3'], duplicateReplays: ['s1_1', 's1_2'] })));
  assert.equal(r.outcome, 'duplicates');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /2 at or before Last-Event-ID \(s1_1, s1_2\)/);
});

test('last-event-id-resume: 400/404/405/409 → warn (allowed, but messages are lost)', () => {
  for (const status of [400, 404, 405, 409]) {
    const r = judgeRule(rule, evidence(resume({ status, contentType: 'application/json' })));
    assert.equal(r.outcome, 'refused');
    assert.equal(r.status, 'warn');
    assert.match(r.fix ?? '', /eventStore/);
  }
});

test('last-event-id-resume: 5xx → fail; other answers → warn', () => {
  assert.equal(judgeRule(rule, evidence(resume({ status: 502 }))).outcome, 'serverError');
  const r = judgeRule(rule, evidence(resume({ status: 200, contentType: 'application/json' })));
  assert.equal(r.outcome, 'otherStatus');
  assert.equal(judgeRule(rule, evidence(resume({ status: 401 }))).outcome, 'otherStatus');
});

test('last-event-id-resume: events without ids → na by design (not unobserved)', () => {
  const r = judgeRule(rule, evidence(
    { resume: { attempted: false, skippedReason: 'no event id seen', replayedIds: [], foreignReplays: [], duplicateReplays: [] } },
    [sseExchange([{}, {}], [], { id: 'g', probe: 'get-stream' })],
  ));
  assert.equal(r.outcome, 'noEventIds');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('last-event-id-resume: GET 405 → na by design', () => {
  const r = judgeRule(rule, evidence({ getStream: { attempted: true, exchangeId: 'g', status: 405, keepAliveObservable: false } }));
  assert.equal(r.outcome, 'noGetStream');
  assert.equal(r.data?.unobserved, undefined);
});

test('last-event-id-resume: skipped (e.g. no events arrived) or no response → unobserved', () => {
  const r = judgeRule(rule, evidence({ resume: { attempted: false, skippedReason: '--quick', replayedIds: [], foreignReplays: [], duplicateReplays: [] } }));
  assert.equal(r.outcome, 'notAttempted');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /--quick/);
  assert.equal(judgeRule(rule, evidence(resume({ status: undefined }))).outcome, 'notAttempted');
});

test('last-event-id-resume: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});
