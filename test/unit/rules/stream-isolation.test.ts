import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/stream-isolation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { score } from '../../../src/engine/scoring.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { attributeReplay } from '../../../src/gather/stream.ts';
import { foreignIn } from '../../../src/gather/isolation.ts';
import { xchg } from './_support.ts';

type R = NonNullable<Probes['resume']>;
type Iso = NonNullable<Probes['isolation']>;
const resume = (over: Partial<R>): R => ({
  attempted: true, source: 'get', sourceExchangeId: 'g', lastEventId: 'e1', exchangeId: 'r', status: 200,
  replayedIds: [], foreignReplays: [], duplicateReplays: [], ...over,
});
const watch = (over: Partial<Iso['watches'][number]> = {}): Iso['watches'][number] => ({ kind: 'second-session', exchangeId: 's2', status: 200, open: true, leaked: [], events: 0, ...over });
const isolation = (...watches: Iso['watches']): Iso => ({ attempted: true, watches, stimuli: ['notifications/roots/list_changed'] });

test('stream-isolation: resume without foreign events → pass', () => {
  const r = judgeRule(rule, evidence({ resume: resume({ replayedIds: ['e2'] }) }));
  assert.equal(r.outcome, 'isolated');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /resume of the GET stream → 200, 1 replayed, none foreign/);
});

test('stream-isolation: a refused resume and nothing else open is not observed, not a pass on nothing (firecrawl-mcp: one 405)', () => {
  const r = judgeRule(rule, evidence({ resume: resume({ status: 405 }) }));
  assert.equal(r.outcome, 'notObserved');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /resume of the GET stream → 405.*no stream was open that could have carried another client's messages/);
  // the same refusal beside a second session's stream that stayed clean is a pass
  assert.equal(judgeRule(rule, evidence({ resume: resume({ status: 405 }), isolation: isolation(watch()) })).outcome, 'isolated');
});

test('stream-isolation: other clients watched without leaks → pass', () => {
  const r = judgeRule(rule, evidence({ isolation: isolation(watch(), watch({ kind: 'uninitialized', exchangeId: 'u', status: 400, open: false })) }));
  assert.equal(r.outcome, 'isolated');
  assert.ok(r.exchanges.includes('s2'));
  assert.match(r.detail, /a second session held a stream open/);
});

test('stream-isolation: foreign replay (by event id, or a response to a request sent elsewhere) → fail, caps D8 at 0.5', () => {
  const r = judgeRule(rule, evidence({ resumeMore: [resume({ source: 'post', replayedIds: ['x9'], foreignReplays: [{ id: 'x9', seenOn: 's2' }], foreignResponses: [{ rpcId: 12, sentOn: 'p12' }] })] }));
  assert.equal(r.outcome, 'foreignReplay');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /Resuming a POST response stream .* replayed 2 message\(s\) that stream never carried: event "x9" first seen on s2; the response to request 12 \(sent on p12\)/);
  const s = score([{ ...r, weight: 3 }, { ...r, id: 'other', status: 'pass', score: 1, cap: undefined, weight: 30 }]);
  assert.ok((s.scores.D8 ?? 100) <= 50);
});

test('stream-isolation: a second session, or a client that never initialized, got the first session\'s messages → fail', () => {
  const leaked = [{ what: 'a response to request id 7, which this client never sent' }];
  const second = judgeRule(rule, evidence({ isolation: isolation(watch({ leaked })) }));
  assert.equal(second.outcome, 'crossSessionDelivery');
  assert.equal(second.cap, 0.5);
  assert.deepEqual(second.exchanges, ['s2']);
  const stranger = judgeRule(rule, evidence({ isolation: isolation(watch({ kind: 'uninitialized', exchangeId: 'u', leaked })) }));
  assert.equal(stranger.outcome, 'deliveredToStranger');
  const legacy = judgeRule(rule, evidence({ era: legacyEra, isolation: isolation(watch({ kind: 'legacy-second-session', leaked })) }));
  assert.equal(legacy.outcome, 'crossSessionDelivery');
  assert.match(legacy.detail, /a second HTTP\+SSE session/);
});

test('stream-isolation: nothing observed → unobserved; applies to stateless servers too', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'notObserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ resume: resume({ status: undefined }) })).outcome, 'notObserved');
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'notObserved');
});

test('foreignIn: responses to requests the watcher never sent, foreign progress, roots/list without roots; its own messages are fine', () => {
  const msg = (o: object) => ({ data: JSON.stringify({ jsonrpc: '2.0', ...o }) });
  const leaks = foreignIn([
    msg({ id: 1, result: {} }), // its own initialize
    msg({ id: 42, result: { tools: [] } }),
    msg({ method: 'notifications/progress', params: { progressToken: 'tok-A', progress: 1 } }),
    msg({ method: 'notifications/progress', params: { progressToken: 'tok-own', progress: 1 } }),
    msg({ id: 'srv-1', method: 'roots/list' }),
    msg({ method: 'notifications/message', params: { level: 'info', data: 'broadcast log lines are not provably foreign' } }),
  ], { ownIds: new Set(['1']), foreignTokens: new Set(['tok-A']), declaredRoots: false });
  assert.deepEqual(leaks.map((l) => l.what.split(' ').slice(0, 3).join(' ')), ['a response to', 'progress for another', 'a roots/list request,']);
});

test('attributeReplay: a replayed event first seen on another stream, and a response to another stream\'s request, are foreign', () => {
  const post = (id: string, rpcId: number, eventIds: string[]) => xchg({
    id, probe: 'tools-list', request: { method: 'POST', url: 'http://h/mcp', headers: {}, body: JSON.stringify({ jsonrpc: '2.0', id: rpcId, method: 'tools/list' }) },
    response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 1, bodyBytes: 1, bodyTruncated: false, endedBy: 'complete', sse: { events: eventIds.map((e, i) => ({ t: i, id: e, data: i === 0 ? '' : JSON.stringify({ jsonrpc: '2.0', id: rpcId, result: {} }) })), comments: [], retries: [], droppedEvents: 0, droppedComments: 0, parseErrors: [] } },
  });
  const source = post('p1', 10, ['a0', 'a1']);
  const other = post('p2', 11, ['b0', 'b1']);
  const replay = xchg({
    id: 'r', probe: 'resume', request: { method: 'GET', url: 'http://h/mcp', headers: { 'last-event-id': 'a0' } },
    response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 1, bodyBytes: 1, bodyTruncated: false, endedBy: 'answered', sse: { events: [
      { t: 1, id: 'a1', data: JSON.stringify({ jsonrpc: '2.0', id: 10, result: {} }) },
      { t: 2, id: 'b1', data: JSON.stringify({ jsonrpc: '2.0', id: 11, result: {} }) },
    ], comments: [], retries: [], droppedEvents: 0, droppedComments: 0, parseErrors: [] } },
  });
  const r = attributeReplay(resume({ source: 'post', sourceExchangeId: 'p1', exchangeId: 'r', replayedIds: ['a1', 'b1'] }), [source, other, replay]);
  assert.deepEqual(r.foreignReplays, [{ id: 'b1', seenOn: 'p2' }]);
  assert.deepEqual(r.foreignResponses, [{ rpcId: 11, sentOn: 'p2' }]);
});

// git-mcp-server answers a GET without a session with a JSON status document (200 application/json)
test('stream-isolation: a watcher answered with a 2xx document is described as such, not as a stream held open', () => {
  const doc = xchg({ id: 'u', probe: 'isolation', request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: {} }, response: { status: 200, headers: { 'content-type': 'application/json' }, headersAt: 5, bodyBytes: 40, bodyTruncated: false, endedBy: 'complete', body: '{"status":"ok"}' } });
  const r = judgeRule(rule, evidence({ isolation: isolation(watch(), watch({ kind: 'uninitialized', exchangeId: 'u', status: 200, open: true })) }, [doc]));
  assert.equal(r.outcome, 'isolated');
  assert.match(r.detail, /a never-initialized client's GET was answered 200 application\/json, not a stream: nothing of the first session's/);
  assert.match(r.detail, /a second session held a stream open/);
});
