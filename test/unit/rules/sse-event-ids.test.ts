import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/sse-event-ids.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

const inSession = (sid: string) => ({ request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: { accept: 'text/event-stream', 'mcp-session-id': sid } } });

test('sse-event-ids: ids on every event, unique per session → pass', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ id: 's1_1' }, { id: 's1_2' }], [], { id: 'g', probe: 'get-stream', ...inSession('A') }),
    sseExchange([{ id: 's2_1', data: '' }, { id: 's2_2' }], [], { id: 'p', probe: 'tools-list', ...inSession('A') }),
  ]));
  assert.equal(r.outcome, 'allIds');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /4 of 4 event\(s\) on 2 stream\(s\)/);
});

test('sse-event-ids: the same id in two sessions is fine; replays are ignored', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ id: '1' }], [], { id: 'a', probe: 'get-stream', ...inSession('A') }),
    sseExchange([{ id: '1' }], [], { id: 'b', probe: 'tool-call', ...inSession('B') }),
    sseExchange([{ id: '1' }], [], { id: 'r', probe: 'resume', ...inSession('A') }),
  ]));
  assert.equal(r.outcome, 'allIds');
  assert.ok(!r.exchanges.includes('r'));
});

test('sse-event-ids: no ids at all → warn (ids are MAY), fix names the eventStore', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{}, {}, {}], [], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'noIds');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /0 of 3/);
  assert.match(r.fix ?? '', /eventStore/);
});

test('sse-event-ids: ids on some events only → warn', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ id: '1' }], [], { id: 'g', probe: 'get-stream' }),
    sseExchange([{}], [], { id: 'p', probe: 'tools-list' }),
  ]));
  assert.equal(r.outcome, 'someIds');
  assert.equal(r.status, 'warn');
  assert.equal(r.data?.withId, 1);
});

test('sse-event-ids: an id reused across streams of one session → fail (unique once present: MUST)', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ id: '7' }], [], { id: 'g', probe: 'get-stream', ...inSession('A') }),
    sseExchange([{ id: '7' }], [], { id: 'p', probe: 'tools-list', ...inSession('A') }),
  ]));
  assert.equal(r.outcome, 'duplicateIds');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /"7" on g and p/);
});

test('sse-event-ids: no events → unobserved', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([], [{ t: 15000 }], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'noEvents');
  assert.equal(r.data?.unobserved, true);
});

test('sse-event-ids: stateless 2026-07-28 exchanges of a dual-era server are not held to ids', () => {
  const dual = { ...statelessEra, revisions: ['2026-07-28', '2025-11-25'] as ('2026-07-28' | '2025-11-25')[], sessionRevision: '2025-11-25' as const };
  const r = judgeRule(rule, evidence({ era: dual }, [
    sseExchange([{}], [], { id: 'd', probe: 'discover' }),
    sseExchange([{ id: '1' }], [], { id: 'g', probe: 'get-stream' }),
  ]));
  assert.equal(r.outcome, 'allIds');
});

test('sse-event-ids: stateless-only server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('sse-event-ids: a server that mints no session is not judged (nothing to resume in)', () => {
  const x = sseExchange([{}, {}], [], { id: 'p', probe: 'tools-list' });
  const r = judgeRule(rule, evidence({ initialize: { attempted: true, attempts: [], ok: true, sessionIdSamples: [] } }, [x]));
  assert.equal(r.outcome, 'noSession');
  assert.equal(r.status, 'na');
});
