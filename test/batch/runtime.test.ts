// agentready batch restarts itself in place with its start-up settings (src/batch/runtime.ts):
// which settings it adds (never over the user's), and, on Linux, that the running batch
// process really has them (read from /proc, same PID).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { batchRuntimePlan, OPT_OUT, TUNED_MARK } from '../../src/batch/runtime.ts';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));

test('the plan adds the young-generation flag and the arena limit, and nothing the user set', () => {
  assert.deepEqual(batchRuntimePlan([], {}), { flags: ['--max-semi-space-size=16'], env: { MALLOC_ARENA_MAX: '2' } });
  assert.deepEqual(batchRuntimePlan(['--max-semi-space-size=64'], {}), { flags: [], env: { MALLOC_ARENA_MAX: '2' } });
  assert.deepEqual(batchRuntimePlan([], { NODE_OPTIONS: '--max_semi_space_size=8 --trace-warnings' }), { flags: [], env: { MALLOC_ARENA_MAX: '2' } });
  assert.deepEqual(batchRuntimePlan([], { MALLOC_ARENA_MAX: '4' }), { flags: ['--max-semi-space-size=16'], env: {} });
  assert.equal(batchRuntimePlan(['--max-semi-space-size=32'], { MALLOC_ARENA_MAX: '8' }), undefined, 'all set by the user: no restart');
  assert.equal(batchRuntimePlan([], { [TUNED_MARK]: '1' }), undefined, 'restarted already');
  assert.equal(batchRuntimePlan([], { [OPT_OUT]: '1' }), undefined, 'opted out');
  assert.deepEqual(batchRuntimePlan(['--max-semi-space-size-extra=1'], {})?.flags, ['--max-semi-space-size=16'], 'a longer flag name is another flag');
});

/** The batch's command line and environment while it scans an endpoint that never answers. */
async function runningBatch(env: NodeJS.ProcessEnv): Promise<{ cmdline: string[]; environ: string[]; code: number | null }> {
  const work = mkdtempSync(path.join(tmpdir(), 'agentready-runtime-'));
  const held: Socket[] = [];
  const server = createServer((s) => { held.push(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const list = path.join(work, 'urls.txt');
  writeFileSync(list, `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp\n`);
  const child = spawn(process.execPath, [BIN, 'batch', list, '--out', path.join(work, 'out'), '--quick', '--no-browser', '--deadline', '3', '--quiet'], {
    env: { ...process.env, ...env }, stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    // the PID stays the same across the restart; wait until the scan is under way
    let cmdline: string[] = [];
    let environ: string[] = [];
    // bounded wait for start-up (a loaded machine starts the batch and its restart slowly)
    for (let i = 0; i < 300 && held.length === 0; i++) await sleep(50);
    assert.ok(held.length > 0, 'the batch never connected to the endpoint');
    cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
    return { cmdline, environ, code: await exited };
  } finally {
    for (const s of held) s.destroy();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

test('a running batch has its start-up settings (same PID, read from /proc)', { skip: process.platform !== 'linux' ? '/proc is Linux only' : false }, async () => {
  const env: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: undefined, [TUNED_MARK]: undefined, [OPT_OUT]: undefined, NODE_OPTIONS: undefined };
  const tuned = await runningBatch(env);
  assert.ok(tuned.cmdline.includes('--max-semi-space-size=16'), tuned.cmdline.join(' '));
  assert.ok(tuned.environ.includes('MALLOC_ARENA_MAX=2'));
  assert.ok(tuned.environ.includes(`${TUNED_MARK}=1`));
  assert.equal(tuned.code, 0);

  const optedOut = await runningBatch({ ...env, [OPT_OUT]: '1' });
  assert.ok(!optedOut.cmdline.includes('--max-semi-space-size=16'), optedOut.cmdline.join(' '));
  assert.ok(!optedOut.environ.includes('MALLOC_ARENA_MAX=2'));
  assert.equal(optedOut.code, 0);
});
