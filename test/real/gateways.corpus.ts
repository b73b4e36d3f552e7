// Real-server corpus (run after the other tests, one file at a time: npm run test:real), part 2: gateways in front of a stdio server (supergateway, mcp-proxy).
// Expected verdicts come from the wire (test/real/transcripts/).
import { test } from 'node:test';
import { checkServer } from './expect.ts';

test('real: supergateway stdio → SSE fans every answer out to every session', async () => {
  await checkServer('supergateway-sse', false, {
    era: { status: 'warn', outcome: 'legacyOnly', why: 'GET /sse sends the endpoint event' },
    // one stdio child for all clients; its stdout goes to every open SSE stream
    'stream-isolation': { status: 'fail', outcome: 'crossSessionDelivery', why: 'a second /sse stream receives the first session\'s tools/list and ping answers' },
    // 503 says "try again later" for a session that will never come back
    'legacy-session-id': { status: 'warn', outcome: 'serverError', why: 'unknown sessionId → 503 in 7 ms, none → 400' },
    'tools-list': { status: 'pass', why: 'answered on the stream' },
  });
});

test('real: supergateway stdio → streamable HTTP (stateful, stateless)', async () => {
  await checkServer('supergateway-stateful', false, {
    era: { status: 'pass', outcome: 'session', why: 'initialize mints Mcp-Session-Id' },
    'last-event-id-resume': { status: 'na', outcome: 'noEventIds', why: 'no event ids on any stream' },
    'session-unknown-404': { status: 'pass', outcome: 'notFound', why: 'unknown session → 404' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'the second session\'s GET stream gets nothing of the first' },
  });
  await checkServer('supergateway-stateless', true, {
    'get-stream-or-405': { status: 'pass', outcome: 'methodNotAllowed', why: 'GET → 405' },
    'tool-call-progress': { status: 'pass', outcome: 'progressive', why: 'progress arrives spread over the call' },
    'proxy-buffering': { status: 'pass', outcome: 'streaming', why: 'no bursts on the tools/call stream' },
  });
});

test('real: mcp-proxy in front of a stdio server (streamable endpoint)', async () => {
  await checkServer('mcp-proxy-stream', false, {
    'last-event-id-resume': { status: 'pass', outcome: 'replayed', why: 'a POST stream\'s priming id replays its response' },
    'stream-isolation': { status: 'pass', outcome: 'isolated', why: 'replays only that stream; the second session sees nothing' },
    'session-unknown-404': { status: 'pass', outcome: 'notFound', why: 'unknown session → 404' },
  });
});
