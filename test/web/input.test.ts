// Query strings and where submissions come from: a repeated or unknown query parameter is a
// 400 naming it (never a 500), and a scan posted from another site's page is refused while
// the server's own form and non-browser clients are served.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { WebServer } from '../../src/web/server.ts';
import { newScanId } from '../../src/web/queue.ts';
import { postForm, startWeb } from './_support.ts';

let web: WebServer;
let id: string;
before(async () => {
  web = await startWeb({ allowPrivate: true, scan: () => new Promise(() => {}) });
  id = newScanId();
  web.store.createScan(id, 'https://example.com/mcp');
});
after(() => web.close());

test('repeated and unknown query parameters are a 400 naming the parameter, in HTML or JSON as the route speaks', async () => {
  const cases: [string, RegExp][] = [
    [`/scans/${id}?format=json&format=md`, /"format" is given more than once/],
    [`/scans/${id}?fromat=json`, /Unknown query parameter "fromat": this address takes only format/],
    [`/history?url=https%3A%2F%2Fa.example%2F&url=https%3A%2F%2Fb.example%2F`, /"url" is given more than once/],
    ['/badge.svg?url=https%3A%2F%2Fa.example%2F&url=x', /"url" is given more than once/],
    ['/?x=1', /Unknown query parameter "x": this address takes none/],
    [`/api/scans/${id}?format=json`, /Unknown query parameter "format"/],
    [`/scans/${id}/events?a=1&a=2`, /Unknown query parameter "a"/],
  ];
  for (const [path, why] of cases) {
    const r = await fetch(web.url + path);
    assert.equal(r.status, 400, path);
    assert.match((await r.text()).replaceAll('&quot;', '"').replaceAll('\\"', '"'), why, path);
  }
  const api = await fetch(`${web.url}/api/scans/${id}?x=1&x=2`);
  assert.match(api.headers.get('content-type') ?? '', /application\/json/);
  // the parameters a route reads still work, once each
  assert.equal((await fetch(`${web.url}/scans/${id}?format=html`)).status, 200);
  assert.equal((await fetch(`${web.url}/history?url=https%3A%2F%2Fexample.com%2Fmcp`)).status, 200);
  assert.equal((await fetch(`${web.url}/`)).status, 200);
});

test("a scan posted from another site's page is refused (Origin, Sec-Fetch-Site); the own form and non-browser clients are served", async () => {
  const own = new URL(web.url).origin;
  const before = web.store.recent(100).length;
  const refused: [string, Record<string, string>][] = [
    ['foreign Origin', { origin: 'https://evil.example' }],
    ['opaque Origin', { origin: 'null' }],
    ['same host, other port', { origin: `http://127.0.0.1:${Number(new URL(web.url).port) + 1}` }],
    ['cross-site fetch metadata', { 'sec-fetch-site': 'cross-site' }],
    ['same-site fetch metadata', { 'sec-fetch-site': 'same-site' }],
  ];
  for (const [what, headers] of refused) {
    const form = await postForm(web.url, { url: 'https://example.com/mcp' }, { headers });
    assert.equal(form.status, 403, `form: ${what}`);
    assert.match(await form.text(), /not from another site&#x27;s page/, what);
    const api = await fetch(`${web.url}/api/scans`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ url: 'https://example.com/mcp' }) });
    assert.equal(api.status, 403, `API: ${what}`);
  }
  assert.equal(web.store.recent(100).length, before, 'nothing was queued');

  const fromOwnForm = await postForm(web.url, { url: 'https://example.com/own' }, { headers: { origin: own, 'sec-fetch-site': 'same-origin' } });
  assert.equal(fromOwnForm.status, 303);
  const typedIn = await postForm(web.url, { url: 'https://example.com/typed' }, { headers: { 'sec-fetch-site': 'none' } });
  assert.equal(typedIn.status, 303);
  const curl = await postForm(web.url, { url: 'https://example.com/curl' });
  assert.equal(curl.status, 303, 'no Origin and no fetch metadata: not a browser, served');
});
