// A batch that mixes hostile endpoints with healthy ones: one bad endpoint cannot stall
// the others. Hostile scans end at their deadline with a report; healthy scans finish in
// about the time they take alone; every endpoint gets its line and its report folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBatchJob } from '../../src/batch/runner.ts';
import { scan } from '../../src/engine/scan.ts';
import { DEFAULT_SCAN_OPTIONS, type ScanOptions } from '../../src/gather/context.ts';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import { HOSTILE_SERVERS } from './servers/index.ts';
import { escaped, recordEscapes } from './measure.ts';
import type { Hostile } from './harness.ts';

const DEADLINE_MS = 8000;
const OPTIONS: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, deadlineMs: DEADLINE_MS, keepAliveMaxMs: 1000, streamWindowMs: 1500, toolCallWindowMs: 1500, browser: false };
const HOSTILE = ['never-accepts', 'never-answers', 'slowloris-body', 'tls-stall', 'endless-sse', 'gzip-bomb', 'flood-after-handshake', 'redirect-loop', 'rpc-deep-nesting', 'injection'];

test('batch: hostile endpoints cannot stall healthy ones', async (t) => {
  recordEscapes();
  const before = escaped.length;
  const out = mkdtempSync(path.join(tmpdir(), 'agentready-hostile-batch-'));
  const healthy: RunningServer[] = [];
  const hostile: Hostile[] = [];
  t.after(async () => {
    await Promise.all([...healthy, ...hostile].map((s) => s.close()));
    rmSync(out, { recursive: true, force: true });
  });
  for (let i = 0; i < 4; i++) healthy.push(await startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 250 }));
  for (const name of HOSTILE) hostile.push(await HOSTILE_SERVERS[name]!());

  // how long a healthy scan takes on its own
  const t0 = performance.now();
  await scan({ url: healthy[0]!.url, options: OPTIONS });
  const alone = performance.now() - t0;

  // hostile first in the list, so they take the slots before the healthy ones queue up
  const urls = [...hostile.map((h) => h.url), ...healthy.map((h) => h.url)];
  const run = await runBatchJob({ urls, out, scanOptions: OPTIONS, formats: ['html', 'json', 'md'], concurrency: 6, perHost: 0, resume: false, syncLog: false });

  assert.equal(run.entries.length, urls.length);
  assert.equal(readFileSync(run.logFile, 'utf8').trim().split('\n').length, urls.length, 'one results.jsonl line each');
  for (const e of run.entries) {
    assert.notEqual(e.status, 'error', `${e.url}: scanner error ${e.reason}`);
    assert.notEqual(e.status, 'skipped');
    assert.ok(e.durationMs <= DEADLINE_MS + 1500, `${e.url} took ${e.durationMs} ms`);
    assert.ok(existsSync(path.join(out, e.reports.html!)), `${e.url}: html report written`);
  }
  for (const h of healthy) {
    const e = run.entries.find((x) => x.url === h.url)!;
    assert.equal(e.status, 'scanned');
    assert.equal(e.era, 'session');
    // finished on its own, not cut by the deadline, and in about the time it takes alone
    assert.ok(e.durationMs < DEADLINE_MS, `healthy scan took ${e.durationMs} ms in the batch`);
    assert.ok(e.durationMs <= Math.max(3 * alone, alone + 3000), `healthy scan took ${e.durationMs} ms in the batch, ${Math.round(alone)} ms alone`);
  }
  // 14 scans, 6 at a time: three rounds at most, each bounded by the deadline
  assert.ok(run.elapsedMs <= 3 * (DEADLINE_MS + 1500) + 2000, `batch took ${run.elapsedMs} ms`);
  const unreachable = run.entries.filter((e) => e.status === 'unreachable').map((e) => e.reason ?? '');
  assert.ok(unreachable.some((r) => /deadline|timeout/.test(r)), unreachable.join('\n'));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(escaped.slice(before), []);
  t.diagnostic(`batch of ${urls.length} (${HOSTILE.length} hostile) in ${run.elapsedMs} ms; a healthy scan alone ${Math.round(alone)} ms, in the batch ${run.entries.filter((e) => healthy.some((h) => h.url === e.url)).map((e) => e.durationMs).join('/')} ms`);
});
