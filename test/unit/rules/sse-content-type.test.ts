import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/sse-content-type.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import { post } from './_support.ts';

const getStream = (exchangeId: string, status = 200) =>
  ({ attempted: true, exchangeId, status, keepAliveObservable: false });

test('sse-content-type: GET stream and POST SSE labelled text/event-stream pass', () => {
  const g = sseExchange([{ id: '1' }], [], { id: 'g', probe: 'get-stream' });
  g.response!.headers['content-type'] = 'text/event-stream; charset=utf-8';
  const p = sseExchange([{ id: '2' }], [], { id: 'p', probe: 'tools-list' });
  const r = judgeRule(rule, evidence({ getStream: getStream('g') }, [g, p]));
  assert.equal(r.outcome, 'labelled');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /2 stream\(s\)/);
});

test('sse-content-type: a GET stream served as text/plain fails', () => {
  const g = sseExchange([], [{ t: 10 }], { id: 'g', probe: 'get-stream' });
  g.response!.headers['content-type'] = 'text/plain';
  const r = judgeRule(rule, evidence({ getStream: getStream('g') }, [g]));
  assert.equal(r.outcome, 'mislabelled');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /g .* 200 text\/plain/);
  assert.deepEqual(r.exchanges, ['g']);
});

test('sse-content-type: a POST response carrying events without a Content-Type fails', () => {
  const p = sseExchange([{}], [], { id: 'p', probe: 'tools-list' });
  p.response!.headers = {};
  const r = judgeRule(rule, evidence({ getStream: getStream('g', 405) }, [p]));
  assert.equal(r.outcome, 'mislabelled');
  assert.match(r.detail, /no Content-Type/);
});

test('sse-content-type: GET 405 and JSON-only answers → not applicable (not unobserved)', () => {
  const r = judgeRule(rule, evidence({ getStream: getStream('g', 405) }, [post('a')]));
  assert.equal(r.outcome, 'noSse');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
  assert.match(r.detail, /405/);
});

test('sse-content-type: GET stream not probed → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: { attempted: false, skippedReason: 'initialize failed', keepAliveObservable: false } }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /initialize failed/);
});

test('sse-content-type: applies to stateless servers (their POST answers may stream)', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'unobserved');
});

test('sse-content-type: 2026-07-28 only, GET 405 (seen by the discover probe) and JSON answers → not applicable, not unobserved', () => {
  const discover = { attempted: true, answered: true, exchangeId: 'd', status: 200, get: { exchangeId: 'dg', status: 405, contentType: 'application/json' } };
  const r = judgeRule(rule, evidence({ era: statelessEra, discover }, [post('a')]));
  assert.equal(r.outcome, 'noSse');
  assert.equal(r.data?.unobserved, undefined);
  assert.match(r.detail, /GET answered 405/);
  assert.deepEqual(r.exchanges, ['dg']);
});
