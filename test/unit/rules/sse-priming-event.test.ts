import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/sse-priming-event.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Exchange } from '../../../src/contract/evidence.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

const RESULT = '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}';
/** a POST of the 2025-11-25 session answered with these events */
function post(id: string, events: { id?: string; data: string }[], version = '2025-11-25'): Exchange {
  return sseExchange(events, [], {
    id, probe: 'tools-list', label: `POST tools/list (${id})`,
    request: { method: 'POST', url: 'https://mcp.example.com/mcp', headers: { 'mcp-session-id': 's1', 'mcp-protocol-version': version, accept: 'application/json, text/event-stream' } },
  });
}

test('sse-priming-event: streams that open with id + empty data pass', () => {
  const r = judgeRule(rule, evidence({}, [post('p1', [{ id: 's_1', data: '' }, { id: 's_2', data: RESULT }]), post('p2', [{ id: 't_1', data: '' }, { id: 't_2', data: RESULT }])]));
  assert.equal(`${r.status}/${r.outcome}`, 'pass/primed');
  assert.match(r.detail, /2 of 2 POST response stream\(s\) with event ids opened with a priming event/);
});

// agents 0.32 McpAgent (Cloudflare): an event store and ids, but the response is the first event
test('sse-priming-event: ids without a priming event warn, naming the stream', () => {
  const r = judgeRule(rule, evidence({}, [post('p1', [{ id: 's_1', data: '' }, { id: 's_2', data: RESULT }]), post('p2', [{ id: 'abc:0001', data: RESULT }])]));
  assert.equal(`${r.status}/${r.outcome}`, 'warn/notPrimed');
  assert.match(r.detail, /1 of 2 .* opened with a priming event; POST tools\/list \(p2\) opened with a message \(id "abc:0001"\)/);
  assert.deepEqual(r.exchanges, ['p2']);
  assert.ok(r.fix);
});

test('sse-priming-event: no ids at all is na (nothing to prime), no SSE POSTs is na, and only 2025-11-25 is judged', () => {
  const noIds = judgeRule(rule, evidence({}, [post('p1', [{ data: RESULT }])]));
  assert.equal(`${noIds.status}/${noIds.outcome}`, 'na/noEventIds');
  assert.equal(judgeRule(rule, evidence({}, [])).outcome, 'noSsePosts');
  // a 2025-06-18 session is not judged by this revision's SHOULD
  const older = judgeRule(rule, evidence({ era: { ...evidence().probes.era, revisions: ['2025-06-18'], sessionRevision: '2025-06-18' } }, [post('p1', [{ id: 'x', data: RESULT }], '2025-06-18')]));
  assert.equal(older.status, 'na');
  assert.equal(judgeRule(rule, evidence({ era: statelessEra }, [])).status, 'na');
});
