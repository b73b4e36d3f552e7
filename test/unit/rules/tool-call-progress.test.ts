import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/tool-call-progress.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange } from '../../fixtures/evidence.ts';

const TOKEN = 'agentready-abc';
const progress = (t: number) => ({ t, data: `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"${TOKEN}","progress":1}}` });
const result = (t: number) => ({ t, data: '{"jsonrpc":"2.0","id":7,"result":{"content":[]}}' });
const call = (ok = true, progressCount = 3) => ({ toolCall: { attempted: true, tool: 'slow-count', exchangeId: 'tc', progressToken: TOKEN, progressCount, ok } });

test('tool-call-progress: progress spread over the call passes', () => {
  const x = sseExchange([progress(10), progress(300), progress(600), result(900)], [], { id: 'tc', probe: 'tool-call' });
  const r = judgeRule(rule, evidence(call(), [x]));
  assert.equal(r.outcome, 'progressive');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /3 progress notification/);
});

test('tool-call-progress: progress only with the result is buffering: na here, one finding in proxy-buffering', () => {
  const x = sseExchange([progress(1500), progress(1501), progress(1502), result(1503)], [], { id: 'tc', probe: 'tool-call' });
  const r = judgeRule(rule, evidence(call(), [x]));
  assert.equal(r.outcome, 'atTheEnd');
  assert.equal(r.status, 'na');
  assert.match(r.summary, /proxy-buffering/);
});

test('tool-call-progress: a failed call is not the server\'s finding (na), and says what the server answered', () => {
  const x = sseExchange([{ data: '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"insufficient scope"}],"isError":true}}' }], [], { id: 'tc', probe: 'tool-call' });
  const r = judgeRule(rule, evidence(call(false), [x]));
  assert.equal(`${r.status}/${r.outcome}`, 'na/callFailed');
  assert.match(r.detail, /insufficient scope/);
});

test('tool-call-progress: a tool that reports no progress is not judged', () => {
  const x = sseExchange([result(100)], [], { id: 'tc', probe: 'tool-call' });
  const r = judgeRule(rule, evidence(call(true, 0), [x]));
  assert.equal(r.outcome, 'noProgress');
  assert.equal(r.status, 'na');
});

test('tool-call-progress: without --call-tool nothing is called', () => {
  const r = judgeRule(rule, evidence({ toolCall: { attempted: false, skippedReason: 'no tool named with --call-tool' } }));
  assert.equal(r.outcome, 'notRequested');
  assert.equal(judgeRule(rule, evidence()).outcome, 'notRequested');
});

test('tool-call-progress: the call\'s progress on the GET stream instead of its own warns (SHOULD relate to the request; the GET stream\'s SHOULD be unrelated)', () => {
  const x = sseExchange([result(3000)], [], { id: 'tc', probe: 'tool-call' });
  const g = sseExchange([progress(600), progress(1200), progress(1800)], [], { id: 'g', probe: 'get-stream', label: 'GET stream' });
  const r = judgeRule(rule, evidence(call(true, 0), [x, g]));
  assert.equal(r.outcome, 'otherStream');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /no progress on its own stream; 3 progress notification\(s\) for its token arrived on g GET stream/);
  assert.deepEqual(r.exchanges, ['tc', 'g']);
  assert.match(r.fix ?? '', /own response stream/);
});

test('tool-call-progress: progress for another token elsewhere is not this call\'s', () => {
  const x = sseExchange([result(3000)], [], { id: 'tc', probe: 'tool-call' });
  const other = { t: 600, data: '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"agentready-other","progress":1}}' };
  const g = sseExchange([other], [], { id: 'g', probe: 'get-stream' });
  assert.equal(judgeRule(rule, evidence(call(true, 0), [x, g])).outcome, 'noProgress');
});
