// Real MCP servers built with the SDKs, one per era and mode, scanned end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { Evidence } from '../../src/contract/evidence.ts';
import { judge } from '../../src/engine/ruleSet.ts';
import { Result } from '../../src/contract/result.ts';
import {
  startFlawedServer, startLegacySseServer, startModernServer, startSdkJsonResponseServer, startSdkStatelessServer,
  startWellBehavedServer, type RunningServer,
} from '../servers/index.ts';

const SCAN = { keepAliveMaxMs: 1_500, streamWindowMs: 2_000, deadlineMs: 15_000 };

async function scanServer(start: () => Promise<RunningServer>, options: Record<string, unknown> = {}) {
  const server = await start();
  const t0 = performance.now();
  try {
    const out = await scan({ url: server.url, options: { ...SCAN, ...options } });
    return { ...out, wallMs: performance.now() - t0 };
  } finally {
    await server.close();
  }
}

const statusOf = (r: Result, id: string) => r.rules.find((x) => x.id === id)?.status;
const outcomeOf = (r: Result, id: string) => r.rules.find((x) => x.id === id)?.outcome;
const failing = (r: Result) => r.rules.filter((x) => x.status === 'fail' || x.status === 'error').map((x) => `${x.id}: ${x.detail}`);

test('well-behaved SDK server (Origin validation, CORS, event store, keep-alives): no fail, and the key behaviours are seen', async () => {
  const { result, evidence, wallMs } = await scanServer(() => startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 }));
  assert.deepEqual(failing(result), []);
  assert.equal(result.era, 'session');
  assert.equal(result.protocolVersion, '2025-11-25');
  for (const id of ['sse-event-ids', 'last-event-id-resume', 'stream-isolation', 'sse-keepalive', 'origin-validation', 'cors-preflight', 'cors-expose-headers', 'session-unknown-404', 'notification-202', 'tools-list', 'proxy-buffering']) {
    assert.equal(statusOf(result, id), 'pass', id);
  }
  assert.ok(Result.safeParse(result).success, 'Result matches its schema');
  assert.ok(Evidence.safeParse(evidence).success, 'Evidence matches its schema');
  // the scan stops watching the stream as soon as the questions are answered
  assert.ok(wallMs < SCAN.streamWindowMs + 3_000, `scan took ${Math.round(wallMs)} ms`);
  assert.ok(evidence.transcript.some((x) => x.probe === 'resume' && x.request.headers['last-event-id']));
});

test('rescoring saved evidence reproduces the Result', async () => {
  const { result, evidence } = await scanServer(() => startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 }));
  const reloaded = Evidence.parse(JSON.parse(JSON.stringify(evidence)));
  assert.deepEqual(judge(reloaded), result);
});

test('SDK stateless mode: GET answers 405, session rules are not applicable', async () => {
  const { result } = await scanServer(() => startSdkStatelessServer());
  assert.equal(result.era, 'session');
  assert.equal(outcomeOf(result, 'get-stream-or-405'), 'methodNotAllowed');
  assert.equal(statusOf(result, 'session-unknown-404'), 'na');
  assert.equal(statusOf(result, 'sse-event-ids'), 'na');
  assert.equal(statusOf(result, 'tools-list'), 'pass');
});

test('SDK JSON-response mode: POST answers are application/json', async () => {
  const { result, evidence } = await scanServer(() => startSdkJsonResponseServer({ keepAliveMs: 400 }));
  assert.equal(statusOf(result, 'post-content-type'), 'pass');
  const init = evidence.transcript.find((x) => x.id === evidence.probes.initialize?.exchangeId);
  assert.match(init?.response?.headers['content-type'] ?? '', /application\/json/);
  assert.equal(statusOf(result, 'tools-list'), 'pass');
});

test('stateless 2026-07-28 server (SDK v2): detected by server/discover, judged on its own rules', async () => {
  const { result } = await scanServer(() => startModernServer({ legacy: false }));
  assert.equal(result.era, 'stateless');
  assert.deepEqual(result.revisions, ['2026-07-28']);
  for (const id of ['server-discover', 'stateless-header-validation', 'stateless-get-delete-405', 'protocol-version-header', 'tools-list']) assert.equal(statusOf(result, id), 'pass', id);
  // no session, no event ids: that is right for this revision, never a failure
  for (const id of ['sse-event-ids', 'last-event-id-resume', 'session-unknown-404']) assert.equal(statusOf(result, id), 'na', id);
});

test('dual-era server: both revisions are scanned, era reports the newest', async () => {
  const { result } = await scanServer(() => startModernServer({ legacy: true }));
  assert.equal(result.era, 'stateless');
  assert.deepEqual(result.revisions, ['2026-07-28', '2025-11-25']);
  assert.equal(statusOf(result, 'server-discover'), 'pass');
  assert.equal(statusOf(result, 'init-version-negotiation'), 'pass');
  // session-era GET/DELETE exist on a dual server, so the stateless 405 rule steps aside
  assert.equal(statusOf(result, 'stateless-get-delete-405'), 'na');
});

test('legacy HTTP+SSE (2024-11-05): endpoint event found, scored as deprecated', async () => {
  const { result } = await scanServer(() => startLegacySseServer());
  assert.equal(result.era, 'legacy');
  assert.equal(result.transport, 'http+sse');
  assert.equal(result.server.name, 'agentready-legacy-sse-test', 'serverInfo read off the legacy stream\'s initialize answer');
  assert.equal(statusOf(result, 'legacy-endpoint-event'), 'pass');
  assert.equal(statusOf(result, 'era'), 'warn');
});

// The SDK's SSEServerTransport checks Host and Origin on POSTs to the message endpoint only: the
// stream opens for anyone, but no request gets in. That is not "web pages can drive it".
test('legacy HTTP+SSE: Origin refused at the message endpoint, not on the stream → origin-validation warns (streamOnly)', async () => {
  const open = await scanServer(() => startLegacySseServer());
  assert.equal(outcomeOf(open.result, 'origin-validation'), 'acceptedLoopback');
  assert.match(open.result.rules.find((x) => x.id === 'origin-validation')!.detail, /ping to the message endpoint with that Origin was answered 202/);
  const { result, evidence } = await scanServer(() => startLegacySseServer({ protectPosts: true }));
  const r = result.rules.find((x) => x.id === 'origin-validation')!;
  assert.equal(`${r.status}/${r.outcome}`, 'warn/streamOnly', r.detail);
  assert.equal(evidence.probes.legacy?.foreignPosts?.origin.status, 403);
  assert.equal(evidence.probes.legacy?.foreignPosts?.host?.status, 403);
  assert.equal(statusOf(result, 'tools-list'), 'pass', 'the session itself (no Origin) still works');
});

// The SDK README's HTTP+SSE example shares one McpServer between connections: while one client is
// connected, the next GET /sse fails (connect() throws "Already connected to a transport").
test('legacy HTTP+SSE with one shared McpServer: a second client is refused → stream-isolation secondClientRefused', async () => {
  const { result } = await scanServer(() => startLegacySseServer({ sharedServer: true }));
  const r = result.rules.find((x) => x.id === 'stream-isolation')!;
  assert.equal(`${r.status}/${r.outcome}`, 'fail/secondClientRefused', r.detail);
  assert.match(r.detail, /answered 500 \(Error: Already connected to a transport/);
  assert.equal(outcomeOf(result, 'websocket-upgrade'), 'busy', 'the same 500 on the upgrade GET is not a second finding');
  assert.equal(statusOf(result, 'tools-list'), 'pass', 'the first client works');
  const separate = await scanServer(() => startLegacySseServer());
  assert.notEqual(outcomeOf(separate.result, 'stream-isolation'), 'secondClientRefused');
});

test('a server that never answers still yields a finished Result within the deadline', async () => {
  const deadlineMs = 4_000;
  const { result, evidence, wallMs } = await scanServer(() => startFlawedServer({ flaws: ['never-answers'] }), { deadlineMs });
  assert.ok(wallMs <= deadlineMs + 2_000, `took ${Math.round(wallMs)} ms`);
  // past the deadline a request could only fail: none is sent (the legacy fallback used to try /sse)
  const late = evidence.transcript.filter((x) => x.startedAt >= deadlineMs);
  assert.deepEqual(late.map((x) => `${x.probe} ${x.request.method} ${x.request.url} at ${x.startedAt} ms`), []);
  assert.equal(result.era, 'unknown');
  assert.equal(statusOf(result, 'era'), 'fail');
  assert.ok(result.incidents.some((i) => /deadline/.test(i.message)));
  assert.equal(result.scores.overall, 0);
});

test('a deadline that falls mid-scan: no request after it, and the sessions left open are reported', async () => {
  // every answer 150 ms late: the sessions are open by then, the stream and resume probes are not done
  const deadlineMs = 1_500;
  const { evidence } = await scanServer(() => startFlawedServer({ flaws: ['slow'], delayMs: 150, keepAliveMs: 400 }), { deadlineMs, streamWindowMs: 35_000, keepAliveMaxMs: 30_000 });
  // past the deadline a request could only fail: no reconnect after a retry pause, no DELETE
  const late = evidence.transcript.filter((x) => x.startedAt >= deadlineMs);
  assert.deepEqual(late.map((x) => `${x.probe} ${x.request.method} at ${x.startedAt} ms`), []);
  assert.ok(evidence.incidents.some((i) => i.probe === 'cleanup' && /sessions? the scan opened left open: the deadline came first/.test(i.message)),
    JSON.stringify(evidence.incidents));
});

test('a server that floods every stream still yields a finished Result within the deadline', async () => {
  const deadlineMs = 8_000;
  const { result, evidence, wallMs } = await scanServer(() => startFlawedServer({ flaws: ['flood'], keepAliveMs: 400 }), { deadlineMs });
  assert.ok(wallMs <= deadlineMs + 2_000, `took ${Math.round(wallMs)} ms`);
  assert.equal(result.era, 'session');
  // the event cap bounds every flooded stream; whether the GET stream's own window or the cap
  // ends it first depends on how busy the machine is (its window shrinks as the deadline nears)
  const flooded = evidence.transcript.filter((x) => (x.response?.sse?.droppedEvents ?? 0) > 0 || x.response?.endedBy === 'cap');
  assert.ok(flooded.length >= 3, `several streams hit the cap (${flooded.length})`);
  for (const x of evidence.transcript) assert.ok((x.response?.sse?.events.length ?? 0) <= 300, `kept events are capped on ${x.id}`);
});

test('an unreachable port: era fails with the connection error, exit-worthy', async () => {
  const server = await startWellBehavedServer();
  const url = server.url;
  await server.close();
  const { result } = await scan({ url, options: { ...SCAN, deadlineMs: 5_000 } });
  assert.equal(result.reachable, false);
  assert.match(result.unreachableReason ?? '', /connect/);
  assert.equal(result.tier, 'not-ready');
});

test('--call-tool: progress on the call stream is judged, and a buffered stream is caught', async () => {
  const callTool = { name: 'slow-count', arguments: { count: 4, intervalMs: 300 } };
  const good = await scanServer(() => startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 }), { callTool });
  assert.equal(outcomeOf(good.result, 'tool-call-progress'), 'progressive');
  assert.equal(good.evidence.probes.toolCall?.progressCount, 4);
  const second = good.evidence.probes.isolation?.watches.find((w) => w.kind === 'second-session');
  assert.equal(second?.open, true, 'a second session watched while the tool ran');
  assert.deepEqual(second?.leaked, []);
  assert.equal(statusOf(good.result, 'stream-isolation'), 'pass');
  const buffered = await scanServer(() => startFlawedServer({ flaws: ['buffered'], keepAliveMs: 400, notifyEveryMs: 250 }), { callTool });
  assert.equal(statusOf(buffered.result, 'proxy-buffering'), 'fail');
});

test('no tool is called unless one is named', async () => {
  const { evidence, result } = await scanServer(() => startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 }));
  assert.equal(evidence.probes.toolCall?.attempted, false);
  assert.ok(!evidence.transcript.some((x) => x.request.body?.includes('"tools/call"')));
  assert.equal(outcomeOf(result, 'tool-call-progress'), 'notRequested');
});
