// Private scans stay private: a scan run with headers or with a query string (or asked to be)
// is unlisted — not on /, /history or the URL badge, reachable only by its unguessable
// link — and query values are [redacted] in the stored row, result and evidence and on
// every page, unless the operator keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WebServer } from '../../src/web/server.ts';
import { idFrom, postApi, postForm, startTarget, startWeb, tempDataDir, waitForStatus } from './_support.ts';

const KEY = 'sk-query-secret-0123456789';

async function pages(web: WebServer, url: string): Promise<{ home: string; history: string; badge: string }> {
  return {
    home: await (await fetch(`${web.url}/`)).text(),
    history: await (await fetch(`${web.url}/history?url=${encodeURIComponent(url)}`)).text(),
    badge: await (await fetch(`${web.url}/badge.svg?url=${encodeURIComponent(url)}`)).text(),
  };
}

test('scans with headers, a query string or the unlisted box are kept off /, /history and the URL badge; a plain scan is listed', async (t) => {
  const data = tempDataDir();
  const target = await startTarget();
  const web = await startWeb({ allowPrivate: true, dataDir: data.dir, perClientQueued: 10 });
  t.after(async () => { await web.close(); await target.close(); data.remove(); });
  const base = target.url;
  const withQuery = `${base}?api_key=${KEY}&v=1`;

  const submit = async (body: Record<string, unknown>) => {
    const r = await postApi(web.url, body);
    assert.equal(r.status, 202, JSON.stringify(body));
    return ((await r.json()) as { id: string; listed: boolean; url: string });
  };
  const plain = await submit({ url: base });
  const headered = await submit({ url: base, headers: { 'x-api-key': 'hdr-secret-value-42' } });
  const queried = await submit({ url: withQuery });
  const asked = await submit({ url: `${base}/`, unlisted: true });
  const form = await postForm(web.url, { url: `${base}//`, unlisted: 'on' });
  assert.equal(form.status, 303);
  const formId = idFrom(form.headers.get('location'));
  assert.deepEqual([plain.listed, headered.listed, queried.listed, asked.listed], [true, false, false, false]);
  assert.equal(queried.url, `${base}?api_key=[redacted]&v=[redacted]`, 'the answer shows the redacted URL');
  for (const s of [plain, headered, queried, asked]) await waitForStatus(web.url, s.id, ['done']);
  await waitForStatus(web.url, formId, ['done']);

  // the stored rows
  const rows = new Map((web.store.db.prepare('SELECT id, url, listed FROM scans').all() as { id: string; url: string; listed: number }[]).map((r) => [r.id, r]));
  assert.deepEqual([plain, headered, queried, asked].map((s) => rows.get(s.id)!.listed).concat(rows.get(formId)!.listed), [1, 0, 0, 0, 0]);
  assert.equal(rows.get(queried.id)!.url, `${base}?api_key=[redacted]&v=[redacted]`);

  // the public pages
  const p = await pages(web, base);
  for (const page of [p.home, p.history]) {
    assert.ok(page.includes(`/scans/${plain.id}`), 'the plain scan is listed');
    for (const hidden of [headered.id, queried.id, asked.id, formId]) assert.ok(!page.includes(hidden), `${hidden} is not listed`);
    assert.ok(!page.includes('api_key'), 'no trace of the query scan');
  }
  const q = await pages(web, `${base}?api_key=[redacted]&v=[redacted]`);
  assert.ok(!q.history.includes(queried.id));
  assert.match(q.badge, /not scanned/, 'the URL badge shows no unlisted scan');

  // the permalink still works, and says it is unlisted
  const report = await (await fetch(`${web.url}/scans/${queried.id}`)).text();
  assert.match(report, /data-unlisted>unlisted: only people with this link/);
  assert.match(report, /api_key=\[redacted\]&amp;v=\[redacted\]|api_key&#x3D;\[redacted\]/);
  assert.match(queried.id, /^[A-Za-z0-9_-]{22}$/, '128 random bits');

  // the query value appears nowhere: no page, no format, no database file
  const everything: string[] = [report];
  for (const f of ['json', 'md', 'sarif', 'evidence']) everything.push(await (await fetch(`${web.url}/scans/${queried.id}?format=${f}`)).text());
  everything.push(JSON.stringify(await (await fetch(`${web.url}/api/scans/${queried.id}`)).json()));
  const evidence = everything[4]!;
  assert.match(evidence, /api_key=\[redacted\]&v=\[redacted\]/, 'the evidence keeps the query names, not the values');
  for (const f of readdirSync(data.dir)) everything.push(readFileSync(path.join(data.dir, f)).toString('latin1'));
  for (const text of everything) assert.ok(!text.includes(KEY) && !text.includes(encodeURIComponent(KEY)), 'the query value leaked');
});

test('--keep-query-values: the URL is stored as typed; the scan is still unlisted', async (t) => {
  const target = await startTarget();
  const web = await startWeb({ allowPrivate: true, keepQueryValues: true });
  t.after(async () => { await web.close(); await target.close(); });
  const url = `${target.url}?tenant=acme`;
  const r = (await (await postApi(web.url, { url })).json()) as { id: string; url: string; listed: boolean };
  assert.deepEqual([r.url, r.listed], [url, false]);
  await waitForStatus(web.url, r.id, ['done']);
  assert.match(await (await fetch(`${web.url}/scans/${r.id}?format=json`)).text(), /tenant=acme/);
});
