import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/get-stream-or-405.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import { xchg } from './_support.ts';

const gs = (status: number | undefined, contentType?: string) =>
  ({ attempted: true, exchangeId: 'g', keepAliveObservable: false, ...(status === undefined ? {} : { status }), ...(contentType ? { contentType } : {}) });
const getX = (status: number, ct = 'text/plain') =>
  xchg({ id: 'g', probe: 'get-stream', request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: {} }, response: { status, headers: { 'content-type': ct } } });

test('get-stream-or-405: 200 text/event-stream passes', () => {
  const r = judgeRule(rule, evidence({ getStream: gs(200) }, [sseExchange([], [], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'stream');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /GET → 200 text\/event-stream/);
});

test('get-stream-or-405: 405 passes', () => {
  const r = judgeRule(rule, evidence({ getStream: gs(405) }, [getX(405)]));
  assert.equal(r.outcome, 'methodNotAllowed');
  assert.equal(r.status, 'pass');
});

test('get-stream-or-405: 404 and 400 fail (pitfall 5)', () => {
  for (const s of [404, 400]) {
    const r = judgeRule(rule, evidence({ getStream: gs(s) }, [getX(s)]));
    assert.equal(r.outcome, 'notFoundOrBadRequest');
    assert.equal(r.status, 'fail');
    assert.match(r.fix ?? '', /405/);
  }
});

test('get-stream-or-405: 200 with another Content-Type is sse-content-type\'s one finding', () => {
  const r = judgeRule(rule, evidence({ getStream: gs(200, 'application/json') }, [getX(200, 'application/json')]));
  assert.equal(r.outcome, 'wrongContentType');
  assert.equal(r.status, 'na');
  assert.match(r.summary, /sse-content-type/);
});

test('get-stream-or-405: other statuses fail', () => {
  const r = judgeRule(rule, evidence({ getStream: gs(500) }, [getX(500)]));
  assert.equal(r.outcome, 'otherStatus');
  assert.match(r.detail, /500/);
});

test('get-stream-or-405: not probed, or headers never came → unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ getStream: gs(undefined) },
    [xchg({ id: 'g', response: undefined, error: { kind: 'headers-timeout', message: 'no headers in 20 s' } })]));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /inconclusive/);
});

test('get-stream-or-405: a stateless server is judged by the GET the discover probe sent', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ era: statelessEra, discover: { attempted: true, answered: true, get: { exchangeId: 'd', status: 405 } } }));
  assert.equal(r.outcome, 'methodNotAllowed');
  const bad = judgeRule(rule, evidence({ era: statelessEra, discover: { attempted: true, answered: true, get: { exchangeId: 'd', status: 404 } } }));
  assert.equal(bad.outcome, 'notFoundOrBadRequest');
});

test('get-stream-or-405: a first GET that met a 409 is named, and the stream of the second GET is judged', () => {
  const r = judgeRule(rule, evidence({ getStream: { ...gs(200), conflictExchangeId: 'c' } }, [sseExchange([], [], { id: 'g', probe: 'get-stream' })]));
  assert.equal(r.outcome, 'stream');
  assert.match(r.detail, /^A first GET → 409 while another stream of this scan was open; again: GET → 200/);
  assert.deepEqual(r.exchanges, ['c', 'g']);
});
