import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/proxy-buffering.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import type { Exchange, Probes } from '../../../src/contract/evidence.ts';

function stream(times: number[], opts: { headersAt?: number; id?: string; probe?: string; headers?: Record<string, string> } = {}): Exchange {
  const x = sseExchange(times.map((t) => ({ t })), [], { id: opts.id ?? 'g', probe: opts.probe ?? 'get-stream' });
  x.response!.headersAt = opts.headersAt ?? 3;
  x.response!.firstByteAt = times[0];
  x.response!.endAt = Math.max(...times, 0) + 1000;
  x.response!.headers = { 'content-type': 'text/event-stream', ...(opts.headers ?? {}) };
  return x;
}
const gs: Probes['getStream'] = { attempted: true, exchangeId: 'g', status: 200, stoppedBecause: 'window', keepAliveObservable: true };

test('proxy-buffering: spaced arrivals → pass, X-Accel-Buffering recorded', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([100, 1200, 2300, 3400], { headers: { 'x-accel-buffering': 'no' } })]));
  assert.equal(r.outcome, 'streaming');
  assert.equal(r.status, 'pass');
  assert.equal(r.data?.xAccelBufferingNo, true);
  assert.match(r.detail, /GET stream: 4 arrival\(s\), no bursts\. X-Accel-Buffering: no was sent/);
});

test('proxy-buffering: a single burst is not enough to call it buffering', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([5000, 5001, 5002, 6500])]));
  assert.equal(r.outcome, 'streaming');
  assert.equal(r.data?.bursts, 1);
});

test('proxy-buffering: bunches after silences, more than once → fail with proxy fixes', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([5000, 5000, 5010, 10_000, 10_001, 10_002])]));
  assert.equal(r.outcome, 'buffered');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /2 burst\(s\) \(3 at 5\.0 s, 3 at 10\.0 s\)/);
  assert.match(r.fix ?? '', /proxy_buffering off/);
  assert.match(r.fix ?? '', /flush_interval -1/);
  assert.match(r.fix ?? '', /X-Accel-Buffering: no/);
});

test('proxy-buffering: bursts counted across the GET and tools/call streams', () => {
  const r = judgeRule(rule, evidence({ getStream: gs, toolCall: { attempted: true, exchangeId: 't' } }, [
    stream([5000, 5001, 5002]),
    stream([3000, 3001, 3002], { id: 't', probe: 'tool-call' }),
  ]));
  assert.equal(r.outcome, 'buffered');
  assert.deepEqual(r.exchanges, ['g', 't']);
});

test('proxy-buffering: headers withheld until a burst → fail', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([5000, 5001, 5002], { headersAt: 5000 })]));
  assert.equal(r.outcome, 'buffered');
  assert.match(r.detail, /headers at 5\.0 s with the first byte/);
});

test('proxy-buffering: headers withheld until the first keep-alive, then spaced → pass with a note (pitfall 11)', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([15_003, 30_003, 45_003], { headersAt: 15_003 })]));
  assert.equal(r.outcome, 'headersDelayed');
  assert.equal(r.status, 'pass');
  assert.match(r.summary, /TS SDK/);
});

test('proxy-buffering: fewer than 3 arrivals → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([15_003, 30_003])]));
  assert.equal(r.outcome, 'tooFewArrivals');
  assert.equal(r.data?.unobserved, true);
});

test('proxy-buffering: --quick → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: gs }, [stream([100, 200, 300])], { quick: true }));
  assert.equal(r.outcome, 'quick');
  assert.equal(r.data?.reason, '--quick');
});

test('proxy-buffering: no SSE stream → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: { ...gs, status: 405 } }));
  assert.equal(r.outcome, 'noSse');
  assert.equal(r.data?.unobserved, true);
});

test('proxy-buffering: applies to stateless tool-call streams and to the legacy stream', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra, toolCall: { attempted: true, exchangeId: 't' } }, [stream([100, 1200, 2300], { id: 't', probe: 'tool-call' })]));
  assert.equal(r.outcome, 'streaming');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'noSse');
  const legacy = judgeRule(rule, evidence({ era: legacyEra, legacy: { attempted: true, tried: [], ok: true, streamExchangeId: 'l' } }, [stream([100, 1200, 2300], { id: 'l', probe: 'legacy' })]));
  assert.equal(legacy.outcome, 'streaming');
});

test('proxy-buffering: buffering on a loopback target is put on the server\'s own stack, not a proxy (mcp-use\'s request logger)', () => {
  const local: Probes['target'] = { url: 'http://127.0.0.1:3000/mcp', scheme: 'http', host: '127.0.0.1', port: 3000, path: '/mcp', isLoopback: true, credentialQueryParams: [], userHeaderNames: [] };
  const r = judgeRule(rule, evidence({ target: local, getStream: gs }, [stream([5000, 5000, 5010, 10_000, 10_001, 10_002])]));
  assert.equal(r.outcome, 'buffered');
  assert.match(r.detail, /on loopback, so no proxy is in between: the server itself or its middleware/);
  assert.match(r.fix ?? '', /request loggers/);
  assert.doesNotMatch(judgeRule(rule, evidence({ getStream: gs }, [stream([5000, 5000, 5010, 10_000, 10_001, 10_002])])).detail, /loopback/);
});
