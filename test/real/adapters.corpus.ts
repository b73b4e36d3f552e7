// Real-server corpus (run after the other tests, one file at a time: npm run test:real), part 5:
// adapters and frameworks on the official SDK v2 with their own routing, sessions and auth —
// mcp-handler (Vercel), @mastra/mcp, @rekog/mcp-nest. Expected verdicts come from the wire
// (test/real/transcripts/mcp-handler.md, mastra-mcp.md, mcp-nest.md); thresholds are scaled
// (REAL_SCAN: keep-alive 3 s, GET watched 5 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { CORPUS, REAL_SCAN, callToolOption } from './corpus.ts';
import { checkServer } from './expect.ts';
import { MCP_HANDLER_TOKEN } from './servers/mcpHandler.ts';

test('real: mcp-handler in Hono (2026-07-28 + stateless 2025-11-25), with --call-tool', async () => {
  const r = await checkServer('mcp-handler', true, {
    era: { status: 'pass', outcome: 'stateless', why: 'server/discover answers 2026-07-28; initialize negotiates 2025-11-25 without Mcp-Session-Id' },
    'server-discover': { status: 'pass', outcome: 'complete', why: 'supportedVersions ["2026-07-28"], resultType complete, serverInfo in _meta' },
    'stateless-header-validation': { status: 'pass', why: 'Mcp-Method mismatch → 400 -32020; unknown method → 404 -32601' },
    'stateless-get-delete-405': { status: 'na', outcome: 'sessionEraToo', why: 'it also speaks 2025-11-25' },
    'get-stream-or-405': { status: 'pass', outcome: 'methodNotAllowed', why: 'GET → 405 Allow: POST' },
    'protocol-version-header': { status: 'pass', outcome: 'rejected', why: 'tools/list with MCP-Protocol-Version: 1999-01-01 → 400 -32000; 2026-07-28 envelope → 400 -32022' },
    'accept-negotiation': { status: 'pass', outcome: 'strict406', why: 'Accept: application/json only → 406' },
    'notification-202': { status: 'pass', why: 'notifications/initialized → 202, empty body' },
    'sse-event-ids': { status: 'na', outcome: 'noSession', why: 'no Mcp-Session-Id: nothing to resume in' },
    'session-unknown-404': { status: 'na', outcome: 'noSession', why: 'no Mcp-Session-Id minted' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: '5 progress notifications 0.6 s apart on the tools/call stream, then the result' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 405 Allow: POST, no Access-Control-*' },
  });
  assert.deepEqual([...r.revisions].sort(), ['2025-11-25', '2026-07-28']);
});

/** the auth rules as the unauthenticated discovery sees them, with or without a token in hand */
const MCP_HANDLER_AUTH = {
  'auth-challenge': { status: 'pass', outcome: 'resourceMetadata', why: '401 WWW-Authenticate: Bearer error="invalid_token", …, resource_metadata="<origin>/.well-known/oauth-protected-resource"' },
  // protectedResourceHandler mounted at the root derives `resource` from the root: the origin
  'protected-resource-metadata': { status: 'warn', outcome: 'resourcePrefix', why: 'the document from resource_metadata says resource http://127.0.0.1:N, a parent of …/api/mcp (RFC 9728 §3.3 wants the URL requested)' },
  'authorization-server-metadata': { status: 'pass', outcome: 'valid', why: 'RFC 8414 document at <origin>/.well-known/oauth-authorization-server, issuer matches' },
  'pkce-s256': { status: 'pass', outcome: 's256', why: 'code_challenge_methods_supported ["S256"]' },
  // withMcpAuth wraps every method, OPTIONS included
  'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 401 without Access-Control-*' },
} as const;

test('real: mcp-handler behind withMcpAuth({ required: true }), no token', async () => {
  await checkServer('mcp-handler-auth', false, {
    ...MCP_HANDLER_AUTH,
    era: { status: 'na', outcome: 'authBlocked', why: 'server/discover and every initialize → 401' },
    'tools-list': { status: 'na', outcome: 'authBlocked', why: 'no request gets past the 401' },
    'origin-validation': { status: 'na', outcome: 'authMasked', why: 'Origin evil → 401 like any unauthenticated request' },
  });
});

test('real: mcp-handler behind withMcpAuth({ required: true }), scanned with its token', async () => {
  const server = await CORPUS['mcp-handler-auth']!();
  try {
    const { result } = await scan({ url: server.url, options: { ...REAL_SCAN, headers: { authorization: `Bearer ${MCP_HANDLER_TOKEN}` } } });
    const got = (id: string) => result.rules.find((x) => x.id === id);
    for (const [id, want] of Object.entries(MCP_HANDLER_AUTH)) {
      assert.equal(`${got(id)?.status}/${got(id)?.outcome}`, `${want.status}/${want.outcome}`, `${id}: ${want.why} (discovery stays unauthenticated)`);
    }
    assert.equal(got('era')?.outcome, 'stateless', 'past the 401: both eras answer with the token');
    assert.equal(got('tools-list')?.outcome, 'listed', 'tools/list with the token → 2 tools');
    assert.equal(got('protocol-version-header')?.outcome, 'rejected', 'the token gets the version check judged: 400');
  } finally {
    await server.close();
  }
});

test('real: @mastra/mcp MCPServer.startHTTP (2026-07-28 only)', async () => {
  const r = await checkServer('mastra-mcp', false, {
    era: { status: 'pass', outcome: 'stateless', why: 'server/discover answers; initialize → 400 -32022 supported ["2026-07-28"]' },
    'server-discover': { status: 'pass', outcome: 'complete', why: 'supportedVersions ["2026-07-28"], resultType complete, serverInfo in _meta' },
    'stateless-header-validation': { status: 'pass', why: 'tools/call without Mcp-Name → 400 -32020; unknown method → 404 -32601' },
    'stateless-get-delete-405': { status: 'pass', outcome: 'both405', why: 'GET → 405, DELETE → 405' },
    'protocol-version-header': { status: 'pass', outcome: 'modernError', why: 'MCP-Protocol-Version: 1999-01-01 → 400 -32022 with data.supported' },
    'notification-202': { status: 'pass', why: 'notifications/cancelled → 202, empty body' },
    'tools-list': { status: 'pass', outcome: 'listed', why: 'tools/list → the add tool, as JSON' },
    // every answer is JSON and GET is 405 (recorded by the discover probe): no stream anywhere
    'sse-content-type': { status: 'na', outcome: 'noSse', why: 'GET → 405 and every POST answered application/json' },
    'sse-json-data': { status: 'na', outcome: 'noSse', why: 'no event stream anywhere: nothing unobserved' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 405, no Access-Control-*' },
  });
  assert.deepEqual([...r.revisions], ['2026-07-28']);
});

test('real: @rekog/mcp-nest Quick Start (stateless, JSON responses), with --call-tool', async () => {
  await checkServer('mcp-nest', true, {
    era: { status: 'pass', outcome: 'stateless', why: 'server/discover answers; initialize negotiates 2025-11-25 without Mcp-Session-Id' },
    'get-stream-or-405': { status: 'pass', outcome: 'methodNotAllowed', why: 'GET → 405 "Method not allowed in stateless mode"' },
    'protocol-version-header': { status: 'pass', outcome: 'rejected', why: 'MCP-Protocol-Version: 1999-01-01 → 400 -32000' },
    'notification-202': { status: 'pass', outcome: 'accepted', why: '202 with Content-Type text/plain (Express) and an empty body' },
    'sse-content-type': { status: 'na', outcome: 'noSse', why: 'every answer application/json (enableJsonResponse), GET → 405' },
    'sse-json-data': { status: 'na', outcome: 'noSse', why: 'no event stream anywhere: nothing unobserved' },
    // a JSON answer has nowhere to put progress: the result alone, after 3 s
    'tool-call-progress': { status: 'na', outcome: 'noProgress', why: 'tools/call with a progressToken → 200 application/json after 3 s, no progress' },
    'session-unknown-404': { status: 'na', outcome: 'noSession', why: 'no Mcp-Session-Id minted' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 404 (no route), no Access-Control-*' },
  });
});

test('real: @rekog/mcp-nest statefulMode (sessions, GET stream)', async () => {
  await checkServer('mcp-nest-stateful', false, {
    era: { status: 'pass', outcome: 'stateless', why: 'server/discover answers; initialize → 200 with Mcp-Session-Id' },
    'get-stream-or-405': { status: 'pass', outcome: 'stream', why: 'GET with the session → 200 text/event-stream' },
    'sse-event-ids': { status: 'warn', outcome: 'noIds', why: 'no `id:` on any event (no event store)' },
    'last-event-id-resume': { status: 'na', outcome: 'noEventIds', why: 'nothing to resume from' },
    'session-unknown-404': { status: 'pass', outcome: 'notFound', why: 'made-up Mcp-Session-Id → 404 -32001' },
    'session-required-400': { status: 'pass', outcome: 'badRequest', why: 'tools/list without Mcp-Session-Id → 400' },
    'session-delete': { status: 'pass', outcome: 'terminated', why: 'DELETE → 200, then the id → 404' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'the second session\'s GET stream sees nothing of the first' },
    'protocol-version-header': { status: 'pass', outcome: 'rejected', why: 'MCP-Protocol-Version: 1999-01-01 → 400 -32000' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 404, no Access-Control-*' },
  });
});

test('real: @rekog/mcp-nest statefulMode sends a call\'s progress on the GET stream, not on the call\'s stream', async () => {
  // Judged on its own: with the progress on the GET stream, that stream's silences (and so
  // sse-keepalive under the scaled 3 s threshold) depend on when the call ran.
  const server = await CORPUS['mcp-nest-stateful']!();
  try {
    const callTool = callToolOption(server.callTool);
    const { result, evidence } = await scan({ url: server.url, options: { ...REAL_SCAN, ...(callTool ? { callTool } : {}) } });
    const rule = result.rules.find((x) => x.id === 'tool-call-progress');
    assert.equal(rule?.status, 'warn', `ctx.reportProgress in a session is unrelated to the request, so the SDK routes it to the GET stream: ${rule?.outcome} ${rule?.detail}`);
    assert.equal(rule?.outcome, 'otherStream');
    const gs = evidence.transcript.find((x) => x.id === evidence.probes.getStream?.exchangeId);
    assert.ok(gs?.response?.sse?.events.some((e) => e.data.includes('notifications/progress')), 'the progress is on the GET stream');
    assert.equal(result.rules.find((x) => x.id === 'stream-isolation')?.outcome, 'isolated', 'the progress stays in its own session');
  } finally {
    await server.close();
  }
});

test('real: fastify-mcp stateful (its own session map on the SDK v1 transport), with --call-tool', async () => {
  await checkServer('fastify-mcp', true, {
    era: { status: 'pass', outcome: 'session', why: 'initialize negotiates 2025-11-25 with Mcp-Session-Id' },
    'get-stream-or-405': { status: 'pass', outcome: 'stream', why: 'GET with the session → 200 text/event-stream' },
    // its router answers every id it does not hold with 400, the ended ones included
    'session-unknown-404': { status: 'fail', outcome: 'badRequest', why: 'made-up Mcp-Session-Id → 400 "No valid session ID provided"; the DELETEd id → 400 too' },
    'session-required-400': { status: 'pass', outcome: 'badRequest', why: 'tools/list without Mcp-Session-Id → 400' },
    'session-delete': { status: 'pass', outcome: 'terminatedNot404', why: 'DELETE → 200, then the id → 400 as a made-up id: the status is session-unknown-404\'s finding' },
    'protocol-version-header': { status: 'pass', outcome: 'rejected', why: 'MCP-Protocol-Version: 1999-01-01 → 400' },
    'sse-event-ids': { status: 'warn', outcome: 'noIds', why: 'no `id:` on any event (no event store)' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'the second session\'s GET stream sees nothing of the first' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'progress 0.6 s apart on the tools/call stream, then the result' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 404 (no route), no Access-Control-*' },
  });
});
