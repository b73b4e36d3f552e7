import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/last-event-id-resume.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

type R = NonNullable<Probes['resume']>;
const attempt = (over: Partial<R>): R => ({
  attempted: true, source: 'get', sourceExchangeId: 'g', lastEventId: 's1_2', exchangeId: 'r', status: 200, contentType: 'text/event-stream',
  replayedIds: [], foreignReplays: [], duplicateReplays: [], ...over,
});
const resume = (over: Partial<R>): { resume: R } => ({ resume: attempt(over) });

test('last-event-id-resume: replays only later events → pass', () => {
  const r = judgeRule(rule, evidence(resume({ replayedIds: ['s1_3', 's1_4'] })));
  assert.equal(r.outcome, 'replayed');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /the GET stream: GET with Last-Event-ID "s1_2" → 200 text\/event-stream, 2 event\(s\) replayed/);
  assert.deepEqual(r.exchanges, ['g', 'r']);
  assert.equal(r.level, 'MAY', 'replay is optional');
});

test('last-event-id-resume: empty 200 stream → pass, nothing to replay', () => {
  const r = judgeRule(rule, evidence(resume({})));
  assert.equal(r.outcome, 'nothingToReplay');
  assert.equal(r.score, 1);
});

test('last-event-id-resume: accepted but the messages after that id not replayed → warn (lost without the client knowing)', () => {
  // a POST stream: priming event (no data), then the response; resumed from the priming id
  const source = sseExchange([{ id: 'p1', data: '' }, { id: 'p2', data: '{"jsonrpc":"2.0","id":7,"result":{}}' }], [], { id: 'p', probe: 'tools-list' });
  const lost = judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'post', sourceExchangeId: 'p', lastEventId: 'p1' })] }, [source]));
  assert.equal(lost.outcome, 'lostEvents');
  assert.equal(lost.status, 'warn');
  assert.match(lost.detail, /a POST response stream: .*0 event\(s\) replayed, 1 message\(s\) it had carried after that id not replayed/);
  assert.ok(lost.fix);
  // the same resume with the response replayed passes; resumed from the newest id, nothing was owed
  assert.equal(judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'post', sourceExchangeId: 'p', lastEventId: 'p1', replayedIds: ['p2'] })] }, [source])).outcome, 'replayed');
  assert.equal(judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'post', sourceExchangeId: 'p', lastEventId: 'p2' })] }, [source])).outcome, 'nothingToReplay');
  // a refusal is still allowed: the client knows to re-request
  assert.equal(judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'post', sourceExchangeId: 'p', lastEventId: 'p1', status: 404 })] }, [source])).outcome, 'refused');
  // past the replayed ids the probe keeps, what came back is unknown: not judged lost
  const many = sseExchange(Array.from({ length: 300 }, (_, i) => ({ id: `g${i}` })), [], { id: 'g', probe: 'get-stream' });
  const capped = attempt({ lastEventId: 'g0', replayedIds: Array.from({ length: 200 }, (_, i) => `g${i + 1}`) });
  assert.equal(judgeRule(rule, evidence({ resume: capped }, [many])).outcome, 'replayed');
});

test('last-event-id-resume: events at or before Last-Event-ID replayed → warn', () => {
  const r = judgeRule(rule, evidence(resume({ replayedIds: ['s1_1', 's1_2', 's1_3'], duplicateReplays: ['s1_1', 's1_2'] })));
  assert.equal(r.outcome, 'duplicates');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /2 at or before Last-Event-ID/);
});

test('last-event-id-resume: a refusal is allowed (replay is MAY) → na', () => {
  for (const status of [400, 404, 405, 409]) {
    const r = judgeRule(rule, evidence(resume({ status, contentType: 'application/json' })));
    assert.equal(r.outcome, 'refused');
    assert.equal(r.status, 'na');
  }
});

test('last-event-id-resume: refusing after closing a stream early with retry: → fail (the polling client loses the response)', () => {
  const source = sseExchange([{ id: 'p1', data: '' }], [], { id: 'p', probe: 'tools-list', request: { method: 'POST', url: 'http://h/mcp', headers: {}, body: '{"jsonrpc":"2.0","id":7,"method":"tools/list"}' } }, [1000]);
  source.response!.endedBy = 'complete';
  source.response!.rpc = { framing: 'sse', messages: 0, responses: 0, requests: 0, notifications: 0, invalid: [], answered: false };
  const r = judgeRule(rule, evidence({ resume: attempt({ source: 'post', sourceExchangeId: 'p', status: 400 }) }, [source]));
  assert.equal(r.outcome, 'refusedWhilePolling');
  assert.equal(r.status, 'fail');
});

test('last-event-id-resume: a stream dropped mid-call whose result never comes back → warn', () => {
  const r = judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'tool-call', droppedBeforeResponse: true, responseRecovered: false, replayedIds: ['t2'] })] }));
  assert.equal(r.outcome, 'lostResponse');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /the tools\/call stream \(dropped before its response\).*the response not recovered/);
  const ok = judgeRule(rule, evidence({ resumeMore: [attempt({ source: 'tool-call', droppedBeforeResponse: true, responseRecovered: true, replayedIds: ['t2', 't3'] })] }));
  assert.equal(ok.outcome, 'replayed');
});

test('last-event-id-resume: the worst of several attempts counts, every one is shown', () => {
  const r = judgeRule(rule, evidence({ resume: attempt({ replayedIds: ['s1_3'] }), resumeMore: [attempt({ source: 'post', sourceExchangeId: 'p', exchangeId: 'r2', status: 503 })] }));
  assert.equal(r.outcome, 'serverError');
  assert.match(r.detail, /the GET stream: .*; a POST response stream: .*503/);
  assert.deepEqual(r.data?.sources, ['get', 'post']);
});

test('last-event-id-resume: 5xx → fail; a replay under another Content-Type is judged by what it replays; other statuses warn', () => {
  assert.equal(judgeRule(rule, evidence(resume({ status: 502 }))).outcome, 'serverError');
  assert.equal(judgeRule(rule, evidence(resume({ status: 200, contentType: 'application/json' }))).outcome, 'nothingToReplay');
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

test('last-event-id-resume: GET 405 and nothing streamed → na by design', () => {
  const r = judgeRule(rule, evidence({ getStream: { attempted: true, exchangeId: 'g', status: 405, keepAliveObservable: false } }));
  assert.equal(r.outcome, 'noGetStream');
  assert.equal(r.data?.unobserved, undefined);
});

test('last-event-id-resume: skipped (no events arrived at all) or no response → unobserved', () => {
  const r = judgeRule(rule, evidence({ resume: { attempted: false, skippedReason: '--quick', replayedIds: [], foreignReplays: [], duplicateReplays: [] } }));
  assert.equal(r.outcome, 'notAttempted');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /--quick/);
  assert.equal(judgeRule(rule, evidence(resume({ status: undefined }))).outcome, 'notAttempted');
});

test('last-event-id-resume: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('last-event-id-resume: POST events without ids but the GET stream refused → unobserved, not "no ids" (mcp-lite numbers only GET events)', () => {
  const post = sseExchange([{ data: '{"jsonrpc":"2.0","id":2,"result":{}}' }], [], { id: 'p', probe: 'tools-list' });
  const getStream = (status: number): Probes['getStream'] => ({ attempted: true, exchangeId: 'g', status, keepAliveObservable: false });
  const refused = judgeRule(rule, evidence({ getStream: getStream(400) }, [post]));
  assert.equal(refused.outcome, 'notAttempted');
  assert.equal(refused.status, 'na');
  assert.match(refused.detail, /none with an id, and the GET stream was refused \(400\)/);
  // a server with no GET stream at all (405) has shown every stream it has: no ids
  assert.equal(judgeRule(rule, evidence({ getStream: getStream(405) }, [post])).outcome, 'noEventIds');
  assert.equal(judgeRule(rule, evidence({ getStream: getStream(200) }, [post])).outcome, 'noEventIds');
});
