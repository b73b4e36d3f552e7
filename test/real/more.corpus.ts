// Real-server corpus (run after the other tests, one file at a time: npm run test:real), part 4:
// implementations independent of the official SDK. Expected verdicts come from the wire
// (test/real/transcripts/); thresholds are scaled (REAL_SCAN: keep-alive 3 s, GET watched 5 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkServer } from './expect.ts';

test('real: tmcp (session era 2025-06-18 and stateless 2026-07-28 on one endpoint), with --call-tool', async () => {
  const r = await checkServer('tmcp', true, {
    era: { status: 'pass', outcome: 'stateless', why: 'server/discover answers 2026-07-28; initialize negotiates 2025-06-18 with Mcp-Session-Id' },
    'server-discover': { status: 'pass', outcome: 'complete', why: 'supportedVersions ["2026-07-28"], resultType complete, serverInfo in _meta' },
    'stateless-header-validation': { status: 'pass', why: 'Mcp-Method mismatch → 400 -32020; unknown method → 404 -32601' },
    // GET/DELETE with the 2026-07-28 header → 405, but session-era clients use both
    'stateless-get-delete-405': { status: 'na', outcome: 'sessionEraToo', why: 'it also speaks 2025-06-18' },
    'init-version-negotiation': { status: 'pass', why: 'initialize offering 1999-01-01 → protocolVersion 2025-06-18' },
    // session-era requests are never checked against the header
    'protocol-version-header': { status: 'fail', outcome: 'accepted', why: 'tools/list with MCP-Protocol-Version: 1999-01-01 in a session → 200' },
    'sse-event-ids': { status: 'warn', outcome: 'noIds', why: 'no `id:` on any event (ids are a MAY)' },
    'last-event-id-resume': { status: 'na', outcome: 'noEventIds', why: 'nothing to resume from' },
    'accept-negotiation': { status: 'warn', outcome: 'sseAnyway', why: 'Accept: application/json only → 200 text/event-stream' },
    'get-stream-or-405': { status: 'pass', outcome: 'stream', why: 'GET with session → 200 text/event-stream at once' },
    // `: connected` at 0 s, then silence for the whole window
    'sse-keepalive': { status: 'fail', outcome: 'noKeepAlive', why: 'one `: connected` comment as the stream opens, then nothing for 5 s (threshold 3 s): an opening, not a keep-alive timer' },
    'session-unknown-404': { status: 'fail', outcome: 'accepted', why: 'made-up Mcp-Session-Id → 200; a DELETEd session → 200 again' },
    // one root cause (ids are never checked), one finding
    'session-required-400': { status: 'na', outcome: 'servesAnyId', why: 'tools/list without Mcp-Session-Id → 200 under a new id, as a made-up id is' },
    'session-delete': { status: 'na', outcome: 'servesAnyId', why: 'DELETE → 200 and the deleted id → 200, as a made-up id is' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'B\'s GET, a session-less GET and a made-up id\'s GET see only `: connected`' },
    'cors-preflight': { status: 'warn', outcome: 'noCors', why: 'OPTIONS → 204 without Access-Control-* (CORS is opt-in)' },
    'cors-expose-headers': { status: 'na', outcome: 'noCorsAtAll', why: 'no response carries Access-Control-Allow-Origin' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'progress 0.6 s apart on the tools/call stream, then the result' },
    'sse-ends-with-response': { status: 'pass', why: 'every POST stream closes after its response' },
    'notification-202': { status: 'pass', why: 'notifications/initialized → 202, empty body' },
  });
  // both eras scanned; the session era is the one initialize negotiated, not the 2025-11-25 offered
  assert.deepEqual([...r.revisions].sort(), ['2025-06-18', '2026-07-28']);
});

test('real: @hono/mcp in its README setup (one shared stateless transport), with --call-tool', async () => {
  await checkServer('hono-mcp', true, {
    era: { status: 'pass', outcome: 'session', why: 'initialize negotiates 2025-11-25; no Mcp-Session-Id (no sessionIdGenerator)' },
    'tools-list': { status: 'pass', why: 'tools/list answered on a text/event-stream POST stream' },
    // `return ctx.json(null, { status: 202 })`
    'notification-202': { status: 'fail', outcome: 'wrong2xx', why: 'notifications/initialized → 202 application/json with the body `null`' },
    // one standalone stream per transport: the scan's WebSocket check (a GET held 2 s) takes it first
    'get-stream-or-405': { status: 'pass', outcome: 'stream', why: 'GET → 200 text/event-stream once no other GET holds the one stream (409 while one does)' },
    'protocol-version-header': { status: 'fail', outcome: 'otherStatus', why: 'tools/list with MCP-Protocol-Version: 1999-01-01 → 404' },
    // keep-alive is an `event: ping` with empty data every 30 s: nothing within the 5 s window
    'sse-keepalive': { status: 'fail', outcome: 'silent', why: 'GET stream: headers, then not a byte for 5 s (threshold 3 s)' },
    'accept-negotiation': { status: 'warn', outcome: 'sseAnyway', why: 'Accept: application/json only → 200 text/event-stream (strictAcceptHeader is off)' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 405 Allow: GET, POST, DELETE; no CORS middleware' },
    'sse-event-ids': { status: 'na', outcome: 'noSession', why: 'no session id, and no event store' },
    'session-unknown-404': { status: 'na', outcome: 'noSession', why: 'no session id minted' },
    'stream-isolation': { status: 'na', outcome: 'notObserved', why: 'no session id: no other session to watch from' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'progress 0.6 s apart on the tools/call stream, then the result' },
  });
});
