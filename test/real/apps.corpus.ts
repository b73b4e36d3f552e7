// Real-server corpus (run after the other tests, one file at a time: npm run test:real), part 6:
// MCP servers shipped as products — context7-mcp, Playwright MCP (both transports), Notion's
// server behind its generated bearer token. Expected verdicts come from the wire
// (test/real/transcripts/context7.md, playwright-mcp-*.md, notion-mcp.md); thresholds are
// scaled (REAL_SCAN: keep-alive 3 s, GET watched 5 s). No tool is called.
import { test } from 'node:test';
import { checkServer } from './expect.ts';

test('real: context7-mcp — stateless SDK v2, CORS for everyone, no Origin or Host check', async () => {
  await checkServer('context7', false, {
    era: { status: 'pass', outcome: 'stateless', why: 'initialize → 200 without Mcp-Session-Id; server/discover → supportedVersions ["2026-07-28"]' },
    'server-discover': { status: 'pass', outcome: 'complete', why: 'server/discover with the _meta envelope → 200 JSON, supportedVersions and capabilities' },
    'stateless-header-validation': { status: 'pass', outcome: 'valid', why: 'Mcp-Method mismatch → 400 -32020; unknown method → 404 -32601' },
    'protocol-version-header': { status: 'pass', outcome: 'rejected', why: 'tools/list with 1999-01-01 → 400 -32000; server/discover with 1999-01-01 → 400 -32022' },
    'get-stream-or-405': { status: 'pass', outcome: 'methodNotAllowed', why: 'GET → 405 (both revisions)' },
    'sse-keepalive': { status: 'na', outcome: 'noStandaloneStream', why: 'GET → 405: no stream to keep alive' },
    'last-event-id-resume': { status: 'na', outcome: 'noEventIds', why: 'no `id:` on any POST stream event' },
    // the one CORS gap (Last-Event-ID missing from Allow-Headers) cannot bite: nothing carries an id, GET is 405
    'cors-preflight': { status: 'pass', outcome: 'ok', why: 'OPTIONS → 200, Allow-Origin *, Allow-Headers with every MCP header but Last-Event-ID, which no client needs here' },
    'cors-credentials': { status: 'pass', outcome: 'wildcardNoCredentials', why: 'a random origin\'s preflight → Allow-Origin *, no Allow-Credentials' },
    'origin-validation': { status: 'fail', outcome: 'acceptedLoopback', why: 'Origin: https://evil.example → 200 and Host: evil.example → 200' },
    // WWW-Authenticate rides on every response, 200s included: a pointer, not a challenge
    'auth-challenge': { status: 'na', outcome: 'notRequired', why: 'initialize without credentials → 200 (its WWW-Authenticate names mcp.context7.com)' },
    'tools-list': { status: 'pass', outcome: 'listed', why: 'resolve-library-id, query-docs' },
  });
});

test('real: Playwright MCP /mcp — sessions, Host checked but not Origin, 15 s keep-alive, no event ids', async () => {
  await checkServer('playwright-mcp', false, {
    era: { status: 'pass', outcome: 'session', why: 'initialize → 200 with Mcp-Session-Id (UUID)' },
    'origin-validation': { status: 'fail', outcome: 'hostOnly', why: 'Host: evil.example → 403, but Origin: https://evil.example → 200 with a session' },
    'sse-event-ids': { status: 'warn', outcome: 'noIds', why: 'no `id:` on any POST or GET stream event' },
    'last-event-id-resume': { status: 'na', outcome: 'noEventIds', why: 'no ids; a GET with a garbage Last-Event-ID is a new empty stream' },
    'sse-keepalive': { status: 'fail', outcome: 'silent', why: 'GET stream: headers at once, first byte the `: keepalive` at 15 s (window 5 s, threshold 3 s)' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 400 "Invalid request", no Access-Control-*' },
    'session-unknown-404': { status: 'pass', outcome: 'notFound', why: 'made-up Mcp-Session-Id → 404 "Session not found"' },
    'session-required-400': { status: 'pass', outcome: 'badRequest', why: 'tools/list without a session → 400 "Server not initialized"' },
    'session-delete': { status: 'pass', outcome: 'terminated', why: 'DELETE → 200, then the id → 404' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'session B\'s GET stream stays empty while A acts' },
    'tools-list': { status: 'pass', outcome: 'listed', why: 'browser_* tools on the POST stream' },
  });
});

test('real: Playwright MCP /sse — legacy HTTP+SSE, Host checked but not Origin, no keep-alive', async () => {
  await checkServer('playwright-mcp-sse', false, {
    era: { status: 'warn', outcome: 'legacyOnly', why: 'GET /sse sends `event: endpoint` /sse?sessionId=…' },
    'legacy-endpoint-event': { status: 'pass', outcome: 'endpointOk', why: 'the endpoint event names /sse?sessionId=<uuid>; POST there → 202, answer on the stream' },
    'legacy-session-id': { status: 'pass', outcome: 'refused', why: 'unknown sessionId → 404 "Session not found", none → 400 "Missing sessionId"' },
    'origin-validation': { status: 'fail', outcome: 'hostOnly', why: 'GET /sse with Origin: https://evil.example → 200 endpoint event; Host: evil.example → 403' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'the second /sse stream gets only its own endpoint event and initialize answer' },
    'sse-keepalive': { status: 'fail', outcome: 'noKeepAlive', why: 'no `:` comment on an idle /sse stream in 65 s' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS /sse and /sse?sessionId=… → 405, no Access-Control-*' },
    'tools-list': { status: 'pass', outcome: 'listed', why: 'answered on the stream' },
  });
});

test('real: Notion MCP behind its generated bearer token — 401 with no challenge (fail) and no OAuth at all (warn)', async () => {
  await checkServer('notion-mcp', false, {
    era: { status: 'na', outcome: 'authBlocked', why: 'initialize, GET and DELETE without the token → 401' },
    'auth-challenge': { status: 'fail', outcome: 'noChallenge', why: '401 "Missing bearer token" with no WWW-Authenticate; Bearer garbage → 403' },
    // an API-key login: no OAuth piece anywhere, a SHOULD shortfall (authorization is OPTIONAL)
    'protected-resource-metadata': { status: 'warn', outcome: 'noOAuth', why: '/.well-known/oauth-protected-resource/mcp and /.well-known/oauth-protected-resource → 404, /.well-known/oauth-authorization-server → 404, GET /authorize → 404' },
    'authorization-server-metadata': { status: 'na', outcome: 'noPrm', why: 'no protected-resource metadata to name an issuer (and /.well-known/oauth-authorization-server → 404)' },
    'origin-validation': { status: 'na', outcome: 'authMasked', why: 'Origin: https://evil.example and Host: evil.example → 401 like any request without the token' },
    'cors-preflight': { status: 'warn', outcome: 'refused', why: 'OPTIONS → 401 (the token check runs first), no Access-Control-*' },
  });
});
