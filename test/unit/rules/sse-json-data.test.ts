import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/sse-json-data.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

const msg = '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}';

test('sse-json-data: every event one JSON-RPC message → pass', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{ data: msg }, {}], [], { id: 'p' })]));
  assert.equal(r.outcome, 'allJson');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /2 event\(s\) on 1 stream/);
});

test('sse-json-data: id-only priming event with empty data → pass, recorded in data', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{ id: 'p-0', data: '' }, { id: 'p-1', data: msg }], [], { id: 'p' })]));
  assert.equal(r.outcome, 'withPriming');
  assert.equal(r.status, 'pass');
  assert.equal(r.data?.primingEvents, 1);
});

test('sse-json-data: empty data without an id → warn', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{ data: '' }, { data: msg }], [], { id: 'g' })]));
  assert.equal(r.outcome, 'emptyData');
  assert.equal(r.status, 'warn');
  assert.ok(r.fix);
});

test('sse-json-data: non-JSON data → fail with the first excerpt', () => {
  const r = judgeRule(rule, evidence({}, [sseExchange([{ data: msg }, { data: 'ping' }, { data: '{"hello":1}' }], [], { id: 'g' })]));
  assert.equal(r.outcome, 'invalidData');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /2 of 3 .*first on g \(not JSON\): "ping"/);
  assert.deepEqual(r.exchanges, ['g']);
});

test('sse-json-data: JSON that is not JSON-RPC, and batches after 2025-03-26, fail', () => {
  const r1 = judgeRule(rule, evidence({}, [sseExchange([{ data: '{"hello":1}' }], [], { id: 'g' })]));
  assert.equal(r1.outcome, 'invalidData');
  assert.match(r1.detail, /not a JSON-RPC 2\.0 message/);
  const r2 = judgeRule(rule, evidence({}, [sseExchange([{ data: `[${msg}]` }], [], { id: 'g' })]));
  assert.equal(r2.outcome, 'invalidData');
  assert.match(r2.detail, /batching/);
});

test('sse-json-data: a batch is accepted on a 2025-03-26 session', () => {
  const era = { reachable: true, revisions: ['2025-03-26' as const], era: 'session' as const, transport: 'streamable-http' as const, protocolVersion: '2025-03-26', sessionRevision: '2025-03-26' as const, authBlocked: false };
  const r = judgeRule(rule, evidence({ era }, [sseExchange([{ data: `[${msg}]` }], [], { id: 'g' })]));
  assert.equal(r.outcome, 'allJson');
});

test('sse-json-data: truncated events and legacy endpoint events are skipped', () => {
  const r = judgeRule(rule, evidence({}, [
    sseExchange([{ data: '{"jsonrpc":"2.0","me', truncated: true }], [], { id: 'g' }),
    sseExchange([{ event: 'endpoint', data: '/messages?sessionId=1' }], [], { id: 'l', probe: 'legacy' }),
  ]));
  assert.equal(r.outcome, 'noEvents');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /1 truncated/);
});

test('sse-json-data: applies in the stateless era; not to legacy-only servers', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra }, [sseExchange([{ data: msg }], [], { probe: 'discover' })])).outcome, 'allJson');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'era-not-applicable');
});

test('sse-json-data: an event of another type (`event: ping`, empty data) is no MCP message and not judged', () => {
  // @hono/mcp keeps its GET stream alive with `event: ping` + `data:` every 30 s; the SDK clients read
  // only events without a type or of type `message`
  const r = judgeRule(rule, evidence({}, [sseExchange([{ data: msg }, { event: 'ping', data: '' }], [], { id: 'g' })]));
  assert.equal(r.outcome, 'allJson');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /1 event\(s\) on 1 stream\(s\) \(and 1 of another event type, not MCP messages\)/);
  // an untyped or `message` event with the same empty data still is one
  assert.equal(judgeRule(rule, evidence({}, [sseExchange([{ data: msg }, { event: 'message', data: '' }], [], { id: 'g' })])).outcome, 'emptyData');
});

test('sse-json-data: a JSON-only server (GET 405, no event stream anywhere) is not applicable, not unobserved', () => {
  const getStream = { attempted: true, exchangeId: 'g', status: 405, keepAliveObservable: false };
  const r = judgeRule(rule, evidence({ getStream }));
  assert.equal(r.outcome, 'noSse');
  assert.equal(r.data?.unobserved, undefined);
  assert.match(r.detail, /GET answered 405/);
  // 2026-07-28 only: the discover probe's GET
  const discover = { attempted: true, answered: true, exchangeId: 'd', status: 200, get: { exchangeId: 'dg', status: 405 } };
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, discover })).outcome, 'noSse');
  // a GET stream that opened but stayed silent is a stream not seen talking
  assert.equal(judgeRule(rule, evidence({ getStream: { ...getStream, status: 200 } })).outcome, 'noEvents');
});
