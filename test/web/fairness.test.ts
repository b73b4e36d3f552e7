// One client cannot take the service from everyone: per-client shares of the queue, the
// same scan run once per window, per-client caps on progress streams, and heavy downloads
// served from stored compressed bytes. Clients are told apart by X-Forwarded-For from a
// trusted loopback proxy (the test itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { hostile } from '../fixtures/results/hostile.ts';
import type { ScanInput } from '../../src/engine/scan.ts';
import { startWeb, waitFor, waitForStatus } from './_support.ts';

const A = '198.51.100.1';
const B = '198.51.100.2';

const post = (base: string, client: string, body: unknown) => fetch(`${base}/api/scans`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify(body),
});

/** An engine whose scans never end, like a target that never answers (held until the deadline). */
function hangingEngine() {
  const started: string[] = [];
  return { started, scan: (input: ScanInput) => { started.push(input.url); return new Promise<never>(() => {}); } };
}

test('one address filling the queue with hanging targets gets its share (429 beyond it); another address is still served', async (t) => {
  const engine = hangingEngine();
  // the set-up: --concurrency 1 --queue 5, default per-client shares (1 running + 2 waiting)
  const web = await startWeb({ allowPrivate: true, concurrency: 1, maxQueued: 5, trustProxy: ['127.0.0.1', '::1'], scan: engine.scan, retryAfterSeconds: 9 });
  t.after(() => web.close());
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await post(web.url, A, { url: `http://127.0.0.1:1/hang/${i}` })).status);
  assert.deepEqual(statuses, [202, 202, 202, 429, 429, 429, 429, 429]);
  const busy = await post(web.url, A, { url: 'http://127.0.0.1:1/hang/9' });
  assert.equal(busy.headers.get('retry-after'), '9');
  assert.match(((await busy.json()) as { error: string }).error, /already have 3 scans queued or running/);
  const other = await post(web.url, B, { url: 'http://127.0.0.1:1/other' });
  assert.equal(other.status, 202, 'a different address is served');
  assert.deepEqual(web.queue.stats, { running: 1, queued: 3, concurrency: 1, maxQueued: 5 });
  // the same URL again from A: the scan already queued, not a new one (and no 429)
  const again = await post(web.url, A, { url: 'http://127.0.0.1:1/hang/1' });
  assert.equal(again.status, 202);
  const reused = (await again.json()) as { id: string; reused?: boolean };
  assert.equal(reused.reused, true);
  assert.equal(web.store.countByStatus().queued + web.store.countByStatus().running, 4, 'no new scan was created');
});

test("the next scan to start is the oldest one whose client is under its running share, not one client's backlog", async (t) => {
  const engine = hangingEngine();
  const web = await startWeb({ allowPrivate: true, concurrency: 2, maxQueued: 10, perClientRunning: 1, perClientQueued: 5, trustProxy: ['127.0.0.1'], scan: engine.scan });
  t.after(() => web.close());
  for (let i = 0; i < 4; i++) assert.equal((await post(web.url, A, { url: `http://127.0.0.1:1/a/${i}` })).status, 202);
  const b = (await (await post(web.url, B, { url: 'http://127.0.0.1:1/b' })).json()) as { id: string };
  await waitFor(() => engine.started.length === 2 || undefined, 5_000, 'two scans running');
  assert.deepEqual(engine.started, ['http://127.0.0.1:1/a/0', 'http://127.0.0.1:1/b'], "B's scan took the free slot ahead of A's backlog");
  assert.equal(((await (await fetch(`${web.url}/api/scans/${b.id}`)).json()) as { status: string }).status, 'running');
});

test('the same URL with the same options is scanned once per window; other headers or a later time make a new scan', async (t) => {
  let now = Date.parse('2026-06-01T00:00:00Z');
  let runs = 0;
  const web = await startWeb({ allowPrivate: true, now: () => now, scan: async () => { runs++; return hostile(); } });
  t.after(() => web.close());
  const submit = async (body: unknown, client = A) => (await (await post(web.url, client, body)).json()) as { id: string; reused?: boolean };
  const first = await submit({ url: 'http://127.0.0.1:1/same' });
  await waitForStatus(web.url, first.id, ['done']);
  const second = await submit({ url: 'http://127.0.0.1:1/same' }, B);
  assert.deepEqual([second.id, second.reused], [first.id, true], 'a later submitter gets the recent scan');
  const withHeader = await submit({ url: 'http://127.0.0.1:1/same', headers: { authorization: 'Bearer x' } });
  assert.notEqual(withHeader.id, first.id, 'other headers: another scan');
  now += 5 * 60_000;
  const later = await submit({ url: 'http://127.0.0.1:1/same' });
  assert.notEqual(later.id, first.id, 'after the window: a fresh scan');
  await waitForStatus(web.url, later.id, ['done']);
  assert.equal(runs, 3);
});

test('progress streams: a per-client cap (429) that leaves other clients their streams', async (t) => {
  const engine = hangingEngine();
  const web = await startWeb({ allowPrivate: true, trustProxy: ['127.0.0.1'], maxStreamsPerClient: 2, scan: engine.scan, sseKeepAliveMs: 60_000 });
  const aborts: AbortController[] = [];
  t.after(async () => { for (const a of aborts) a.abort(); await web.close(); });
  const { id } = (await (await post(web.url, A, { url: 'http://127.0.0.1:1/watched' })).json()) as { id: string };
  const open = async (client: string) => {
    const ac = new AbortController();
    aborts.push(ac);
    const r = await fetch(`${web.url}/scans/${id}/events`, { headers: { 'x-forwarded-for': client }, signal: ac.signal });
    return { status: r.status, ac };
  };
  const a1 = await open(A);
  const a2 = await open(A);
  const a3 = await open(A);
  assert.deepEqual([a1.status, a2.status, a3.status], [200, 200, 429]);
  assert.equal((await open(B)).status, 200, 'another client still gets a stream');
  a1.ac.abort();
  await waitFor(async () => ((await open(A)).status === 200) || undefined, 5_000, 'a freed stream to be usable again');
});

test('evidence and the HTML report are served from stored gzip bytes, the same bytes every time', async (t) => {
  const web = await startWeb({ allowPrivate: true, scan: async () => hostile() });
  t.after(() => web.close());
  const { id } = (await (await post(web.url, A, { url: 'http://127.0.0.1:1/big' })).json()) as { id: string };
  await waitForStatus(web.url, id, ['done']);
  const raw = (path: string, gzip: boolean) => new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`${web.url}${path}`, { headers: gzip ? { 'accept-encoding': 'gzip, br' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  const evidence = await raw(`/scans/${id}?format=evidence`, true);
  assert.equal(evidence.headers['content-encoding'], 'gzip');
  assert.equal(evidence.headers.vary, 'accept-encoding');
  const stored = web.store.db.prepare('SELECT evidence FROM scan_results WHERE scan_id = ?').get(id) as { evidence: Uint8Array };
  assert.ok(evidence.body.equals(Buffer.from(stored.evidence)), 'the stored bytes, as they are');
  const plain = await raw(`/scans/${id}?format=evidence`, false);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString('utf8'), gunzipSync(evidence.body).toString('utf8'));
  assert.doesNotThrow(() => JSON.parse(plain.body.toString('utf8')));

  const html1 = await raw(`/scans/${id}`, true);
  const html2 = await raw(`/scans/${id}`, true);
  assert.equal(html1.headers['content-encoding'], 'gzip');
  assert.match(String(html1.headers['content-security-policy']), /script-src 'sha256-/);
  const report = web.store.db.prepare('SELECT report_html FROM scan_results WHERE scan_id = ?').get(id) as { report_html: Uint8Array };
  assert.ok(html1.body.equals(Buffer.from(report.report_html)) && html2.body.equals(html1.body), 'rendered once, stored, served as stored');
  assert.match(gunzipSync(html1.body).toString('utf8'), /<nav class="wrap formats"/);
});
