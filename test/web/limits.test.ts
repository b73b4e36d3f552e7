// Bounded work and hostile input: per-client rate limits (429 + Retry-After), a full queue
// (503 + Retry-After), malformed form posts (missing url, huge body, wrong content type),
// bad headers — each answered clearly, none queued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatedEngine, postApi, postForm, startTarget, startWeb, waitFor } from './_support.ts';

test('rate limit: submissions beyond the per-client limit get 429 with Retry-After (form and API share it)', async (t) => {
  const web = await startWeb({ allowPrivate: true, rateLimit: { submitMax: 3, windowMs: 60_000, requestMax: 1_000 } });
  t.after(() => web.close());
  const statuses: number[] = [];
  for (let i = 0; i < 2; i++) statuses.push((await postForm(web.url, { url: 'not a url' })).status);
  statuses.push((await postApi(web.url, { url: 'not a url' })).status);
  const limited = await postForm(web.url, { url: 'not a url' });
  const limitedApi = await postApi(web.url, { url: 'https://example.com/mcp' });
  assert.deepEqual(statuses, [400, 400, 400]);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After in seconds');
  assert.match(limited.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await limited.text(), /Too many requests from your address; try again in \d+ seconds/);
  assert.equal(limitedApi.status, 429);
  assert.ok(limitedApi.headers.get('retry-after'));
  assert.match(((await limitedApi.json()) as { error: string }).error, /Too many requests/);
  // pages are limited separately (and more loosely)
  assert.equal((await fetch(`${web.url}/`)).status, 200);
  assert.equal(web.store.recent(10).length, 0);
});

test('rate limit: page requests beyond their limit get 429 too; badges and assets are exempt', async (t) => {
  const web = await startWeb({ rateLimit: { submitMax: 10, windowMs: 60_000, requestMax: 3 } });
  t.after(() => web.close());
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await fetch(`${web.url}/`)).status);
  assert.deepEqual(codes, [200, 200, 200, 429]);
  assert.equal((await fetch(`${web.url}/badge.svg?url=https%3A%2F%2Fexample.com%2Fmcp`)).status, 200);
  assert.equal((await fetch(`${web.url}/assets/web.css`)).status, 200);
});

test('queue: beyond concurrency + queue length, submissions get 503 with Retry-After; queued scans run as slots free', async (t) => {
  const target = await startTarget();
  const engine = gatedEngine();
  // one client, no dedupe: this is about the global bound (per-client shares are tested in fairness.test.ts)
  const web = await startWeb({ allowPrivate: true, concurrency: 1, maxQueued: 2, scan: engine.scan, retryAfterSeconds: 7, perClientQueued: 10, dedupeWindowMs: 0 });
  t.after(async () => { engine.release(); await web.close(); await web.queue.settled(); await target.close(); });
  const accepted: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await postApi(web.url, { url: target.url });
    assert.equal(r.status, 202);
    const body = (await r.json()) as { id: string; status: string };
    assert.equal(body.status, 'queued');
    assert.equal(r.headers.get('location'), `/api/scans/${body.id}`);
    accepted.push(body.id);
  }
  await waitFor(() => engine.started() === 1 || undefined, 5_000, 'one running scan');
  const full = await postApi(web.url, { url: target.url });
  assert.equal(full.status, 503);
  assert.equal(full.headers.get('retry-after'), '7');
  assert.match(((await full.json()) as { error: string }).error, /queue is full/);
  const fullForm = await postForm(web.url, { url: target.url });
  assert.equal(fullForm.status, 503);
  assert.equal(fullForm.headers.get('retry-after'), '7');
  assert.match(await fullForm.text(), /queue is full/);
  const queued = (await (await fetch(`${web.url}/api/scans/${accepted[2]}`)).json()) as { status: string; position: number };
  assert.deepEqual([queued.status, queued.position], ['queued', 2]);
  assert.match(await (await fetch(`${web.url}/scans/${accepted[2]}`)).text(), /Queued \(position 2\)/);
  assert.deepEqual(web.queue.stats, { running: 1, queued: 2, concurrency: 1, maxQueued: 2 });
  engine.release();
  await waitFor(async () => {
    const all = await Promise.all(accepted.map(async (id) => ((await (await fetch(`${web.url}/api/scans/${id}`)).json()) as { status: string }).status));
    return all.every((s) => s === 'done') || undefined;
  }, 30_000, 'all three scans to finish');
  assert.equal(engine.started(), 3);
});

test('malformed form posts: missing url, huge body, wrong content types, repeated fields, bad headers', async (t) => {
  const web = await startWeb({ allowPrivate: true, bodyLimit: 16 * 1024 });
  t.after(() => web.close());

  const missing = await postForm(web.url, {});
  assert.equal(missing.status, 400);
  const html = await missing.text();
  assert.match(html, /<p class="error" id="url-error" role="alert">Enter the URL of an MCP endpoint/);
  assert.match(html, /aria-invalid="true" aria-describedby="url-error"/);

  const bad = await postForm(web.url, { url: 'javascript:alert(1)', headers: 'Authorization: Bearer hunter2' });
  assert.equal(bad.status, 400);
  const badHtml = await bad.text();
  assert.match(badHtml, /must be http:\/\/ or https:\/\//);
  assert.ok(!badHtml.includes('hunter2'), 'header values are never shown back');
  assert.match(badHtml, /The headers you entered were not kept: enter them again/);
  assert.match(badHtml, /value="javascript:alert\(1\)"/, 'the URL is shown back, escaped');

  const huge = await fetch(`${web.url}/scans`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `url=${'a'.repeat(20_000)}` });
  assert.equal(huge.status, 413);
  assert.match(await huge.text(), /larger than 16384 bytes/);
  const hugeApi = await fetch(`${web.url}/api/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'x'.repeat(20_000) }) });
  assert.equal(hugeApi.status, 413);
  assert.match(((await hugeApi.json()) as { error: string }).error, /larger than/);

  const text = await fetch(`${web.url}/scans`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'url=https://example.com' });
  assert.equal(text.status, 415);
  const multipart = new FormData();
  multipart.set('url', 'https://example.com/mcp');
  assert.equal((await fetch(`${web.url}/scans`, { method: 'POST', body: multipart })).status, 415);
  const formToApi = await fetch(`${web.url}/api/scans`, { method: 'POST', body: new URLSearchParams({ url: 'https://example.com/mcp' }) });
  assert.equal(formToApi.status, 415);
  assert.match(((await formToApi.json()) as { error: string }).error, /JSON body/);
  const brokenJson = await fetch(`${web.url}/api/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":' });
  assert.equal(brokenJson.status, 400);
  assert.equal((await postApi(web.url, { headers: {} })).status, 400);
  assert.equal((await postApi(web.url, ['https://example.com'])).status, 400);

  const repeated = await fetch(`${web.url}/scans`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'url=https://a.example/&url=https://b.example/' });
  assert.equal(repeated.status, 400);

  for (const [headers, why] of [
    ['NoColonHere', /must look like &quot;Name: value&quot;/],
    ['Bad Name: x', /not a valid HTTP header name/],
    ['Host: internal.example', /set by the scanner itself/],
    ['Transfer-Encoding: chunked', /set by the scanner itself/],
  ] as const) {
    const r = await postForm(web.url, { url: 'https://example.com/mcp', headers });
    assert.equal(r.status, 400, headers);
    const body = await r.text();
    assert.match(body, /id="headers-error"/, headers);
    assert.match(body, why, headers);
  }
  const apiHeader = await postApi(web.url, { url: 'https://example.com/mcp', headers: { 'X-Evil': 'a\r\nInjected: yes' } });
  assert.equal(apiHeader.status, 400);
  assert.deepEqual(await apiHeader.json(), { error: 'The header X-Evil contains a line break or NUL.', field: 'headers' });
  assert.equal(web.store.recent(10).length, 0, 'nothing malformed was queued');
});
