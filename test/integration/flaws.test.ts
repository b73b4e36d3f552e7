// Each deliberately broken server must fail exactly the rules it was built to break, and the
// same server with no flaw must fail none. Real servers on loopback, real scans.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { startFlawedServer, type Flaw } from '../../src/demo/flawed.ts';
import type { Result } from '../../src/contract/result.ts';

// Short scales: keep-alive every 400 ms judged against a 1.5 s threshold.
const SCAN = { keepAliveMaxMs: 1_500, streamWindowMs: 2_000, deadlineMs: 15_000 };
const SERVER = { keepAliveMs: 400, notifyEveryMs: 250 };

const notPassing = (r: Result) => r.rules.filter((x) => x.status === 'warn' || x.status === 'fail' || x.status === 'error').map((x) => x.id).sort();

async function scanFlawed(flaws: Flaw[], extra: { notifyEveryMs?: number; headers?: Record<string, string>; streamWindowMs?: number } = {}): Promise<Result> {
  const server = await startFlawedServer({ flaws, ...SERVER, ...(extra.notifyEveryMs ? { notifyEveryMs: extra.notifyEveryMs } : {}) });
  try {
    const { result } = await scan({ url: server.url, options: { ...SCAN, headers: extra.headers ?? {}, ...(extra.streamWindowMs ? { streamWindowMs: extra.streamWindowMs } : {}) } });
    return result;
  } finally {
    await server.close();
  }
}

/** flaw → the rules it breaks (warn or fail). Consequences that follow from the same flaw are listed too. */
const EXPECTED: [Flaw, string[], { notifyEveryMs?: number; streamWindowMs?: number }?][] = [
  // the GET stream's label is sse-content-type's one finding; the official clients cannot list tools
  ['wrong-content-type', ['post-content-type', 'sse-content-type', 'tools-list']],
  ['no-event-ids', ['sse-event-ids']],
  // an idle stream (no notifications) with no keep-alive comments
  // a window well past the threshold and its jitter, even when a loaded machine delays the first byte
  ['no-keepalive', ['sse-keepalive'], { notifyEveryMs: 60_000, streamWindowMs: 3_000 }],
  ['no-retry', ['sse-retry']],
  ['resume-replays-other-streams', ['stream-isolation']],
  ['resume-replays-nothing', ['last-event-id-resume']],
  // after DELETE the server answers 400 too, so session-delete cannot confirm the end
  // the deleted session is answered as an unknown one is (400): gone, and the 400 is session-unknown-404's one finding
  ['unknown-session-400', ['session-unknown-404']],
  // tools/list without a session meets the same 500: one root cause, one finding (session-required-400 defers)
  ['missing-session-500', ['modern-client-fallback']],
  // one root cause, one finding: cors-expose-headers is not applicable without any CORS
  ['no-cors', ['cors-preflight']],
  // reflecting any Origin implies accepting it
  ['cors-reflect-credentials', ['cors-credentials', 'origin-validation']],
  ['no-origin-validation', ['origin-validation']],
  ['no-expose-headers', ['cors-expose-headers']],
  ['buffered', ['proxy-buffering']],
  ['get-404', ['get-stream-or-405']],
  ['notification-200', ['notification-202']],
  ['sequential-session-ids', ['session-id-entropy']],
  ['bad-protocol-version-accepted', ['protocol-version-header']],
  // judged against what a 2025-11-25 client is given (2025-03-26): only the negotiation is at fault
  ['negotiates-oldest', ['init-version-negotiation']],
  // every later initialize refused: the version and Origin probes (initializes) see the same 400 and defer
  ['single-client', ['multiple-clients']],
];

// Scans mostly wait on timers, so they run side by side.
describe('flawed servers', { concurrency: 4 }, () => {
  test('the flawed server with no flaw fails nothing (the baseline for every flaw)', async () => {
    const r = await scanFlawed([]);
    assert.equal(r.era, 'session');
    assert.deepEqual(notPassing(r), []);
    assert.equal(r.tier, 'platinum');
  });

  for (const [flaw, rules, extra] of EXPECTED) {
    test(`flaw ${flaw} breaks exactly: ${rules.join(', ')}`, async () => {
      const r = await scanFlawed([flaw], extra);
      assert.deepEqual(notPassing(r), rules, `${flaw}: ${r.rules.filter((x) => rules.includes(x.id) || x.status === 'fail' || x.status === 'warn').map((x) => `${x.id}=${x.outcome}: ${x.detail}`).join('\n')}`);
      for (const id of rules) assert.ok(r.rules.find((x) => x.id === id)?.fix, `${id} carries a fix`);
    });
  }

  test('a Host check on browser requests only (fetch metadata, the MCP Inspector proxy) is met by the rebinding probe, which carries what a browser sends', async () => {
    const r = await scanFlawed(['host-check-fetch-metadata']);
    const ov = r.rules.find((x) => x.id === 'origin-validation');
    assert.equal(`${ov?.status}/${ov?.outcome}`, 'pass/refused403', ov?.detail);
    assert.match(ov?.detail ?? '', /With .Host. spoofed the server answered 403/);
    assert.deepEqual(notPassing(r), []);
  });

  test('a 2025-03-26 session must accept JSON-RPC batches: answered passes, refused fails', async () => {
    const answered = await scanFlawed(['negotiates-oldest']);
    const rule = (r: Result) => r.rules.find((x) => x.id === 'jsonrpc-batch');
    assert.equal(`${rule(answered)?.status}/${rule(answered)?.outcome}`, 'pass/answered', rule(answered)?.detail);
    const refused = await scanFlawed(['negotiates-oldest', 'batch-refused']);
    assert.deepEqual(notPassing(refused), ['init-version-negotiation', 'jsonrpc-batch']);
    assert.equal(rule(refused)?.outcome, 'refused');
    // a 2025-11-25 session is not asked: batching is gone from that revision
    const modern = await scanFlawed(['batch-refused']);
    assert.equal(rule(modern)?.outcome, 'era-not-applicable');
  });

  test('a cross-session replay caps D8 at 50', async () => {
    const r = await scanFlawed(['resume-replays-other-streams']);
    assert.ok(r.caps.some((c) => c.ruleId === 'stream-isolation' && c.dimension === 'D8' && c.max === 50));
    assert.ok((r.scores.D8 ?? 100) <= 50);
  });

  test('auth done right, scanned without credentials: auth discovery passes, the rest is unrated', async () => {
    const r = await scanFlawed(['auth-ok']);
    assert.equal(r.era, 'unknown');
    const status = (id: string) => r.rules.find((x) => x.id === id)?.status;
    for (const id of ['auth-challenge', 'protected-resource-metadata', 'authorization-server-metadata', 'pkce-s256']) assert.equal(status(id), 'pass', id);
    assert.deepEqual(notPassing(r), []);
    assert.equal(r.tier, 'unrated');
    assert.equal(r.scores.overall, null);
    assert.ok((r.coverage.overall ?? 1) < 0.5);
  });

  test('auth done right, scanned with a token: everything is judged and passes', async () => {
    const r = await scanFlawed(['auth-ok'], { headers: { Authorization: 'Bearer agentready-demo-token' } });
    assert.equal(r.era, 'session');
    assert.deepEqual(notPassing(r), []);
    assert.equal(r.rules.find((x) => x.id === 'auth-challenge')?.status, 'pass');
    assert.equal(r.tier, 'platinum');
  });

  test('a challenge naming metadata the scanner cannot reach: discovery is unobserved, not judged from the well-known paths clients never read', async () => {
    const r = await scanFlawed(['auth-remote-prm']);
    const rule = (id: string) => r.rules.find((x) => x.id === id);
    assert.equal(rule('auth-challenge')?.status, 'pass');
    assert.equal(`${rule('protected-resource-metadata')?.status}/${rule('protected-resource-metadata')?.outcome}`, 'na/unobserved', rule('protected-resource-metadata')?.detail);
    assert.match(rule('protected-resource-metadata')?.detail ?? '', /127\.0\.0\.1:9/);
    assert.equal(`${rule('authorization-server-metadata')?.status}/${rule('authorization-server-metadata')?.outcome}`, 'na/noPrm');
    assert.deepEqual(notPassing(r), []);
  });

  test('a 401 without WWW-Authenticate fails the discovery chain', async () => {
    const r = await scanFlawed(['auth-401-no-challenge']);
    assert.deepEqual(notPassing(r), ['auth-challenge', 'protected-resource-metadata']);
    assert.equal(r.rules.find((x) => x.id === 'auth-challenge')?.outcome, 'noChallenge');
    // no metadata of any kind and no /authorize: nothing for 2025-03-26 clients either, one root cause
    const as = r.rules.find((x) => x.id === 'authorization-server-metadata');
    assert.equal(`${as?.status}/${as?.outcome}`, 'na/noPrm');
  });
});
