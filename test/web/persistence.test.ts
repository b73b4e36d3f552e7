// SQLite persistence: results and evidence survive a restart; scans that were running or
// queued when the server died come back failed with the reason; the schema is migrated
// (PRAGMA user_version) and in WAL mode; request headers are never stored or logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SCHEMA_VERSION, RESTART_REASON } from '../../src/web/store.ts';
import { startWebServer } from '../../src/web/server.ts';
import { FAST_SCAN, gatedEngine, idFrom, postApi, postForm, startTarget, startWeb, tempDataDir, waitFor, waitForStatus } from './_support.ts';

const SECRET = 'Bearer sk-web-test-0123456789-never-stored';
const SECRET2 = 'tok-abcdef-also-never-stored';

test('a finished scan survives a restart: report, formats, evidence, history, badge; headers never stored or logged', async (t) => {
  const data = tempDataDir();
  const target = await startTarget();
  t.after(async () => { await target.close(); data.remove(); });
  const logs: string[] = [];
  const logger = { level: 'info', stream: { write: (line: string) => { logs.push(line); } } };

  let web = await startWeb({ dataDir: data.dir, allowPrivate: true, logger });
  const r = await postForm(web.url, { url: target.url, headers: `Authorization: ${SECRET}\nX-Api-Token: ${SECRET2}` });
  assert.equal(r.status, 303);
  const id = idFrom(r.headers.get('location'));
  const done = await waitForStatus(web.url, id, ['done', 'failed']);
  assert.equal(done.status, 'done', String(done.error));
  const before = {
    html: await (await fetch(`${web.url}/scans/${id}`)).text(),
    json: await (await fetch(`${web.url}/scans/${id}?format=json`)).text(),
    evidence: await (await fetch(`${web.url}/scans/${id}?format=evidence`)).text(),
  };
  assert.match(before.evidence, /"x-api-token": "\[redacted\]"/);
  assert.match(before.evidence, /"authorization": "Bearer \[redacted\]"/);
  await web.close();

  web = await startWeb({ dataDir: data.dir, allowPrivate: true, logger });
  t.after(() => web.close());
  const html = await (await fetch(`${web.url}/scans/${id}`)).text();
  assert.equal(html, before.html, 'the same report after the restart');
  assert.equal(await (await fetch(`${web.url}/scans/${id}?format=json`)).text(), before.json);
  assert.equal(await (await fetch(`${web.url}/scans/${id}?format=evidence`)).text(), before.evidence);
  const md = await (await fetch(`${web.url}/scans/${id}?format=md`)).text();
  const sarif = await (await fetch(`${web.url}/scans/${id}?format=sarif`)).json() as { version: string };
  assert.match(md, /agentready/);
  assert.equal(sarif.version, '2.1.0');
  // run with headers: unlisted, so neither the history, the home page nor the URL badge shows it
  const history = await (await fetch(`${web.url}/history?url=${encodeURIComponent(target.url)}`)).text();
  assert.ok(!history.includes(id));
  assert.ok(!(await (await fetch(`${web.url}/`)).text()).includes(id));
  assert.match(await (await fetch(`${web.url}/badge.svg?url=${encodeURIComponent(target.url)}`)).text(), /not scanned/);
  const badge = await (await fetch(`${web.url}/scans/${id}/badge.svg`)).text();
  assert.match(badge, /agent-ready: \d+ (platinum|gold|silver|bronze|not ready)/);

  // the secrets appear nowhere: not in any response, not in the database files, not in the log
  const everything = [html, before.json, before.evidence, md, JSON.stringify(sarif), history, logs.join('')];
  for (const f of readdirSync(data.dir)) everything.push(readFileSync(path.join(data.dir, f)).toString('latin1'));
  const db = new DatabaseSync(path.join(data.dir, 'agentready.sqlite'), { readOnly: true });
  const ev = db.prepare('SELECT data FROM scan_events').all().map((r) => String(r.data)).join('\n');
  db.close();
  everything.push(ev);
  for (const text of everything) {
    assert.ok(!text.includes('sk-web-test-0123456789'), 'the Authorization value leaked');
    assert.ok(!text.includes(SECRET2), 'the X-Api-Token value leaked');
  }
  assert.ok(logs.some((l) => l.includes('"msg":"scan done"')), 'the server does log scan lifecycles');
});

test('restart mid-scan: the running and the queued scan come back failed with the reason, never lost', async (t) => {
  const data = tempDataDir();
  const target = await startTarget();
  t.after(async () => { await target.close(); data.remove(); });
  const engine = gatedEngine();
  let web = await startWeb({ dataDir: data.dir, allowPrivate: true, concurrency: 1, scan: engine.scan });
  const running = ((await (await postApi(web.url, { url: target.url })).json()) as { id: string }).id;
  const queued = ((await (await postApi(web.url, { url: target.url })).json()) as { id: string }).id;
  await waitFor(() => engine.started() === 1 || undefined, 5_000, 'the first scan to start');
  assert.equal(((await (await fetch(`${web.url}/api/scans/${running}`)).json()) as { status: string }).status, 'running');
  // the server dies while one scan runs and one waits (the gate is never opened)
  await web.close();

  web = await startWeb({ dataDir: data.dir, allowPrivate: true });
  t.after(() => web.close());
  for (const id of [running, queued]) {
    const s = (await (await fetch(`${web.url}/api/scans/${id}`)).json()) as { status: string; error: string; finishedAt: string };
    assert.equal(s.status, 'failed', id);
    assert.equal(s.error, RESTART_REASON);
    assert.ok(s.finishedAt);
  }
  assert.deepEqual(new Set(web.store.recovered), new Set([running, queued]));
  const page = await (await fetch(`${web.url}/scans/${running}`)).text();
  assert.match(page, /Scan failed:/);
  assert.match(page, /<span id="reason">server restarted during the scan<\/span>/);
  assert.ok(!page.includes('http-equiv="refresh"'), 'a failed scan page stops refreshing');
  // the progress stream replays to the failure and ends
  const sse = await (await fetch(`${web.url}/scans/${running}/events`)).text();
  assert.match(sse, /event: status\ndata: \{"status":"failed","error":"server restarted during the scan","final":true\}\n\n$/);
  const badge = await (await fetch(`${web.url}/scans/${running}/badge.svg`)).text();
  assert.match(badge, /scan failed/);
  assert.equal((await fetch(`${web.url}/scans/${running}?format=json`)).status, 409);
  // a third start finds nothing left to recover
  await web.close();
  web = await startWeb({ dataDir: data.dir, allowPrivate: true });
  assert.deepEqual(web.store.recovered, []);
});

test('schema: migrated to the current version, WAL mode; a newer database is refused with a clear error', async (t) => {
  const data = tempDataDir();
  t.after(() => data.remove());
  const web = await startWeb({ dataDir: data.dir });
  assert.equal(web.store.schemaVersion, SCHEMA_VERSION);
  assert.equal(String((web.store.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode), 'wal');
  const tables = web.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all().map((r) => r.name);
  assert.deepEqual(tables, ['scan_events', 'scan_results', 'scans']);
  await web.close();
  const db = new DatabaseSync(path.join(data.dir, 'agentready.sqlite'));
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  await assert.rejects(startWebServer({ port: 0, dataDir: data.dir }), /newer than this agentready understands/);
});

test('the per-scan deadline bounds a scan of a target that never answers', async (t) => {
  const { createServer } = await import('node:net');
  const silent = createServer(() => { /* accept, never answer */ });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  const web = await startWeb({ allowPrivate: true, scanDeadlineMs: 2_000, scanOptions: { ...FAST_SCAN } });
  t.after(async () => { await web.close(); silent.close(); });
  const t0 = Date.now();
  const { id } = (await (await postApi(web.url, { url: `http://127.0.0.1:${port}/mcp` })).json()) as { id: string };
  const s = await waitForStatus(web.url, id, ['done', 'failed'], 15_000);
  assert.equal(s.status, 'done');
  assert.ok(Date.now() - t0 < 8_000, `finished within its deadline (+ wind-down), took ${Date.now() - t0} ms`);
  const result = s.result as { reachable: boolean; incidents: { message: string }[] };
  assert.equal(result.reachable, false);
});
