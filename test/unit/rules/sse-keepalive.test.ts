import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/sse-keepalive.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, exchange, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import type { Exchange, Probes } from '../../../src/contract/evidence.ts';

function stream(comments: number[], opts: { events?: number[]; end?: number; endedBy?: 'window' | 'complete'; id?: string; probe?: string } = {}): Exchange {
  const x = sseExchange((opts.events ?? []).map((t) => ({ t, id: String(t) })), comments.map((t) => ({ t })), { id: opts.id ?? 'g', probe: opts.probe ?? 'get-stream' });
  x.response!.headersAt = 3;
  x.response!.endAt = opts.end ?? 35_003;
  x.response!.endedBy = opts.endedBy ?? 'window';
  x.durationMs = x.response!.endAt;
  return x;
}
const gs = (over: Partial<NonNullable<Probes['getStream']>> = {}): Probes['getStream'] =>
  ({ attempted: true, exchangeId: 'g', status: 200, windowMs: 35_000, stoppedBecause: 'window', keepAliveObservable: true, ...over });

test('sse-keepalive: comments every 15 s → pass with the cadence', () => {
  const r = judgeRule(rule, evidence({ getStream: gs() }, [stream([15_003, 30_003])]));
  assert.equal(r.outcome, 'kept');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /comments every 15\.0 s; longest silence 15\.0 s/);
  assert.deepEqual(r.exchanges, ['g']);
});

test('sse-keepalive: a 45 s silence → fail (nginx and load balancers cut idle streams at 60 s), under the 100 s proxy cut', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ windowMs: 60_000 }) }, [stream([45_003], { end: 60_003 })]));
  assert.equal(r.outcome, 'longGap');
  assert.equal(r.status, 'fail');
  assert.equal(r.basis, 'practice');
  assert.equal(r.data?.maxGapMs, 45_003); // silence counts from the request, headers included
  assert.match(r.fix ?? '', /keepAliveMs/);
});

test('sse-keepalive: the threshold comes from options.keepAliveMaxMs', () => {
  const r = judgeRule(rule, evidence({ getStream: gs() }, [stream([15_003, 30_003])], { keepAliveMaxMs: 10_000 }));
  assert.equal(r.outcome, 'longGap');
  assert.match(r.detail, /threshold 10\.0 s/);
});

test('sse-keepalive: trailing silence while the stream is open counts', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ windowMs: 60_000 }) }, [stream([5_000], { end: 64_000 })]));
  assert.equal(r.outcome, 'longGap');
  assert.equal(r.data?.maxGapMs, 59_000);
});

test('sse-keepalive: a one-off comment as the stream opens is no keep-alive (mcp-lite `: stream ready`, then silence)', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ windowMs: 60_000 }) }, [stream([40], { end: 60_000 })]));
  assert.equal(r.outcome, 'noKeepAlive');
  assert.match(r.detail, /No keep-alive comment while watched \(only an opening comment\)/);
  // the same comment followed by a timer's comments is a keep-alive
  assert.equal(judgeRule(rule, evidence({ getStream: gs({ windowMs: 60_000 }) }, [stream([40, 15_040, 30_040, 45_040], { end: 60_000 })])).outcome, 'kept');
});

test('sse-keepalive: a silence of 100 s or more → fail', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ windowMs: 120_000 }) }, [stream([110_003], { end: 120_003 })]));
  assert.equal(r.outcome, 'gapOverProxyLimit');
  assert.equal(r.status, 'fail');
});

test('sse-keepalive: nothing at all for a window ≥ threshold → fail', () => {
  const r = judgeRule(rule, evidence({ getStream: gs() }, [stream([])]));
  assert.equal(r.outcome, 'silent');
  assert.equal(r.score, 0);
  assert.match(r.detail, /not a byte in 35\.0 s/);
});

test('sse-keepalive: window shorter than the threshold → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ windowMs: 10_000, keepAliveObservable: false }) }, [stream([], { end: 10_003 })]));
  assert.equal(r.outcome, 'windowTooShort');
  assert.equal(r.data?.unobserved, true);
  const closed = judgeRule(rule, evidence({ getStream: gs({ keepAliveObservable: false }) }, [stream([], { events: [50], end: 5_000, endedBy: 'complete' })]));
  assert.equal(closed.outcome, 'windowTooShort');
  assert.match(closed.detail, /closed by the server/);
});

test('sse-keepalive: --quick does not hide what the GET met: 405 is no standalone stream, a refusal says so', () => {
  const x405 = exchange({ id: 'g', probe: 'get-stream', response: { status: 405, headers: {}, headersAt: 3, bodyBytes: 0, bodyTruncated: false, endedBy: 'complete', endAt: 4 } });
  const r = judgeRule(rule, evidence({ getStream: gs({ status: 405, stoppedBecause: 'quick' }) }, [x405], { quick: true }));
  assert.equal(r.outcome, 'noStandaloneStream');
  const x400 = exchange({ id: 'g', probe: 'get-stream', response: { status: 400, headers: {}, headersAt: 3, bodyBytes: 0, bodyTruncated: false, endedBy: 'complete', endAt: 4 } });
  const refused = judgeRule(rule, evidence({ getStream: gs({ status: 400, stoppedBecause: 'quick' }) }, [x400], { quick: true }));
  assert.equal(refused.outcome, 'unobserved');
  assert.match(refused.detail, /GET → 400/);
});

test('sse-keepalive: --quick → unobserved with the reason', () => {
  const r1 = judgeRule(rule, evidence({ getStream: gs() }, [stream([15_003])], { quick: true }));
  assert.equal(r1.outcome, 'quick');
  assert.equal(r1.data?.reason, '--quick');
  assert.equal(r1.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ getStream: gs({ stoppedBecause: 'quick' }) })).outcome, 'quick');
});

test('sse-keepalive: GET 405 → na (no standalone stream)', () => {
  const r = judgeRule(rule, evidence({ getStream: gs({ status: 405 }) }));
  assert.equal(r.outcome, 'noStandaloneStream');
  assert.equal(r.data?.unobserved, undefined);
});

test('sse-keepalive: GET 405 but a long tools/call stream is judged instead', () => {
  const t = stream([15_003, 30_003], { id: 't', probe: 'tool-call', end: 40_003, endedBy: 'complete' });
  const r = judgeRule(rule, evidence({ getStream: gs({ status: 405 }), toolCall: { attempted: true, exchangeId: 't' } }, [t]));
  assert.equal(r.outcome, 'kept');
  assert.match(r.detail, /tools\/call stream/);
});

test('sse-keepalive: GET not probed → unobserved', () => {
  const r = judgeRule(rule, evidence({ getStream: { attempted: false, skippedReason: 'initialize failed', keepAliveObservable: false } }));
  assert.equal(r.outcome, 'unobserved');
  assert.match(r.detail, /initialize failed/);
});

test('sse-keepalive: stateless server without a long-lived stream → na; with one → judged', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra }));
  assert.equal(r.outcome, 'noLongLivedStream');
  assert.equal(r.data?.unobserved, undefined);
  const t = stream([], { id: 't', probe: 'tool-call', end: 45_003 });
  const r2 = judgeRule(rule, evidence({ era: statelessEra, toolCall: { attempted: true, exchangeId: 't' } }, [t]));
  assert.equal(r2.outcome, 'silent');
});

test('sse-keepalive: a legacy-only server is judged on its HTTP+SSE stream', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'unobserved');
  const x = sseExchange([{ t: 10, event: 'endpoint', data: '/m' }], [], { id: 'l', probe: 'legacy', response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 5, bodyBytes: 10, bodyTruncated: false, endedBy: 'window', endAt: 40_000 } });
  const r = judgeRule(rule, evidence({ era: legacyEra, legacy: { attempted: true, tried: [], ok: true, streamExchangeId: 'l', keepAliveObservable: true } }, [x]));
  assert.equal(r.outcome, 'noKeepAlive');
  assert.match(r.detail, /HTTP\+SSE stream/);
});

test('sse-keepalive: a stream that goes quiet for good with no comment at all fails', () => {
  const x = sseExchange([{ t: 10, id: '1' }], [], { id: 'g', probe: 'get-stream', response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 5, bodyBytes: 10, bodyTruncated: false, endedBy: 'window', endAt: 40_000 } });
  const r = judgeRule(rule, evidence({ getStream: { attempted: true, exchangeId: 'g', status: 200, windowMs: 40_000, stoppedBecause: 'window', keepAliveObservable: true } }, [x]));
  assert.equal(r.outcome, 'noKeepAlive');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /No keep-alive comment/);
});

test('sse-keepalive: a cadence equal to the threshold passes despite timer jitter; past it plus the jitter allowance fails', () => {
  // keep-alive events every 30 s, measured 30.011 s after the request (the @hono/mcp GET stream)
  const every30 = (first: number) => {
    const x = sseExchange([{ t: first, event: 'ping', data: '' }], [], { id: 'g', probe: 'get-stream' });
    x.response!.headersAt = 3;
    x.response!.endAt = 35_008;
    x.response!.endedBy = 'window';
    x.durationMs = 35_008;
    return x;
  };
  const ok = judgeRule(rule, evidence({ getStream: gs() }, [every30(30_011)]));
  assert.equal(ok.outcome, 'kept');
  assert.equal(ok.status, 'pass');
  const late = judgeRule(rule, evidence({ getStream: gs() }, [every30(31_000)]));
  assert.equal(late.outcome, 'longGap');
});

test('sse-keepalive: no comment ever and quiet past the threshold, but not its jitter, when the watch ended is inconclusive, not kept', () => {
  const quietFor = (endAt: number) => {
    const x = sseExchange([{ t: 10, id: '1' }], [], { id: 'g', probe: 'get-stream' });
    x.response!.headersAt = 5;
    x.response!.endAt = endAt;
    x.response!.endedBy = 'window';
    x.durationMs = endAt;
    return x;
  };
  // threshold 30 s, jitter allowance 0.6 s: quiet for 30.29 s after the event
  const gray = judgeRule(rule, evidence({ getStream: gs() }, [quietFor(30_300)]));
  assert.equal(gray.outcome, 'windowTooShort');
  assert.equal(gray.status, 'na');
  assert.equal(judgeRule(rule, evidence({ getStream: gs() }, [quietFor(31_000)])).outcome, 'noKeepAlive');
});

// mcp-use 2.5.2 answers GET with 204 and no body: not a stream that went unobserved, no stream at all
test('sse-keepalive: GET → 204 (no body) is no standalone stream, not unobserved', () => {
  const empty = exchange({ id: 'g', probe: 'get-stream', response: { status: 204, headers: {}, bodyBytes: 0, endedBy: 'complete' } });
  const r = judgeRule(rule, evidence({ getStream: gs({ status: 204 }) }, [empty]));
  assert.equal(`${r.status}/${r.outcome}`, 'na/noStandaloneStream');
  assert.equal(r.data?.unobserved, undefined);
  assert.match(r.detail, /GET → 204 with no body/);
});

// nginx with proxy_read_timeout 5s in front of an SDK server whose GET stream is quiet: headers,
// then nothing, then the connection reset at 5.1 s (audited 2026-12-05)
test('sse-keepalive: a stream cut after seconds without a byte is cutWhileSilent (fail), not unobserved', () => {
  const cut = exchange({
    id: 'g', probe: 'get-stream',
    response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 270, bodyBytes: 0, endedBy: 'error' },
    error: { kind: 'reset', message: 'other side closed', at: 5126 },
  });
  const r = judgeRule(rule, evidence({ getStream: gs({ stoppedBecause: 'error', keepAliveObservable: false }) }, [cut]));
  assert.equal(`${r.status}/${r.outcome}`, 'fail/cutWhileSilent');
  assert.match(r.detail, /headers at 0\.3 s, then not a byte until the connection was broken off \(other side closed\) at 5\.1 s, 4\.9 s of silence/);
  // a stream the scan itself stopped (its window) is not a cut
  const mine = exchange({ id: 'g', probe: 'get-stream', response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 270, bodyBytes: 0, endedBy: 'window', endAt: 35_000 } });
  assert.notEqual(judgeRule(rule, evidence({ getStream: gs() }, [mine])).outcome, 'cutWhileSilent');
});

// a stateless server that answers GET 200 text/event-stream and ends the stream at once, empty
test('sse-keepalive: a GET stream ended at once without a byte is no standalone stream, not a window too short', () => {
  const ended = exchange({ id: 'g', probe: 'get-stream', response: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersAt: 8, endAt: 12, bodyBytes: 0, endedBy: 'complete', sse: { events: [], comments: [], retries: [], droppedEvents: 0, droppedComments: 0, parseErrors: [] } } });
  const r = judgeRule(rule, evidence({ getStream: gs({ status: 200 }) }, [ended]));
  assert.equal(`${r.status}/${r.outcome}`, 'na/noStandaloneStream');
  assert.match(r.detail, /GET → 200 with no body/);
});
