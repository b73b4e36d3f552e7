// Retention: finished scans older than --retain-days are deleted, then the oldest ones while
// the database holds more than --max-db-mb, and the file gives the space back (incremental
// vacuum). Queued and running scans are never purged. The clock is injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { hostile } from '../fixtures/results/hostile.ts';
import { serveOptionsFrom } from '../../src/web/command.ts';
import { newScanId } from '../../src/web/queue.ts';
import { UsageError } from '../../src/contract/errors.ts';
import { postApi, startWeb, tempDataDir, waitForStatus } from './_support.ts';

const DAY = 24 * 60 * 60_000;

test('--retain-days: scans older than N days are gone from every page and the database; newer and unfinished ones stay', async (t) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const data = tempDataDir();
  let hang = false;
  const web = await startWeb({
    allowPrivate: true, dataDir: data.dir, now: () => now, retainDays: 30, perClientQueued: 10,
    scan: async () => { if (hang) return new Promise<never>(() => {}); return hostile(); },
  });
  t.after(async () => { await web.close(); data.remove(); });
  const submit = async (path: string) => {
    const { id } = (await (await postApi(web.url, { url: `http://127.0.0.1:1/${path}` })).json()) as { id: string };
    return id;
  };
  const old = [await submit('old-1'), await submit('old-2')];
  for (const id of old) await waitForStatus(web.url, id, ['done']);
  now += 20 * DAY;
  const recent = await submit('recent');
  await waitForStatus(web.url, recent, ['done']);
  hang = true;
  const running = await submit('running');
  now += 11 * DAY; // the old ones are 31 days old, the recent one 11; the running one started 11 days ago
  const report = web.purge();
  assert.equal(report.byAge, 2);
  assert.equal(report.bySize, 0);
  for (const id of old) {
    assert.equal((await fetch(`${web.url}/scans/${id}`)).status, 404, id);
    assert.equal(web.store.getScan(id), undefined);
    assert.equal(web.store.eventsAfter(id, 0).length, 0, 'its events went with it');
  }
  assert.equal((web.store.db.prepare('SELECT COUNT(*) AS n FROM scan_results').get() as { n: number }).n, 1, 'only the recent result is left');
  assert.equal((await fetch(`${web.url}/scans/${recent}`)).status, 200);
  assert.equal(web.store.getScan(running)?.status, 'running', 'a running scan is never purged');
  const home = await (await fetch(`${web.url}/`)).text();
  assert.ok(!old.some((id) => home.includes(id)) && home.includes(recent));
});

test('--max-db-mb: the oldest finished scans go first until the data fits, and the file shrinks', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const data = tempDataDir();
  const web = await startWeb({ dataDir: data.dir, now: () => now, retainDays: 0, maxDbBytes: 1024 * 1024 });
  t.after(async () => { await web.close(); data.remove(); });
  const { result } = hostile();
  // 24 scans of ~150 KB of evidence each, even compressed: ~3.6 MB, one minute apart
  const ids: string[] = [];
  for (let i = 0; i < 24; i++) {
    const id = newScanId();
    web.store.createScan(id, `https://example.com/${i}`);
    web.store.markDone(id, result, JSON.stringify({ padding: randomBytes(150_000).toString('base64') }));
    ids.push(id);
    now += 60_000;
  }
  web.store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const before = web.store.fileBytes();
  assert.ok(before > 3 * 1024 * 1024, `the database grew (${before} bytes)`);
  const report = web.purge();
  assert.ok(report.bytesAfter <= 1024 * 1024, `data in use ${report.bytesAfter} ≤ 1 MiB`);
  assert.ok(report.fileBytes < before / 2, `the file shrank: ${before} → ${report.fileBytes} bytes`);
  const left = ids.filter((id) => web.store.getScan(id));
  assert.equal(report.bySize, ids.length - left.length);
  assert.ok(left.length >= 1 && left.length <= 7, `${left.length} scans left`);
  assert.deepEqual(left, ids.slice(ids.length - left.length), 'the newest ones are kept, the oldest went first');
});

test('retention flags: defaults for public use, and one-line errors', () => {
  const d = serveOptionsFrom([], {}).options;
  assert.deepEqual([d.retainDays, d.maxDbBytes, d.keepQueryValues], [30, 1024 * 1024 * 1024, false]);
  const e = serveOptionsFrom(['--retain-days', '0', '--max-db-mb', '50', '--keep-query-values'], {}).options;
  assert.deepEqual([e.retainDays, e.maxDbBytes, e.keepQueryValues], [0, 50 * 1024 * 1024, true]);
  for (const [argv, why] of [
    [['--retain-days=-1'], /--retain-days "-1" must be a whole number between 0 and 36500/],
    [['--retain-days', '1.5'], /--retain-days "1\.5"/],
    [['--max-db-mb', 'lots'], /--max-db-mb "lots" must be a whole number/],
  ] as const) {
    assert.throws(() => serveOptionsFrom([...argv], {}), (err: Error) => err instanceof UsageError && err.exitCode === 2 && why.test(err.message), argv.join(' '));
  }
});
