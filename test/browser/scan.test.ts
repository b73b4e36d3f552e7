// The real-browser check end to end: a full quick scan of a local server, with one shared
// headless Chromium, and the three browser rules' outcomes as the result reports them.
// Under CI a missing browser fails these tests; elsewhere they are skipped with the reason.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { BrowserArtifact } from '../../src/contract/browserArtifact.ts';
import type { RuleResult } from '../../src/contract/result.ts';
import type { BrowserProvider } from '../../src/browser/types.ts';
import {
  startFlawedServer, startLegacySseServer, startModernServer, startWellBehavedServer, type Flaw, type RunningServer,
} from '../servers/index.ts';
import { browserOrSkip, closeSharedProvider } from './_support.ts';
import { exposeHiddenFromHeadlessChrome, silentToHeadlessChrome, wildcardWithCredentials, withCors, withoutProtocolVersionHeader } from './servers.ts';

after(() => closeSharedProvider());

const flawed = (flaws: Flaw[]) => startFlawedServer({ flaws, keepAliveMs: 300, notifyEveryMs: 150 });

interface Scanned { rules: Map<string, RuleResult>; browser: BrowserArtifact; outcomes: Record<string, string> }

async function scanWithBrowser(t: TestContext, start: () => Promise<RunningServer>, wrap = (p: BrowserProvider) => p): Promise<Scanned | undefined> {
  const shared = await browserOrSkip(t);
  if (!shared) return undefined;
  const provider = wrap(shared);
  const server = await start();
  try {
    const { evidence, result } = await scan({ url: server.url, options: { quick: true, deadlineMs: 20_000 }, browser: provider });
    const rules = new Map(result.rules.map((r) => [r.id, r]));
    const outcomes = Object.fromEntries(['browser-session', 'browser-stream', 'browser-auth-discovery'].map((id) => [id, rules.get(id)?.outcome ?? '(missing)']));
    assert.ok(evidence.probes.browser, 'the scan recorded a browser artifact');
    // what the rules read: the artifact must match its schema, also after a JSON round trip (rescore)
    const browser = BrowserArtifact.parse(JSON.parse(JSON.stringify(evidence.probes.browser)));
    assert.equal(browser.available, true, browser.unavailableReason);
    return { rules, browser, outcomes };
  } finally {
    await server.close();
  }
}

const detail = (s: Scanned, id: string) => s.rules.get(id)?.detail ?? '';

test('browser: correct CORS (well-behaved SDK server) connects, streams, needs no auth', async (t) => {
  const s = await scanWithBrowser(t, () => startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 150 }));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'connected', 'browser-stream': 'readable', 'browser-auth-discovery': 'noAuth' });
  assert.equal(s.browser.pageOrigin, 'https://browser-agent.example', 'the page has the header probes\' origin');
  assert.equal(s.browser.headerProbeOrigin, s.browser.pageOrigin);
  assert.deepEqual(s.browser.steps.map((x) => `${x.name}:${x.outcome}`), ['initialize:reached', 'initialized:reached', 'tools-list:reached', 'get-stream:reached']);
  assert.equal(s.rules.get('browser-session')?.status, 'pass');
});

test('browser: no CORS at all blocks initialize, with Chromium\'s console text quoted', async (t) => {
  const s = await scanWithBrowser(t, () => flawed(['no-cors']));
  if (!s) return;
  // one root cause, one finding: cors-preflight warns, the browser rule points to it (with Chromium's own words)
  assert.deepEqual(s.outcomes, { 'browser-session': 'noCorsAtAll', 'browser-stream': 'noSession', 'browser-auth-discovery': 'noAuth' });
  const init = s.browser.steps.find((x) => x.name === 'initialize')!;
  assert.equal(init.blockedBy, 'cors-preflight');
  assert.equal(init.corsError, 'PreflightMissingAllowOriginHeader');
  assert.match(detail(s, 'browser-session'), /has been blocked by CORS policy: Response to preflight request doesn't pass access control check/);
  assert.equal(s.rules.get('browser-session')?.status, 'na');
  assert.equal(s.rules.get('cors-preflight')?.status, 'warn'); // OPTIONS → 405: browser agents only are shut out
});

test('browser: no Access-Control-Expose-Headers hides Mcp-Session-Id from script', async (t) => {
  const s = await scanWithBrowser(t, () => flawed(['no-expose-headers']));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'sessionIdUnreadable', 'browser-stream': 'readable', 'browser-auth-discovery': 'noAuth' });
  const init = s.browser.steps.find((x) => x.name === 'initialize')!;
  assert.equal(init.readable?.['mcp-session-id'], null, 'script read null');
  assert.ok(init.wireHeaders?.['mcp-session-id'], 'while the header was on the wire');
  assert.equal(s.rules.get('cors-expose-headers')?.outcome, 'sessionIdNotExposed', 'the header rule agrees here');
});

test('browser: MCP-Protocol-Version missing from Allow-Headers fails the second request', async (t) => {
  const s = await scanWithBrowser(t, async () => withoutProtocolVersionHeader(await flawed([])));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'followUpBlocked', 'browser-stream': 'blocked', 'browser-auth-discovery': 'noAuth' });
  const follow = s.browser.steps.find((x) => x.name === 'initialized')!;
  assert.equal(follow.corsError, 'HeaderDisallowedByPreflightResponse');
  assert.equal(follow.corsParameter, 'mcp-protocol-version');
  assert.match(detail(s, 'browser-session'), /Request header field mcp-protocol-version is not allowed by Access-Control-Allow-Headers in preflight response/);
  assert.equal(s.rules.get('cors-preflight')?.outcome, 'protocolVersionHeaderMissing', 'the header rule agrees here');
});

test('browser: a 401 without exposed WWW-Authenticate (metadata still readable) warns', async (t) => {
  const s = await scanWithBrowser(t, () => flawed(['auth-ok', 'no-expose-headers']));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'authRequired', 'browser-stream': 'noSession', 'browser-auth-discovery': 'headerUnreadableFallback' });
  const ch = s.browser.steps.find((x) => x.name === 'challenge')!;
  assert.equal(ch.status, 401);
  assert.equal(ch.readable?.['www-authenticate'], null);
  assert.match(ch.wireHeaders?.['www-authenticate'] ?? '', /resource_metadata=/);
  assert.equal(s.browser.steps.find((x) => x.name === 'prm')?.via, 'well-known', 'found through the well-known fallback');
  assert.equal(s.rules.get('browser-auth-discovery')?.status, 'warn');
});

test('browser: auth done right is discoverable from the page', async (t) => {
  const s = await scanWithBrowser(t, () => flawed(['auth-ok']));
  if (!s) return;
  assert.equal(s.outcomes['browser-auth-discovery'], 'discoverable');
  assert.deepEqual(s.browser.steps.map((x) => `${x.name}:${x.outcome}`), ['challenge:reached', 'prm:reached', 'as-metadata:reached']);
  assert.equal(s.browser.steps.find((x) => x.name === 'prm')?.via, 'www-authenticate');
});

test('browser: wildcard origin with credentials works in a browser, unlike the header rules predict', async (t) => {
  const s = await scanWithBrowser(t, async () => wildcardWithCredentials(await flawed([])));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'connected', 'browser-stream': 'readable', 'browser-auth-discovery': 'noAuth' });
  // Header rules treat "*" as literal once credentials are allowed; fetch without credentials does not.
  assert.equal(s.rules.get('cors-credentials')?.outcome, 'wildcardWithCredentials');
  assert.equal(s.rules.get('cors-expose-headers')?.outcome, 'sessionIdNotExposed');
  assert.match(detail(s, 'browser-session'), /cors-expose-headers predicted a failure from the headers .* but in the browser reading Mcp-Session-Id worked\. The browser's result counts\./);
});

test('browser: CORS that differs for headless Chrome — the header probes see no problem, the browser does', async (t) => {
  const s = await scanWithBrowser(t, async () => exposeHiddenFromHeadlessChrome(await flawed([])));
  if (!s) return;
  assert.equal(s.outcomes['browser-session'], 'sessionIdUnreadable');
  assert.equal(s.rules.get('cors-expose-headers')?.outcome, 'exposed');
  assert.match(detail(s, 'browser-session'), /cors-expose-headers looked fine in headers \(the initialize response exposes Mcp-Session-Id\), but in the browser reading Mcp-Session-Id failed/);
});

test('browser: stateless 2026-07-28 server with CORS: discover + tools/list with the modern headers', async (t) => {
  const s = await scanWithBrowser(t, async () => withCors(await startModernServer({ legacy: false })));
  if (!s) return;
  assert.deepEqual(s.outcomes, { 'browser-session': 'connectedStateless', 'browser-stream': 'statelessEra', 'browser-auth-discovery': 'noAuth' });
  const disc = s.browser.steps.find((x) => x.name === 'discover')!;
  assert.deepEqual(disc.requestHeaders.filter((h) => h.startsWith('mcp-')).sort(), ['mcp-method', 'mcp-protocol-version']);
});

test('browser: stateless server without CORS and legacy SSE without CORS are blocked', async (t) => {
  const modern = await scanWithBrowser(t, () => startModernServer({ legacy: false }));
  if (!modern) return;
  assert.equal(modern.outcomes['browser-session'], 'noCorsAtAll');
  const legacy = await scanWithBrowser(t, () => startLegacySseServer());
  if (!legacy) return;
  assert.deepEqual(legacy.outcomes, { 'browser-session': 'noCorsAtAll', 'browser-stream': 'legacyEra', 'browser-auth-discovery': 'noAuth' });
  assert.match(detail(legacy, 'browser-session'), /Access to resource at '.*\/sse' from origin 'https:\/\/browser-agent\.example' has been blocked by CORS policy/);
});

test('browser: a request the server never answers is a timeout (inconclusive), not a block', async (t) => {
  const s = await scanWithBrowser(t, async () => silentToHeadlessChrome(await flawed([])));
  if (!s) return;
  const init = s.browser.steps.find((x) => x.name === 'initialize')!;
  assert.equal(init.outcome, 'timeout');
  assert.equal(s.outcomes['browser-session'], 'inconclusive');
  assert.equal(s.rules.get('browser-session')?.data?.unobserved, true);
  assert.ok(s.browser.durationMs < 8_000 + 1_000, `bounded: ${s.browser.durationMs} ms`);
});

// A loaded CI machine can take seconds to start Chromium; that time is not the server's, so it
// must not leave the steps without budget (it used to: "the browser budget ran out", inconclusive).
test('browser: a slow browser launch does not use up the steps\' budget', async (t) => {
  const slowLaunch = (p: BrowserProvider): BrowserProvider => ({
    unavailableReason: async () => { await new Promise((r) => setTimeout(r, 6_800)); return p.unavailableReason(); },
    openSession: (o) => p.openSession(o),
    close: () => p.close(),
  });
  const s = await scanWithBrowser(t, () => startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 150 }), slowLaunch);
  if (!s) return;
  assert.equal(s.browser.incomplete, undefined, `the check finished: ${s.browser.incomplete}`);
  assert.deepEqual(s.outcomes, { 'browser-session': 'connected', 'browser-stream': 'readable', 'browser-auth-discovery': 'noAuth' });
  assert.ok(s.browser.durationMs >= 6_800, `the launch wait is in the check's time: ${s.browser.durationMs} ms`);
});
