// Real-server corpus (run after the other tests, one file at a time: npm run test:real), part 3: fastmcp, the legacy endpoints of mcp-proxy, supergateway over
// WebSocket, and nginx in front of a streamable server with buffering forced and with the SSE
// settings. Expected verdicts come from the wire (test/real/transcripts/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkServer } from './expect.ts';
import { scan } from '../../src/engine/scan.ts';
import { REAL_SCAN } from './corpus.ts';
import { startFastmcp } from './servers/fastmcp.ts';

test('real: fastmcp (streamable HTTP), with a tools/call dropped mid-call and resumed', async () => {
  const r = await checkServer('fastmcp-stream', true, {
    era: { status: 'pass', outcome: 'session', why: '2025-11-25 with Mcp-Session-Id' },
    // mcp-proxy's event store inside: ids <stream>_<ms>_<seq>_<rand>, replay of the same stream only
    'last-event-id-resume': { status: 'pass', outcome: 'replayed', why: 'the dropped call\'s remaining progress and result come back on the resumed GET' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'every resume replays only its own stream' },
    'session-unknown-404': { status: 'pass', outcome: 'notFound', why: 'unknown session → 404' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'reportProgress every 600 ms' },
  });
  assert.ok(((r.rules.find((x) => x.id === 'last-event-id-resume')?.data?.sources ?? []) as string[]).includes('tool-call'));
});

test('real: legacy endpoints of fastmcp and mcp-proxy refuse unknown sessions and keep sessions apart', async () => {
  for (const name of ['fastmcp-sse', 'mcp-proxy-sse'] as const) {
    const r = await checkServer(name, false, {
      era: { status: 'warn', outcome: 'legacyOnly', why: 'GET /sse sends the endpoint event' },
      'legacy-session-id': { status: 'pass', outcome: 'refused', why: 'unknown sessionId → 400 and none → 400, at once' },
      'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'a second /sse session gets only its own endpoint event' },
      'tools-list': { status: 'pass', why: 'answered on the stream' },
      'sse-keepalive': { status: 'fail', outcome: 'noKeepAlive', why: 'no `:` comments on the /sse stream' },
    });
    assert.notEqual(r.scores.D8, null, `${name}: D8 rated`);
  }
});

test('real: supergateway stdio → WebSocket accepts any Origin and fans server requests out to every client', async () => {
  await checkServer('supergateway-ws', false, {
    'tools-list': { status: 'pass', why: 'initialize and tools/list over text frames' },
    // browsers let any page open a WebSocket; only the server's Origin check stops it
    'origin-validation': { status: 'fail', outcome: 'acceptedLoopback', why: 'upgrade with Origin: https://evil.example → 101' },
    'stream-isolation': { status: 'fail', outcome: 'crossSessionDelivery', why: 'the roots/list request one client triggered reaches every connected client' },
  });
});

test('real: nginx with buffering forced holds SSE back; with the SSE settings it streams', async () => {
  await checkServer('nginx-buffered', true, {
    era: { status: 'pass', outcome: 'session', why: 'POSTs pass through (whole, at the end)' },
    // HTTP/1.0 upstream + proxy_buffering on: the GET stream's headers never come within the window
    'proxy-buffering': { status: 'fail', outcome: 'headersNeverArrived', why: 'no GET response headers in the 5 s window' },
    // the 3 s call arrives in one burst at 3.04 s: one root cause, reported once
    'tool-call-progress': { status: 'na', outcome: 'atTheEnd', why: 'all 5 progress notifications arrive with the result' },
    'sse-keepalive': { status: 'na', why: 'the GET stream never opens; the call stream is one burst (buffering\'s finding)' },
  });
  await checkServer('nginx-sse', true, {
    'get-stream-or-405': { status: 'pass', outcome: 'stream', why: 'GET headers in 0.03 s' },
    'proxy-buffering': { status: 'pass', outcome: 'streaming', why: 'progress at 0.6, 1.2, 1.8, 2.4, 3.0 s' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'progress spread over the call' },
  });
});

// A pre-shared-token login with no OAuth discovery at all (transcript: fastmcp-auth.md). The
// legacy URL used to come out 'unreachable' (exit 3): its POSTs meet 404, only its GET the 401.
test('real: fastmcp behind `authenticate`, /mcp and legacy /sse, scanned without the token', async () => {
  for (const endpoint of ['mcp', 'sse'] as const) {
    const server = await startFastmcp(endpoint, { auth: true });
    let verdicts: Record<string, string>;
    try {
      const { result } = await scan({ url: server.url, options: { ...REAL_SCAN } });
      verdicts = Object.fromEntries(result.rules.map((r) => [r.id, `${r.status}/${r.outcome}`]));
      assert.equal(result.reachable, true, endpoint);
      assert.equal(result.tier, 'unrated', `${endpoint}: everything past the login is unseen`);
    } finally {
      await server.close();
    }
    const want: Record<string, string> = {
      era: 'na/authBlocked', // 401 to every transport probe (POST /sse: 404, GET /sse: 401)
      'auth-challenge': 'fail/noChallenge', // bare 401, no WWW-Authenticate (1, 2, 4)
      'protected-resource-metadata': 'warn/noOAuth', // both well-known URLs 404, and /authorize 404 (6–8): an API key, no OAuth
      'authorization-server-metadata': 'na/noPrm', // one root cause
      'origin-validation': 'na/authMasked', // the foreign Origin meets the same 401
    };
    if (endpoint === 'mcp') want['cors-expose-headers'] = 'na/noChallengeHeader'; // CORS * on the 401, nothing to expose (3)
    for (const [id, v] of Object.entries(want)) assert.equal(verdicts[id], v, `${endpoint}: ${id}`);
    const fails = Object.entries(verdicts).filter(([, v]) => v.startsWith('fail/')).map(([id]) => id).sort();
    assert.deepEqual(fails, ['auth-challenge'], `${endpoint}: no other fail`);
  }
});
