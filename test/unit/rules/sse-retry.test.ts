import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/sse-retry.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

test('sse-retry: a retry: hint → pass with its value', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ id: '1', data: '' }], [], { id: 'p', probe: 'tools-list' }, [3000]),
    sseExchange([{ id: '2' }], [], { id: 'g', probe: 'get-stream' }),
  ]));
  assert.equal(r.outcome, 'retrySent');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /retry: 3000 ms on 1 of 2 stream/);
  assert.deepEqual(r.data?.retryMs, [3000]);
});

test('sse-retry: a stream the server closed early without retry: → warn naming retryInterval; open streams need none', () => {
  const open = judgeRule(rule, evidence({}, [sseExchange([{ id: '1' }, { id: '2' }], [], { id: 'g', probe: 'get-stream' })]));
  assert.equal(open.outcome, 'noEarlyClose');
  assert.equal(open.status, 'na');
  const closed = sseExchange([{ id: '1' }, { id: '2' }], [], { id: 'g', probe: 'get-stream' });
  closed.response!.endedBy = 'complete';
  const r = judgeRule(rule, evidence({}, [closed]));
  assert.equal(r.outcome, 'noRetry');
  assert.equal(r.status, 'warn');
  assert.match(r.fix ?? '', /retryInterval/);
  assert.match(r.detail, /1 stream\(s\) closed by the server early/);
});

test('sse-retry: events without ids → na (nothing to resume, so no retry hint needed)', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{}, {}], [], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'noIds');
  assert.equal(r.status, 'na');
});

test('sse-retry: no SSE events at all → unobserved', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([], [{ t: 15000 }], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'noSse');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence()).outcome, 'noSse');
});

test('sse-retry: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});
