// The browser provider itself, in real Chromium: the page origin, the network allow-list,
// that CORS preflights reach the server (no request interception faking them), browser reuse,
// and the probe staying inside the scan deadline.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { scan } from '../../src/engine/scan.ts';
import { pageFetch } from '../../src/browser/pageClient.ts';
import type { BrowserArtifact } from '../../src/contract/browserArtifact.ts';
import { createBrowserProvider, findChromium } from '../../src/browser/provider.ts';
import { startFlawedServer } from '../servers/index.ts';
import { browserOrSkip, closeSharedProvider } from './_support.ts';

after(() => closeSharedProvider());

/** A server that records what reached it and answers everything with permissive CORS. */
async function recorder(): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} origin=${req.headers.origin ?? '-'}`);
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': String(req.headers.origin ?? '*'),
      'access-control-allow-headers': 'content-type',
    }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

const get = (url: string, headers: Record<string, string> = {}) => ({ url, method: 'GET', headers, read: 'none' as const, readHeaders: [], timeoutMs: 3_000 });

test('provider: page origin, preflights reach the server, other origins are unreachable', async (t) => {
  const provider = await browserOrSkip(t);
  if (!provider) return;
  const allowed = await recorder();
  const other = await recorder();
  const session = await provider.openSession({ allow: [allowed.origin], pageScheme: 'https', privateNetwork: true });
  try {
    assert.equal(session.pageOrigin, 'https://browser-agent.example');
    assert.equal(await session.evaluate(() => location.origin, undefined), 'https://browser-agent.example');
    // A non-simple request: the server itself must see the preflight (no interception answering it).
    const ok = await session.evaluate(pageFetch, { ...get(`${allowed.origin}/x`, { 'content-type': 'application/json' }), method: 'POST', body: '{}' });
    assert.equal(ok.status, 200);
    assert.deepEqual(allowed.seen, ['OPTIONS /x origin=https://browser-agent.example', 'POST /x origin=https://browser-agent.example']);
    // Not on the allow-list: refused by the browser's black-hole proxy, never delivered.
    session.tag('other');
    const blocked = await session.evaluate(pageFetch, get(`${other.origin}/y`));
    await session.settle('other', 1_000);
    assert.equal(blocked.responded, false);
    assert.deepEqual(other.seen, []);
    const failed = session.log().requests.find((r) => r.tag === 'other');
    assert.match(failed?.errorText ?? '', /^net::ERR_/, 'the browser saw a network error (the black-hole proxy)');
  } finally {
    await session.close();
    await allowed.close();
    await other.close();
  }
});

test('provider: without private-network access, Chromium refuses loopback targets even when allow-listed', async (t) => {
  const provider = await browserOrSkip(t);
  if (!provider) return;
  const target = await recorder();
  const session = await provider.openSession({ allow: [target.origin], pageScheme: 'https', privateNetwork: false });
  try {
    session.tag('lna');
    const r = await session.evaluate(pageFetch, { ...get(`${target.origin}/mcp`, { 'content-type': 'application/json' }), method: 'POST', body: '{}' });
    await session.settle('lna', 1_000);
    assert.equal(r.responded, false);
    assert.deepEqual(target.seen, [], 'nothing reached the server, not even the preflight');
    const rec = session.log().requests.find((x) => x.tag === 'lna' && !x.preflight);
    assert.match(rec?.corsError ?? '', /LocalNetwork|PrivateNetwork/);
    assert.ok(session.log().console.some((c) => /address space/.test(c.text)), 'Chromium says why');
  } finally {
    await session.close();
    await target.close();
  }
});

test('provider: one browser serves many sessions; only the first pays the launch', async (t) => {
  const provider = await browserOrSkip(t);
  if (!provider) return;
  const a = await provider.openSession({ allow: [], pageScheme: 'https', privateNetwork: true });
  const b = await provider.openSession({ allow: [], pageScheme: 'http', privateNetwork: true });
  try {
    assert.equal(b.launchMs, undefined);
    assert.equal(b.pageOrigin, 'http://browser-agent.example');
    assert.equal(a.browserVersion, b.browserVersion);
  } finally {
    await a.close();
    await b.close();
  }
});

test('provider: idleCloseMs closes Chromium when no session has been open that long, and relaunches it on demand', async (t) => {
  if (!await browserOrSkip(t)) return;
  const provider = createBrowserProvider({ idleCloseMs: 150 });
  const open = () => provider.openSession({ allow: [], pageScheme: 'https', privateNetwork: true });
  try {
    const a = await open();
    assert.notEqual(a.launchMs, undefined, 'the first session pays the launch');
    await a.close();
    const b = await open(); // within the idle window: the same browser
    assert.equal(b.launchMs, undefined);
    await b.close();
    await new Promise((r) => setTimeout(r, 600));
    const c = await open(); // after it: closed meanwhile, so launched again
    assert.notEqual(c.launchMs, undefined);
    assert.equal(await c.evaluate(() => location.origin, undefined), 'https://browser-agent.example');
    await c.close();
  } finally {
    await provider.close();
  }
});

test('provider: a missing Chromium is a reason, not a crash', async () => {
  const found = findChromium({ AGENTREADY_CHROMIUM: '/nonexistent/chromium' });
  assert.ok('reason' in found && /does not exist/.test(found.reason));
  const provider = createBrowserProvider({ executablePath: '/nonexistent/chromium' });
  assert.match((await provider.unavailableReason()) ?? '', /does not exist/);
  await provider.close();
});

test('scan: with an unavailable browser the rules are na (unobserved) with the reason', async () => {
  const provider = createBrowserProvider({ executablePath: '/nonexistent/chromium' });
  const server = await startFlawedServer({ flaws: [], keepAliveMs: 300, notifyEveryMs: 150 });
  try {
    const { evidence, result } = await scan({ url: server.url, options: { quick: true, deadlineMs: 20_000 }, browser: provider });
    const b = evidence.probes.browser as BrowserArtifact;
    assert.equal(b.available, false);
    for (const id of ['browser-session', 'browser-stream', 'browser-auth-discovery']) {
      const r = result.rules.find((x) => x.id === id)!;
      assert.equal(r.outcome, 'unavailable');
      assert.equal(r.status, 'na');
      assert.equal(r.data?.unobserved, true);
      assert.match(r.detail, /does not exist/);
    }
  } finally {
    await server.close();
    await provider.close();
  }
});

test('scan: the browser probe stays inside a short scan deadline', async (t) => {
  const provider = await browserOrSkip(t);
  if (!provider) return;
  const server = await startFlawedServer({ flaws: ['slow'], delayMs: 900, keepAliveMs: 300, notifyEveryMs: 150 });
  try {
    const t0 = performance.now();
    const { evidence } = await scan({ url: server.url, options: { quick: true, deadlineMs: 4_000 }, browser: provider });
    const took = performance.now() - t0;
    assert.ok(took < 4_000 + 1_500 + 500, `scan took ${Math.round(took)} ms`);
    const b = evidence.probes.browser as BrowserArtifact | undefined;
    if (b?.available) assert.ok(b.durationMs < 4_000, `browser probe took ${b.durationMs} ms`);
  } finally {
    await server.close();
  }
});
