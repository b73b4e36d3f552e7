// The JSON API, the report formats, badges, and the security headers and escaping of
// every page — including a report of a server whose every string is hostile.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { hostile } from '../fixtures/results/hostile.ts';
import { badgeFor, escapeXml, renderBadge, TIER_COLOURS } from '../../src/web/badge.ts';
import { serveOptionsFrom } from '../../src/web/command.ts';
import type { WebServer } from '../../src/web/server.ts';
import type { ScanRow } from '../../src/web/store.ts';
import { postApi, postForm, startWeb, waitForStatus } from './_support.ts';

let web: WebServer;
let hostileId: string;
before(async () => {
  // the engine is replaced by one that "scans" a hostile server: every string it controls attacks the page
  web = await startWeb({ allowPrivate: true, scan: async () => hostile() });
  const r = await postApi(web.url, { url: "http://127.0.0.1:1/it's/<mcp>/\"x\"" });
  assert.equal(r.status, 202);
  hostileId = ((await r.json()) as { id: string }).id;
  await waitForStatus(web.url, hostileId, ['done']);
});
after(() => web.close());

function assertSecurityHeaders(r: Response, what: string): void {
  const h = r.headers;
  const csp = h.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: no unsafe-inline/eval`);
  assert.ok(!/script-src[^;]*\*/.test(csp), what);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  assert.equal(h.get('referrer-policy'), 'no-referrer', what);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
}

test('security headers on every page, and no inline script or style on our own pages', async () => {
  const pages: [string, number][] = [
    ['/', 200], [`/scans/${hostileId}`, 200], [`/history?url=${encodeURIComponent('https://example.com/mcp')}`, 200],
    ['/nowhere', 404], ['/scans/AAAAAAAAAAAAAAAAAAAAAA', 404], ['/history', 400], [`/scans/${hostileId}?format=nope`, 400],
    [`/scans/${hostileId}/badge.svg`, 200], ['/api/scans/AAAAAAAAAAAAAAAAAAAAAA', 404], ['/assets/progress.js', 200],
  ];
  for (const [path, status] of pages) {
    const r = await fetch(web.url + path);
    assert.equal(r.status, status, path);
    assertSecurityHeaders(r, path);
    const body = await r.text();
    if (/text\/html/.test(r.headers.get('content-type') ?? '') && path !== `/scans/${hostileId}`) {
      assert.ok(!/<script(?![^>]*\ssrc=)[^>]*>/i.test(body), `${path}: no inline <script>`);
      assert.ok(!/\sstyle=|<style/i.test(body), `${path}: no inline style`);
      assert.ok(!/\son[a-z]+=/i.test(body), `${path}: no inline event handlers`);
    }
  }
  // the report's CSP header allows exactly its own hashed blocks
  const report = await fetch(`${web.url}/scans/${hostileId}`);
  const csp = report.headers.get('content-security-policy')!;
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /form-action 'none'/);
});

test('a hostile server cannot inject markup into the report page; our pages escape the URL', async () => {
  const html = await (await fetch(`${web.url}/scans/${hostileId}`)).text();
  assert.ok(!html.includes('<script>alert(1)</script>'));
  assert.ok(!html.includes('<img src=x onerror'));
  assert.ok(!html.includes('sk-live-this-should-never-show'));
  assert.match(html, /<nav class="wrap formats" aria-label="This scan">/, 'our links above the report');
  const home = await (await fetch(`${web.url}/`)).text();
  const history = await (await fetch(`${web.url}/history?url=${encodeURIComponent("http://127.0.0.1:1/it's/<mcp>/\"x\"")}`)).text();
  for (const page of [home, history]) {
    assert.ok(!page.includes('<mcp>'), 'no raw markup from the URL');
    assert.match(page, /it&#x27;s\/%3Cmcp%3E\/%22x%22/, 'the URL as normalised, HTML-escaped');
  }
});

test('API: submit → 202 {id, status: queued}; GET → {id, url, status, result}; 404s', async () => {
  const r = await postApi(web.url, { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer x' } });
  assert.equal(r.status, 202);
  const body = (await r.json()) as { id: string; status: string; url: string };
  assert.match(body.id, /^[A-Za-z0-9_-]{22}$/, '128 random bits, base64url');
  assert.equal(body.status, 'queued');
  assert.equal(body.url, 'http://127.0.0.1:1/mcp');
  const s = await waitForStatus(web.url, body.id, ['done']);
  assert.deepEqual(Object.keys(s).sort(), ['createdAt', 'finishedAt', 'id', 'links', 'listed', 'result', 'startedAt', 'status', 'url']);
  assert.equal(s.listed, false, 'run with headers: unlisted');
  assert.equal((s.result as { schemaVersion: number }).schemaVersion, 1);
  assert.ok(!JSON.stringify(s).includes('Bearer x'));
  const missing = await fetch(`${web.url}/api/scans/AAAAAAAAAAAAAAAAAAAAAA`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'no such scan' });
  assert.equal((await fetch(`${web.url}/api/scans/short`)).status, 404);
  const health = (await (await fetch(`${web.url}/api/health`)).json()) as { ok: boolean; allowPrivate: boolean };
  assert.deepEqual([health.ok, health.allowPrivate], [true, true]);
});

test('formats: html, json, md, sarif, evidence with the right content types; 409 while not done', async () => {
  const types: Record<string, RegExp> = {
    html: /^text\/html/, json: /^application\/json/, md: /^text\/markdown/, sarif: /^application\/sarif\+json/, evidence: /^application\/json/,
  };
  for (const [format, type] of Object.entries(types)) {
    const r = await fetch(`${web.url}/scans/${hostileId}?format=${format}`);
    assert.equal(r.status, 200, format);
    assert.match(r.headers.get('content-type') ?? '', type, format);
    const text = await r.text();
    if (format !== 'md' && format !== 'html') assert.doesNotThrow(() => JSON.parse(text), format);
  }
  // a scan that has not finished
  const slow = await startWeb({ allowPrivate: true, scan: () => new Promise(() => {}) });
  try {
    const { id } = (await (await postApi(slow.url, { url: 'http://127.0.0.1:1/mcp' })).json()) as { id: string };
    const r = await fetch(`${slow.url}/scans/${id}?format=json`);
    assert.equal(r.status, 409);
    assert.deepEqual(await r.json(), { error: 'the scan is not finished yet', status: 'running' });
    const page = await (await fetch(`${slow.url}/scans/${id}`)).text();
    assert.match(page, /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/);
    assert.match(page, /<script src="\/assets\/progress\.js" defer><\/script>/);
    assert.match(page, new RegExp(`data-events="/scans/${id}/events"`));
    const badge = await fetch(`${slow.url}/scans/${id}/badge.svg`);
    assert.equal(badge.headers.get('cache-control'), 'no-cache');
    assert.match(await badge.text(), /scanning…/);
  } finally {
    await slow.close();
  }
});

test('form: a valid submission redirects with 303 to the permanent scan URL', async () => {
  const r = await postForm(web.url, { url: 'http://127.0.0.1:1/mcp' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location') ?? '', /^\/scans\/[A-Za-z0-9_-]{22}$/);
});

test('badges: shields-like SVG, coloured by tier, text escaped; latest-for-URL badge', async () => {
  const r = await fetch(`${web.url}/scans/${hostileId}/badge.svg`);
  assert.match(r.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin', 'embeddable from other sites');
  assert.match(r.headers.get('cache-control') ?? '', /immutable/);
  const svg = await r.text();
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20" role="img" aria-label="agent-ready: [^"]+">/);
  const none = await (await fetch(`${web.url}/badge.svg?url=${encodeURIComponent('https://never.example/mcp')}`)).text();
  assert.match(none, /not scanned/);
  assert.equal((await fetch(`${web.url}/badge.svg`)).status, 400);
  assert.equal((await fetch(`${web.url}/badge.svg?url=javascript:1`)).status, 400);

  const evil = renderBadge('a<b>&"c\'', '<script>alert(1)</script>', 'red;"onload=1');
  assert.ok(!evil.includes('<script>'));
  assert.ok(!evil.includes('<b>'));
  assert.match(evil, /a&lt;b&gt;&amp;&quot;c&apos;/);
  assert.match(evil, /fill="#9f9f9f"/, 'an invalid colour falls back to grey');
  assert.equal(escapeXml(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');

  const row = (over: Partial<ScanRow>): ScanRow => ({ id: 'x', url: 'u', status: 'done', createdAt: '', startedAt: null, finishedAt: null, error: null, score: 92, tier: 'platinum', reachable: true, listed: true, ...over });
  assert.deepEqual(badgeFor(row({})), { message: '92 platinum', colour: TIER_COLOURS.platinum });
  assert.deepEqual(badgeFor(row({ score: 41, tier: 'not-ready' })), { message: '41 not ready', colour: TIER_COLOURS['not-ready'] });
  assert.equal(badgeFor(row({ reachable: false })).message, 'unreachable');
  assert.equal(badgeFor(row({ status: 'failed' })).message, 'scan failed');
  assert.equal(badgeFor(undefined).message, 'not scanned');
  assert.equal(new Set(Object.values(TIER_COLOURS)).size >= 5, true, 'tiers have distinct colours');
});

test('serve flags: defaults, env, and one-line errors', () => {
  const d = serveOptionsFrom([], {}).options;
  assert.deepEqual([d.port, d.host, d.dataDir, d.allowPrivate, d.concurrency, d.maxQueued, d.scanDeadlineMs], [8080, '127.0.0.1', './agentready-data', false, 4, 50, 90_000]);
  assert.deepEqual(d.rateLimit, { submitMax: 10 });
  const e = serveOptionsFrom(['--allow-private', '--concurrency', '2', '--queue', '5', '--scan-deadline', '30', '--rate-limit', '0'], { AGENTREADY_PORT: '9000', AGENTREADY_DATA: '/tmp/x' }).options;
  assert.deepEqual([e.port, e.dataDir, e.allowPrivate, e.concurrency, e.maxQueued, e.scanDeadlineMs, e.rateLimit], [9000, '/tmp/x', true, 2, 5, 30_000, false]);
  assert.equal(serveOptionsFrom(['--port', '1234'], { AGENTREADY_PORT: '9000' }).options.port, 1234);
  assert.throws(() => serveOptionsFrom(['--port', '70000'], {}), /--port "70000" must be a whole number/);
  assert.throws(() => serveOptionsFrom(['--concurrency', '0'], {}), /--concurrency/);
  assert.throws(() => serveOptionsFrom(['--bogus'], {}), /Unknown option '--bogus'/);
  assert.equal(serveOptionsFrom(['--help'], {}).help, true);
  // the real-browser check: off for public use (DNS rebinding via Chromium), on for local use, explicit either way
  assert.equal(serveOptionsFrom([], {}).browser, false);
  assert.equal(serveOptionsFrom(['--allow-private'], {}).browser, true);
  assert.equal(serveOptionsFrom(['--browser'], {}).browser, true);
  assert.equal(serveOptionsFrom(['--allow-private', '--no-browser'], {}).browser, false);
  assert.throws(() => serveOptionsFrom(['--browser', '--no-browser'], {}), /contradict/);
});
