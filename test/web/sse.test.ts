// The progress stream is a model SSE endpoint: read it with the scanner's own NetClient and
// SseRecorder, then judge the recordings with the scanner's own SSE rules where they apply
// (content type, event ids, retry, keep-alive, proxy buffering, Last-Event-ID resumption).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { NetClient, type ExchangeResult } from '../../src/net/client.ts';
import { judgeRule } from '../../src/engine/judge.ts';
import type { Rule } from '../../src/contract/rule.ts';
import sseContentType from '../../rules/D2/sse-content-type.ts';
import sseEventIds from '../../rules/D2/sse-event-ids.ts';
import sseRetry from '../../rules/D8/sse-retry.ts';
import sseKeepalive from '../../rules/D8/sse-keepalive.ts';
import proxyBuffering from '../../rules/D8/proxy-buffering.ts';
import lastEventIdResume from '../../rules/D8/last-event-id-resume.ts';
import { evidence as evidenceFixture } from '../fixtures/evidence.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import type { WebServer } from '../../src/web/server.ts';
import { gatedEngine, postApi, startTarget, startWeb, waitFor, waitForStatus } from './_support.ts';

const KEEPALIVE_MS = 200;
const RETRY_MS = 1_500;

let target: RunningServer;
let web: WebServer;
const engine = gatedEngine();
before(async () => {
  target = await startTarget();
  web = await startWeb({ allowPrivate: true, scan: engine.scan, sseKeepAliveMs: KEEPALIVE_MS, sseRetryMs: RETRY_MS });
});
after(async () => {
  engine.release();
  await web.close();
  await web.queue.settled();
  await target.close();
});

const ids = (r: ExchangeResult) => (r.sse?.record.events ?? []).map((e) => Number(e.id));

test('progress stream: headers, ids, retry, keep-alives, JSON data, resumption, 204 when over — and our own rules agree', async () => {
  const sub = await postApi(web.url, { url: target.url });
  assert.equal(sub.status, 202);
  const { id } = (await sub.json()) as { id: string };
  await waitFor(() => engine.started() > 0 || undefined, 5_000, 'the scan to start');
  const eventsUrl = `${web.url}/scans/${id}/events`;
  const client = new NetClient();

  // 1. a first connection while the scan waits at its gate: history + keep-alives
  const first = await client.exchange({ probe: 'get-stream', label: 'GET progress stream', method: 'GET', url: eventsUrl, headers: { accept: 'text/event-stream' }, expectStream: true, windowMs: 1_200 });
  const h = first.exchange.response!.headers;
  assert.equal(first.exchange.response!.status, 200);
  assert.match(h['content-type']!, /^text\/event-stream/);
  assert.equal(h['x-accel-buffering'], 'no');
  assert.match(h['cache-control']!, /no-cache/);
  assert.match(h['content-security-policy']!, /default-src 'none'/, 'security headers on the stream too');
  assert.deepEqual(ids(first), [1, 2, 3], 'queued, running, first progress event, with ids 1..3');
  assert.deepEqual(first.sse!.record.retries.map((r) => r.ms), [RETRY_MS]);
  const comments = first.sse!.record.comments;
  assert.ok(comments.length >= 4, `keep-alive comments every ${KEEPALIVE_MS} ms (got ${comments.length})`);
  for (const e of first.sse!.fullData) assert.doesNotThrow(() => JSON.parse(e.data));
  assert.equal(first.sse!.record.parseErrors.length, 0);

  // 2. resume after the last id seen: exactly the events after it, until the scan is over
  engine.release();
  const lastId = String(ids(first).at(-1));
  const resumed = await client.exchange({ probe: 'resume', label: 'GET with Last-Event-ID', method: 'GET', url: eventsUrl, headers: { accept: 'text/event-stream', 'last-event-id': lastId }, expectStream: true, windowMs: 20_000 });
  const got = ids(resumed);
  assert.equal(got[0], Number(lastId) + 1, 'replay starts right after Last-Event-ID');
  assert.deepEqual(got, got.map((_, i) => Number(lastId) + 1 + i), 'consecutive ids, no gaps, no duplicates');
  const final = resumed.sse!.fullData.at(-1)!;
  assert.deepEqual({ ...JSON.parse(final.data), score: undefined, tier: undefined }, { status: 'done', final: true, score: undefined, tier: undefined });
  assert.equal(resumed.exchange.response!.endedBy, 'complete', 'the server ends the stream once the scan is over');

  // 3. reconnecting after the final event: 204 (EventSource stops), no body
  const over = await client.exchange({ probe: 'resume', label: 'GET after the end', method: 'GET', url: eventsUrl, headers: { 'last-event-id': String(got.at(-1)) }, expectStream: true, windowMs: 2_000 });
  assert.equal(over.exchange.response!.status, 204);
  // …and a fresh connection replays the whole history, then ends
  const replay = await client.exchange({ probe: 'resume', label: 'GET from the start', method: 'GET', url: eventsUrl, expectStream: true, windowMs: 5_000 });
  assert.deepEqual(ids(replay), [...ids(first), ...got]);
  await client.close();

  // 4. the scanner's own SSE rules, on these recordings
  const ev = evidenceFixture({
    getStream: { attempted: true, exchangeId: first.exchange.id, status: 200, contentType: h['content-type'], windowMs: 1_200, stoppedBecause: 'window', keepAliveObservable: true },
    resume: {
      attempted: true, sourceExchangeId: first.exchange.id, lastEventId: lastId, exchangeId: resumed.exchange.id, status: 200,
      contentType: resumed.exchange.response!.headers['content-type'], replayedIds: got.map(String), foreignReplays: [], duplicateReplays: [],
    },
  }, [first.exchange, resumed.exchange], { keepAliveMaxMs: 1_000 });
  const expect: [Rule, string][] = [
    [sseContentType, 'labelled'], [sseEventIds, 'allIds'], [sseRetry, 'retrySent'],
    [sseKeepalive, 'kept'], [proxyBuffering, 'streaming'], [lastEventIdResume, 'replayed'],
  ];
  for (const [rule, outcome] of expect) {
    const r = judgeRule(rule, ev);
    assert.equal(r.status, 'pass', `${rule.id}: ${r.outcome} — ${r.detail}`);
    assert.equal(r.outcome, outcome, rule.id);
  }
  await waitForStatus(web.url, id, ['done']);
});

test('progress stream: unknown or malformed scan ids → 404; a bogus Last-Event-ID replays everything', async () => {
  assert.equal((await fetch(`${web.url}/scans/AAAAAAAAAAAAAAAAAAAAAA/events`)).status, 404);
  assert.equal((await fetch(`${web.url}/scans/nope/events`)).status, 404);
  const scans = web.store.recent(1);
  const r = await fetch(`${web.url}/scans/${scans[0]!.id}/events`, { headers: { 'last-event-id': 'garbage' } });
  const text = await r.text();
  assert.match(text, /^retry: 1500\n\nid: 1\nevent: status\n/);
});
