import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/post-content-type.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import { notificationBody, post, rpc, xchg } from './_support.ts';

test('post-content-type: JSON and SSE (with parameters, any case) pass', () => {
  const r = judgeRule(rule, evidence({}, [
    post('a', { probe: 'initialize', method: 'initialize', contentType: 'application/json; charset=utf-8' }),
    post('b', { contentType: 'Text/Event-Stream', rpc: { framing: 'sse' } }),
  ]));
  assert.equal(r.outcome, 'valid');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /2 request response/);
  assert.deepEqual(r.exchanges, ['a', 'b']);
});

test('post-content-type: every request answered as text/html fails and lists offenders', () => {
  const r = judgeRule(rule, evidence({}, [post('bad', { contentType: 'text/html' })]));
  assert.equal(r.outcome, 'wrongType');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0);
  assert.match(r.detail, /bad tools\/list → 200 text\/html/);
  assert.deepEqual(r.exchanges, ['bad']);
  assert.ok(r.fix);
});

test('post-content-type: a missing Content-Type on one of three is a partial failure', () => {
  const r = judgeRule(rule, evidence({}, [
    post('a'), post('b', { probe: 'ping', method: 'ping' }), post('c', { probe: 'session', contentType: null }),
  ]));
  assert.equal(r.outcome, 'someWrongType');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0.5);
  assert.match(r.detail, /\(no Content-Type\)/);
  assert.deepEqual(r.exchanges, ['c']);
});

test('post-content-type: notifications, non-2xx, GETs and legacy POSTs are not checked', () => {
  const r = judgeRule(rule, evidence({}, [
    post('n', { probe: 'initialized', body: notificationBody('notifications/initialized'), status: 202, contentType: null }),
    post('e', { status: 400, contentType: 'text/plain' }),
    post('l', { probe: 'legacy', status: 202, contentType: 'text/plain' }),
    xchg({ id: 'g', request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: {} }, response: { rpc: rpc() } }),
  ]));
  assert.equal(r.outcome, 'noneObserved');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
});

test('post-content-type: applies to the stateless era, not to legacy-only servers', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra }, [post('d', { probe: 'discover', method: 'server/discover' })])).outcome, 'valid');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'era-not-applicable');
});
