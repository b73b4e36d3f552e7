// Proves that each loopback test server behaves as designed, using nothing but fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_FLAWS,
  SCANNER_CORS_ORIGIN,
  SCANNER_EVIL_ORIGIN,
  startFlawedServer,
  startLegacySseServer,
  startModernServer,
  startSdkJsonResponseServer,
  startSdkStatelessServer,
  startWellBehavedServer,
  type Flaw,
  type FlawedServerOptions,
  type RunningServer,
} from './servers/index.ts';
import { DEMO_BEARER_TOKEN } from '../src/demo/oauthDocuments.ts';

const ACCEPT_BOTH = 'application/json, text/event-stream';
const KEEPALIVE_MS = 300;

// --- helpers -----------------------------------------------------------------------------

async function withServer<S extends RunningServer>(start: Promise<S>, body: (server: S) => Promise<void>): Promise<void> {
  const server = await start;
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const flawed = (flaws: Flaw[], extra: Partial<FlawedServerOptions> = {}) =>
  startFlawedServer({ flaws, keepAliveMs: KEEPALIVE_MS, notifyEveryMs: 150, ...extra });

function initializeRequest(protocolVersion = '2025-11-25'): object {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'servers-test', version: '1.0.0' } },
  };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

/** Initializes a session; returns its id and the session headers for later requests. */
async function openSession(url: string, headers: Record<string, string> = {}, version = '2025-11-25') {
  const response = await post(url, initializeRequest(version), headers);
  assert.equal(response.status, 200);
  const text = await response.text();
  const sessionId = response.headers.get('mcp-session-id');
  assert.ok(sessionId, 'initialize response carries Mcp-Session-Id');
  const sessionHeaders = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
  const initialized = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders);
  const initializedBody = await initialized.text();
  return { sessionId, sessionHeaders, text, response, initialized, initializedBody };
}

/**
 * Reads a streaming body until `done(textSoFar)` holds or `timeoutMs` passes, then cancels
 * the stream. Returns everything read.
 */
async function readUntil(response: Response, done: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(text)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read().catch(() => undefined), // a server that closes mid-stream just ends the read
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), remaining);
        }),
      ]);
      clearTimeout(timer);
      if (chunk === undefined || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

const eventIds = (sse: string): string[] => [...sse.matchAll(/^id: ?(.*)$/gm)].map((m) => m[1]);
const countEvents = (sse: string): number => (sse.match(/^data: \{/gm) ?? []).length;

function openGet(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
}

// --- A. well-behaved (SDK v1) ------------------------------------------------------------

test('well-behaved: initialize gives a session and an SSE answer with priming id and retry', async () => {
  await withServer(startWellBehavedServer({ keepAliveMs: KEEPALIVE_MS, notifyEveryMs: 150 }), async (server) => {
    const { text, response, initialized } = await openSession(server.url);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.match(text, /^id: \S+\nretry: 1000\ndata: \n\n/, 'priming event with id and retry');
    assert.match(text, /"protocolVersion":"2025-11-25"/);
    assert.equal(initialized.status, 202);
  });
});

test('well-behaved: GET stream has event ids and keep-alive comments, and resumes per stream', async () => {
  await withServer(startWellBehavedServer({ keepAliveMs: KEEPALIVE_MS, notifyEveryMs: 100 }), async (server) => {
    const { sessionHeaders } = await openSession(server.url);
    const started = Date.now();
    const get = await openGet(server.url, sessionHeaders);
    assert.equal(get.status, 200);
    assert.ok(Date.now() - started < KEEPALIVE_MS, 'GET headers are not withheld until the first byte');
    assert.equal(get.headers.get('x-accel-buffering'), 'no');
    const sse = await readUntil(get, (t) => t.includes(': keepalive') && eventIds(t).length >= 3, 2 * KEEPALIVE_MS + 500);
    assert.match(sse, /^: keepalive$/m);
    const ids = eventIds(sse);
    assert.ok(ids.length >= 3, `saw ids: ${ids.join(', ')}`);

    // The SDK answers 409 while it still holds the old GET stream: give it a moment to see
    // the disconnect, as a client honouring `retry:` would.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const resumed = await openGet(server.url, { ...sessionHeaders, 'last-event-id': ids[0] });
    assert.equal(resumed.status, 200);
    const replay = await readUntil(resumed, (t) => eventIds(t).length >= 2, 1000);
    assert.deepEqual(eventIds(replay).slice(0, 2), ids.slice(1, 3), 'replay starts right after the given id');

    // An event id from this session means nothing to another session's store.
    const other = await openSession(server.url);
    const foreign = await openGet(server.url, { ...other.sessionHeaders, 'last-event-id': ids[0] });
    assert.equal(foreign.status, 400);
    await foreign.arrayBuffer();
  });
});

test('well-behaved: session errors, protocol version, DELETE', async () => {
  await withServer(startWellBehavedServer(), async (server) => {
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const unknown = await post(server.url, list, { 'mcp-session-id': 'no-such-session' });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, -32001);
    const missing = await post(server.url, list);
    assert.equal(missing.status, 400);
    await missing.arrayBuffer();
    const missingGet = await openGet(server.url, {});
    assert.equal(missingGet.status, 400);
    await missingGet.arrayBuffer();

    const { sessionHeaders } = await openSession(server.url);
    const badVersion = await post(server.url, list, { ...sessionHeaders, 'mcp-protocol-version': '1999-01-01' });
    assert.equal(badVersion.status, 400);
    await badVersion.arrayBuffer();
    const listed = await post(server.url, list, sessionHeaders);
    assert.match(await listed.text(), /"name":"slow-count"/);

    const deleted = await fetch(server.url, { method: 'DELETE', headers: sessionHeaders });
    assert.equal(deleted.status, 200);
    const afterDelete = await post(server.url, list, sessionHeaders);
    assert.equal(afterDelete.status, 404);
    await afterDelete.arrayBuffer();
  });
});

test('well-behaved: Origin validation and CORS', async () => {
  await withServer(startWellBehavedServer(), async (server) => {
    const evil = await post(server.url, initializeRequest(), { origin: SCANNER_EVIL_ORIGIN });
    assert.equal(evil.status, 403);
    const body = await evil.json();
    assert.equal(body.id, null);
    assert.ok(body.error);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);

    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: SCANNER_CORS_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-protocol-version, mcp-session-id, authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SCANNER_CORS_ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /mcp-session-id/);
    assert.ok(preflight.headers.get('access-control-max-age'));

    const { response } = await openSession(server.url, { origin: SCANNER_CORS_ORIGIN });
    assert.equal(response.headers.get('access-control-allow-origin'), SCANNER_CORS_ORIGIN);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /Mcp-Session-Id/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);

    const ownOrigin = await post(server.url, initializeRequest(), { origin: server.origin });
    assert.equal(ownOrigin.status, 200);
    await ownOrigin.arrayBuffer();
  });
});

test('well-behaved: slow-count streams progress and log notifications before the result', async () => {
  await withServer(startWellBehavedServer(), async (server) => {
    const { sessionHeaders } = await openSession(server.url);
    const call = await post(
      server.url,
      {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'slow-count', arguments: { count: 2, intervalMs: 20 }, _meta: { progressToken: 'p' } },
      },
      sessionHeaders,
    );
    const sse = await call.text();
    assert.equal((sse.match(/notifications\/progress/g) ?? []).length, 2);
    assert.equal((sse.match(/notifications\/message/g) ?? []).length, 2);
    assert.ok(sse.indexOf('notifications/progress') < sse.indexOf('counted to 2'));
  });
});

test('well-behaved and flawed: idle sessions expire (then 404)', async () => {
  const servers = [startWellBehavedServer({ sessionIdleMs: 100 }), flawed([], { sessionIdleMs: 100 })];
  for (const start of servers) {
    await withServer(start, async (server) => {
      const { sessionHeaders } = await openSession(server.url);
      await new Promise((resolve) => setTimeout(resolve, 350));
      const late = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, sessionHeaders);
      assert.equal(late.status, 404);
      await late.arrayBuffer();
    });
  }
});

// --- B. flawed (hand-written) ------------------------------------------------------------

test('flawed, no flaws: behaves like the well-behaved server', async () => {
  await withServer(flawed([]), async (server) => {
    const session = await openSession(server.url, { origin: SCANNER_CORS_ORIGIN });
    const { text, sessionHeaders, initialized, response } = session;
    assert.match(text, /^id: \S+\nretry: 1000\ndata: \n\n/);
    assert.equal(response.headers.get('access-control-allow-origin'), SCANNER_CORS_ORIGIN);
    assert.equal(initialized.status, 202);
    assert.equal(session.initializedBody, '');
    const get = await openGet(server.url, sessionHeaders);
    assert.equal(get.headers.get('x-accel-buffering'), 'no');
    const sse = await readUntil(get, (t) => t.includes(': keepalive') && countEvents(t) >= 1, 2 * KEEPALIVE_MS + 500);
    assert.match(sse, /^retry: 1000$/m);
    assert.match(sse, /^: keepalive$/m);
    assert.ok(eventIds(sse).length >= 2);

    const unknown = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'nope' });
    assert.equal(unknown.status, 404);
    await unknown.arrayBuffer();
    const evil = await post(server.url, initializeRequest(), { origin: SCANNER_EVIL_ORIGIN });
    assert.equal(evil.status, 403);
    await evil.arrayBuffer();
    const badVersion = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, {
      ...sessionHeaders,
      'mcp-protocol-version': '1999-01-01',
    });
    assert.equal(badVersion.status, 400);
    await badVersion.arrayBuffer();
  });
});

test('flawed, JSON responses: negotiates versions and answers with application/json', async () => {
  await withServer(flawed([], { postResponse: 'json' }), async (server) => {
    const response = await post(server.url, initializeRequest('1999-01-01'));
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal((await response.json()).result.protocolVersion, '2025-11-25');
  });
});

test('flawed: unknown-session-400, get-404, notification-200, bad-protocol-version-accepted', async () => {
  await withServer(
    flawed(['unknown-session-400', 'get-404', 'notification-200', 'bad-protocol-version-accepted']),
    async (server) => {
      const { sessionHeaders, initialized } = await openSession(server.url);
      assert.equal(initialized.status, 200);
      const unknown = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'nope' });
      assert.equal(unknown.status, 400);
      await unknown.arrayBuffer();
      const get = await openGet(server.url, sessionHeaders);
      assert.equal(get.status, 404);
      await get.arrayBuffer();
      const bogus = await post(server.url, { jsonrpc: '2.0', id: 3, method: 'ping' }, {
        ...sessionHeaders,
        'mcp-protocol-version': '1999-01-01',
      });
      assert.equal(bogus.status, 200);
      await bogus.arrayBuffer();
    },
  );
});

test('flawed: wrong-content-type, no-event-ids, no-retry, no-keepalive, sequential-session-ids', async () => {
  await withServer(
    flawed(['wrong-content-type', 'no-event-ids', 'no-retry', 'no-keepalive', 'sequential-session-ids'], { notifyEveryMs: 50 }),
    async (server) => {
      const { response, sessionHeaders, sessionId } = await openSession(server.url);
      assert.equal(sessionId, '1');
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const get = await openGet(server.url, sessionHeaders);
      assert.match(get.headers.get('content-type') ?? '', /^text\/plain/);
      const sse = await readUntil(get, () => false, KEEPALIVE_MS * 2);
      assert.ok(countEvents(sse) >= 2, 'notifications still flow');
      assert.deepEqual(eventIds(sse), []);
      assert.doesNotMatch(sse, /^retry:/m);
      assert.doesNotMatch(sse, /^:/m);
      assert.equal((await openSession(server.url)).sessionId, '2');
    },
  );
});

test('flawed: resume-replays-other-streams leaks another session’s events; the default does not', async () => {
  for (const flaws of [[], ['resume-replays-other-streams']] as Flaw[][]) {
    await withServer(flawed(flaws, { notifyEveryMs: 60_000 }), async (server) => {
      const alice = await openSession(server.url);
      const firstGet = await openGet(server.url, alice.sessionHeaders);
      const cursor = eventIds(await readUntil(firstGet, (t) => eventIds(t).length >= 1, 1000))[0];
      assert.ok(cursor, 'priming event id');

      const bob = await openSession(server.url);
      const echo = { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'secret-of-bob' } } };
      assert.match(await (await post(server.url, echo, bob.sessionHeaders)).text(), /secret-of-bob/);

      const resumed = await openGet(server.url, { ...alice.sessionHeaders, 'last-event-id': cursor });
      assert.equal(resumed.status, 200);
      const replay = await readUntil(resumed, (t) => t.includes('secret-of-bob'), 400);
      assert.equal(replay.includes('secret-of-bob'), flaws.length > 0);
    });
  }
});

test('flawed: resume-replays-nothing accepts a POST stream\'s resume and replays nothing; the default replays its response', async () => {
  for (const flaws of [[], ['resume-replays-nothing']] as Flaw[][]) {
    await withServer(flawed(flaws, { notifyEveryMs: 60_000 }), async (server) => {
      const { sessionHeaders } = await openSession(server.url);
      const echo = { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'echo', arguments: { text: 'owed-to-the-client' } } };
      const answer = await (await post(server.url, echo, sessionHeaders)).text();
      const cursor = eventIds(answer)[0];
      assert.ok(cursor && answer.includes('owed-to-the-client'), 'the POST stream carries ids and the answer');
      const resumed = await openGet(server.url, { ...sessionHeaders, 'last-event-id': cursor });
      assert.equal(resumed.status, 200);
      const replay = await readUntil(resumed, (t) => t.includes('owed-to-the-client'), 400);
      assert.equal(replay.includes('owed-to-the-client'), flaws.length === 0);
    });
  }
});

test('flawed: CORS flaws', async () => {
  await withServer(flawed(['no-cors']), async (server) => {
    const preflight = await fetch(server.url, { method: 'OPTIONS', headers: { origin: SCANNER_CORS_ORIGIN, 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 405);
    const { response } = await openSession(server.url, { origin: SCANNER_CORS_ORIGIN });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
  await withServer(flawed(['cors-reflect-credentials']), async (server) => {
    const { response } = await openSession(server.url, { origin: SCANNER_EVIL_ORIGIN });
    assert.equal(response.headers.get('access-control-allow-origin'), SCANNER_EVIL_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
  });
  await withServer(flawed(['no-origin-validation']), async (server) => {
    const { response } = await openSession(server.url, { origin: SCANNER_EVIL_ORIGIN });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
  await withServer(flawed(['no-expose-headers']), async (server) => {
    const { response } = await openSession(server.url, { origin: SCANNER_CORS_ORIGIN });
    assert.equal(response.headers.get('access-control-allow-origin'), SCANNER_CORS_ORIGIN);
    assert.equal(response.headers.get('access-control-expose-headers'), null);
  });
});

test('flawed: auth-ok challenges with resource metadata and serves RFC 9728 / RFC 8414 documents', async () => {
  await withServer(flawed(['auth-ok']), async (server) => {
    const bare = await post(server.url, initializeRequest(), { origin: SCANNER_CORS_ORIGIN });
    assert.equal(bare.status, 401);
    await bare.arrayBuffer();
    const prmUrl = `${server.origin}/.well-known/oauth-protected-resource/mcp`;
    assert.equal(bare.headers.get('www-authenticate'), `Bearer resource_metadata="${prmUrl}", scope="mcp"`);
    assert.match(bare.headers.get('access-control-expose-headers') ?? '', /WWW-Authenticate/);

    for (const url of [prmUrl, `${server.origin}/.well-known/oauth-protected-resource`]) {
      const prm = await fetch(url);
      assert.equal(prm.headers.get('access-control-allow-origin'), '*');
      const doc = await prm.json();
      assert.equal(doc.resource, server.url);
      assert.deepEqual(doc.authorization_servers, [server.origin]);
    }
    const as = await (await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).json();
    assert.equal(as.issuer, server.origin);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(as.response_types_supported, ['code']);

    // a real resource server checks the token: garbage is refused, the demo token works
    const garbage = await post(server.url, initializeRequest(), { authorization: 'Bearer anything' });
    assert.equal(garbage.status, 401);
    await openSession(server.url, { authorization: `Bearer ${DEMO_BEARER_TOKEN}` });
  });
  await withServer(flawed(['auth-401-no-challenge']), async (server) => {
    const bare = await post(server.url, initializeRequest());
    assert.equal(bare.status, 401);
    assert.equal(bare.headers.get('www-authenticate'), null);
    await bare.arrayBuffer();
    const prm = await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`);
    assert.equal(prm.status, 404);
    await prm.arrayBuffer();
  });
});

test('flawed: buffered withholds GET headers until several events, then flushes them together', async () => {
  await withServer(flawed(['buffered'], { notifyEveryMs: 100 }), async (server) => {
    const { sessionHeaders } = await openSession(server.url);
    const started = Date.now();
    const get = await openGet(server.url, sessionHeaders);
    assert.ok(Date.now() - started >= 150, `headers after ${Date.now() - started} ms`);
    assert.equal(get.headers.get('x-accel-buffering'), null);
    const firstChunk = await readUntil(get, (t) => t.length > 0, 1000);
    assert.ok(countEvents(firstChunk) >= 3, 'events arrive in a bunch');
  });
});

test('flawed: slow, never-answers, flood', async () => {
  await withServer(flawed(['slow'], { delayMs: 300 }), async (server) => {
    const started = Date.now();
    await openSession(server.url);
    assert.ok(Date.now() - started >= 600, 'initialize and initialized each delayed');
  });
  await withServer(flawed(['never-answers']), async (server) => {
    await assert.rejects(
      fetch(server.url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(300) }),
      { name: 'TimeoutError' },
    );
  });
  // JSON answers to POST, so only the GET stream floods.
  await withServer(flawed(['flood'], { postResponse: 'json' }), async (server) => {
    const { sessionHeaders } = await openSession(server.url);
    const get = await openGet(server.url, sessionHeaders);
    const sse = await readUntil(get, (t) => t.length > 256 * 1024, 3000);
    assert.ok(sse.length > 256 * 1024, `read ${sse.length} bytes`);
  });
});

test('flawed: every flaw serves a session and closes promptly with streams open', async () => {
  for (const flaw of ALL_FLAWS) {
    const server = await flawed([flaw], { delayMs: 10 });
    const auth = { authorization: `Bearer ${DEMO_BEARER_TOKEN}` };
    const init = await post(server.url, initializeRequest(), auth, AbortSignal.timeout(500)).catch(() => undefined);
    const sessionId = init?.headers.get('mcp-session-id');
    if (init) await readUntil(init, (t) => t.includes('"result"'), 300);
    let get: Response | undefined;
    if (sessionId) {
      get = await openGet(server.url, { ...auth, 'mcp-session-id': sessionId });
      if (get.status !== 200) await get.arrayBuffer();
    }
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 500, `${flaw}: close took ${Date.now() - started} ms`);
    if (get?.status === 200) await readUntil(get, () => false, 1000); // ends because the server closed
  }
});

// --- C. other real servers ---------------------------------------------------------------

test('sdk stateless: answers without a session; GET is 405', async () => {
  await withServer(startSdkStatelessServer(), async (server) => {
    const response = await post(server.url, initializeRequest());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('mcp-session-id'), null);
    assert.match(await response.text(), /"protocolVersion":"2025-11-25"/);
    const list = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-protocol-version': '2025-11-25' });
    assert.match(await list.text(), /"name":"echo"/);
    const get = await openGet(server.url, {});
    assert.equal(get.status, 405);
    await get.arrayBuffer();
  });
});

test('sdk JSON response mode: stateful, answers with application/json', async () => {
  await withServer(startSdkJsonResponseServer(), async (server) => {
    const { response, text, sessionHeaders } = await openSession(server.url);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(JSON.parse(text).result.protocolVersion, '2025-11-25');
    const list = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, sessionHeaders);
    assert.match(list.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok((await list.json()).result.tools.length >= 2);
  });
});

test('legacy HTTP+SSE: first event is endpoint; POST answers 202 and the reply arrives on the stream', async () => {
  await withServer(startLegacySseServer(), async (server) => {
    assert.match(server.url, /\/sse$/);
    const stream = await fetch(server.url, { headers: { accept: 'text/event-stream' } });
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntilSeen = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) assert.fail(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntilSeen(/\n\n/);
    const endpoint = /^event: endpoint\ndata: (.*)$/m.exec(text);
    assert.ok(endpoint, `first event is endpoint: ${text}`);
    assert.ok(text.startsWith('event: endpoint\n'), 'endpoint is the first event');
    assert.match(endpoint[1], /^\/messages\?sessionId=/);

    const accepted = await post(new URL(endpoint[1], server.url).href, initializeRequest('2024-11-05'));
    assert.equal(accepted.status, 202);
    await accepted.arrayBuffer();
    await readUntilSeen(/"protocolVersion"/);
    assert.match(text, /event: message\ndata: \{"result":\{"protocolVersion":"2024-11-05"/);
    await reader.cancel();
  });
});

const DISCOVER_HEADERS = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' };
const DISCOVER_BODY = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: {
    _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
  },
};

test('modern (2026-07-28): server/discover, no sessions, GET/DELETE 405, legacy clients per variant', async () => {
  for (const legacy of [false, true]) {
    await withServer(startModernServer({ legacy }), async (server) => {
      const discover = await post(server.url, DISCOVER_BODY, DISCOVER_HEADERS);
      assert.equal(discover.status, 200);
      assert.equal(discover.headers.get('mcp-session-id'), null);
      const result = (await discover.json()).result;
      assert.ok(result.supportedVersions.includes('2026-07-28'));
      assert.equal(result.resultType, 'complete');

      const noMethodHeader = await post(server.url, DISCOVER_BODY, { 'mcp-protocol-version': '2026-07-28' });
      assert.equal(noMethodHeader.status, 400);
      assert.equal((await noMethodHeader.json()).error.code, -32020);

      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
        assert.equal(response.status, 405, method);
        await response.arrayBuffer();
      }

      const init = await post(server.url, initializeRequest('2025-11-25'));
      if (legacy) {
        assert.equal(init.status, 200);
        assert.equal(init.headers.get('mcp-session-id'), null);
        assert.match(await init.text(), /"protocolVersion":"2025-11-25"/);
      } else {
        assert.equal(init.status, 400);
        const error = (await init.json()).error;
        assert.equal(error.code, -32022);
        assert.deepEqual(error.data.supported, ['2026-07-28']);
      }
    });
  }
});
