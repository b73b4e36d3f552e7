// Batch benchmark: a local fleet of MCP endpoints with mixed behaviours, scanned by the
// batch runner in-process, then the manifest, index and summary written as `agentready batch`
// writes them (the wall time ends there; removing the temporary output is not timed). Prints
// wall time against the ideal, scans per second, peak RSS (this process, and the fleet
// processes separately) and CPU time per scan, for several N.
//
//   npm run bench                         (N = 250, 500, 1000 at concurrency 250)
//   node bench/batch.bench.ts --n 1000 --concurrency 250 --fleet 3 --formats html,json,md
//
// The ideal is ceil(N / concurrency) × the critical path, the critical path being the
// longest scan of one endpoint of each kind scanned alone (measured first, in this run).
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runBatchJob, type BatchRun } from '../src/batch/runner.ts';
import { buildManifest, writeBatchOutputs } from '../src/batch/manifest.ts';
import { scanOptionsFrom } from '../src/contract/flags.ts';
import { parseFormats } from '../reports/index.ts';
import { SERVED_KINDS, type FleetMessage, type ServedKind } from './fleet.ts';
import { BATCH_ENV, retuneForBatch, TUNED_MARK } from '../src/batch/runtime.ts';

// The same start-up settings `agentready batch` gives itself (re-executes this script once).
retuneForBatch();

type Kind = ServedKind | 'refused';
/** Share of each behaviour in the fleet (out of 100). */
const MIX: Record<Kind, number> = { good: 40, 'slow-keepalive': 20, flawed: 15, slow: 10, hang: 5, refused: 10 };
const KINDS = Object.keys(MIX) as Kind[];

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', multiple: true },
    concurrency: { type: 'string', default: '250' },
    fleet: { type: 'string', default: '3' },
    formats: { type: 'string', default: 'html,json,md' },
    keep: { type: 'boolean', default: false },
  },
});
const NS = (args.n ?? ['250', '500', '1000']).map(Number);
const CONCURRENCY = Number(args.concurrency);
const FLEET_PROCESSES = Number(args.fleet);
const FORMATS = parseFormats(args.formats);
// Short windows: keep-alives up to 1 s are fine, the GET stream is watched for 2 s at most,
// a request gets 2 s, a connect 1 s, a whole scan 5 s.
const SCAN = scanOptionsFrom({ 'keepalive-max': '1', 'stream-window': '2', 'request-timeout': '2', 'connect-timeout': '1', deadline: '5', 'no-browser': true });

// ---- the fleet ---------------------------------------------------------------------------

interface FleetProc { child: ChildProcess; pid: number; urls: Record<ServedKind, string> }
const fleet: FleetProc[] = [];

async function startFleet(): Promise<void> {
  const script = new URL('./fleet.ts', import.meta.url);
  await Promise.all(Array.from({ length: FLEET_PROCESSES }, () => new Promise<void>((resolve, reject) => {
    // the fleet runs with Node's defaults, not the batch's settings
    const env = { ...process.env };
    for (const k of [...Object.keys(BATCH_ENV), TUNED_MARK]) delete env[k];
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], env });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fleet process exited early (${code})`)));
    child.once('message', (m: FleetMessage) => { fleet.push({ child, pid: m.pid, urls: m.urls }); child.removeAllListeners('exit'); resolve(); });
  })));
}

async function stopFleet(): Promise<void> {
  await Promise.all(fleet.splice(0).map((f) => new Promise<void>((resolve) => {
    if (f.child.exitCode !== null || f.child.signalCode !== null) return resolve();
    const t = setTimeout(() => { f.child.kill('SIGKILL'); }, 3_000);
    f.child.once('exit', () => { clearTimeout(t); resolve(); });
    if (f.child.connected) f.child.send('stop'); else f.child.kill('SIGTERM');
  })));
}

/** output directories of runs in progress (removed on Ctrl-C too) */
const outputs = new Set<string>();
let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stderr.write('\ninterrupted: stopping the fleet…\n');
  void Promise.all([stopFleet(), ...[...outputs].map((d) => rm(d, { recursive: true, force: true }))]).then(() => process.exit(130));
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// ---- measuring ---------------------------------------------------------------------------

const CLK_TCK = 100; // USER_HZ on Linux
/** utime + stime (ms) from a /proc …/stat line (the fields after the parenthesised command name). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
/** A process's CPU time (user+system, ms) and RSS (bytes) from /proc; zeros elsewhere. */
function procStats(pid: number): { cpuMs: number; rss: number } {
  try {
    const cpuMs = statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { cpuMs, rss };
  } catch {
    return { cpuMs: 0, rss: 0 };
  }
}

class Sampler {
  peakSelf = 0;
  peakHeap = 0;
  peakExternal = 0;
  peakFleet = 0;
  peakFleetEach = 0;
  /** where the memory was at the RSS peak: V8 heap spaces (committed), external, the rest */
  atPeak = '';
  #timer: NodeJS.Timeout;
  constructor() {
    this.#timer = setInterval(() => this.sample(), 100);
    this.sample();
  }
  sample(): void {
    const mem = process.memoryUsage();
    if (mem.rss > this.peakSelf) {
      const spaces = v8.getHeapSpaceStatistics();
      const space = (name: string) => spaces.filter((x) => x.space_name.includes(name)).reduce((a, x) => a + x.space_size, 0);
      const young = space('new_space') + space('new_large_object_space');
      const old = space('old_space');
      const large = space('large_object_space') - space('new_large_object_space') - space('code_large_object_space');
      this.atPeak = `young ${mb(young)} · old ${mb(old)} · large objects ${mb(large)} · other heap ${mb(mem.heapTotal - young - old - large)} · external ${mb(mem.external)} (array buffers ${mb(mem.arrayBuffers)}) · outside the JS heap ${mb(mem.rss - mem.heapTotal - mem.external)}`;
    }
    this.peakSelf = Math.max(this.peakSelf, mem.rss);
    this.peakHeap = Math.max(this.peakHeap, mem.heapUsed);
    this.peakExternal = Math.max(this.peakExternal, mem.external);
    let sum = 0;
    for (const f of fleet) {
      const { rss } = procStats(f.pid);
      sum += rss;
      this.peakFleetEach = Math.max(this.peakFleetEach, rss);
    }
    this.peakFleet = Math.max(this.peakFleet, sum);
  }
  stop(): void { clearInterval(this.#timer); this.sample(); }
}

/** CPU time (ms) of this process's threads, by kind: /proc/self/task/<tid>/comm names them. */
function threadCpuMs(): Map<string, number> {
  const byKind = new Map<string, number>();
  let tids: string[] = [];
  try { tids = readdirSync('/proc/self/task'); } catch { return byKind; }
  for (const tid of tids) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const kind = THREAD_KINDS[comm] ?? 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + statCpuMs(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch { /* the thread ended */ }
  }
  return byKind;
}
const THREAD_KINDS: Record<string, string> = { MainThread: 'scanning thread', WorkerThread: 'report worker', V8Worker: 'V8 helpers (GC, compiler)', 'libuv-worker': 'libuv pool' };
function threadCpuDelta(before: Map<string, number>, n: number): string {
  const after = threadCpuMs();
  return [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / n).toFixed(1)}`).join(' · ');
}

const fleetCpuMs = () => fleet.reduce((s, f) => s + procStats(f.pid).cpuMs, 0);
const selfCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let refusedPort = 0;
function urlsFor(n: number, tag: string): { urls: string[]; kinds: Map<string, Kind> } {
  // Deterministic weighted round-robin over the kinds, spread over the fleet processes.
  const order: Kind[] = [];
  for (const k of KINDS) for (let i = 0; i < MIX[k]; i++) order.push(k);
  const urls: string[] = [];
  const kinds = new Map<string, Kind>();
  for (let i = 0; i < n; i++) {
    const kind = order[(i * 37) % order.length]!; // 37 is coprime with 100: interleaves the kinds
    const base = kind === 'refused' ? `http://127.0.0.1:${refusedPort}/mcp` : fleet[i % fleet.length]!.urls[kind];
    const url = `${base}?ep=${tag}-${i}`;
    urls.push(url);
    kinds.set(url, kind);
  }
  return { urls, kinds };
}

/**
 * One batch as `agentready batch` runs it: the scans, then manifest.json, index.html and
 * summary.md. Timed up to there; removing the temporary output afterwards is the bench's
 * own clean-up, not the batch's, and is left out of the wall time.
 */
async function runJob<T = undefined>(urls: string[], concurrency: number, measure?: () => T): Promise<{ run: BatchRun; wallMs: number; measured: T | undefined }> {
  const out = await mkdtemp(path.join(tmpdir(), 'agentready-bench-'));
  outputs.add(out);
  try {
    const t0 = performance.now();
    const run = await runBatchJob({
      urls, out, scanOptions: SCAN.options, limits: SCAN.limits, formats: FORMATS, concurrency, perHost: 0, resume: false,
    });
    await writeBatchOutputs(out, buildManifest(run.entries, {
      shard: null, assertions: null,
      options: { quick: false, deadlineMs: SCAN.options.deadlineMs, streamWindowMs: SCAN.options.streamWindowMs, keepAliveMaxMs: SCAN.options.keepAliveMaxMs, headers: [], formats: FORMATS, concurrency, perHost: 0 },
    }));
    const wallMs = performance.now() - t0;
    return { run, wallMs, measured: measure?.() };
  } finally {
    if (!args.keep) await rm(out, { recursive: true, force: true });
    outputs.delete(out);
  }
}

// ---- the benchmark -----------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`agentready batch benchmark — ${cpus().length} CPUs (parallelism ${availableParallelism()}), ${mb(totalmem())} RAM, node ${process.version}`);
  console.log(`fleet: ${FLEET_PROCESSES} processes × ${SERVED_KINDS.length} ports + 1 refused port; mix ${KINDS.map((k) => `${k} ${MIX[k]}%`).join(', ')}`);
  const tuned = [...process.execArgv, ...Object.keys(BATCH_ENV).filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`)];
  console.log(`runtime: ${tuned.length ? tuned.join(' ') : 'Node defaults'} (as agentready batch sets them: src/batch/runtime.ts); reports on a worker thread; heap governor on (V8 growing factor 1.5 while the batch runs)`);
  console.log(`scan: keepalive-max 1 s, stream-window 2 s, request-timeout 2 s, connect-timeout 1 s, deadline 5 s; formats ${FORMATS.join(',')}; concurrency ${CONCURRENCY}, per-host unlimited\n`);
  await startFleet();
  refusedPort = await freePort();

  // Warm-up (JIT, sockets), then the critical path: one endpoint of each kind, alone.
  await runJob(urlsFor(60, 'warm').urls, 30);
  const solo: Record<Kind, number> = {} as Record<Kind, number>;
  for (const kind of KINDS) {
    const list = urlsFor(100, `solo-${kind}`);
    const one = list.urls.find((u) => list.kinds.get(u) === kind)!;
    solo[kind] = (await runJob([one], 1)).wallMs;
  }
  const critical = Math.max(...Object.values(solo));
  const criticalKind = KINDS.find((k) => solo[k] === critical)!;
  console.log('solo scan (one endpoint alone, incl. writing its reports and the overview):');
  for (const k of KINDS) console.log(`  ${k.padEnd(15)} ${sec(solo[k])}`);
  console.log(`critical path: ${sec(critical)} (${criticalKind})\n`);

  const rows: string[] = [];
  for (const n of NS) {
    const { urls, kinds } = urlsFor(n, `n${n}`);
    const load0 = loadavg()[0]!;
    const sampler = new Sampler();
    const lag = monitorEventLoopDelay({ resolution: 20 });
    lag.enable();
    const c0 = selfCpuMs();
    const thread0 = process.threadCpuUsage();
    const threads0 = threadCpuMs();
    const f0 = fleetCpuMs();
    // CPU and memory up to the end of the batch, before the clean-up
    const { run, wallMs: wall, measured } = await runJob(urls, CONCURRENCY, () => {
      const threadUsage = process.threadCpuUsage(thread0);
      const m = { cpu: selfCpuMs() - c0, scanThreadCpu: (threadUsage.user + threadUsage.system) / 1000, fcpu: fleetCpuMs() - f0, byThread: threadCpuDelta(threads0, n) };
      lag.disable();
      sampler.stop();
      return m;
    });
    const { cpu, scanThreadCpu, fcpu, byThread } = measured!;
    const ideal = Math.ceil(n / CONCURRENCY) * critical;
    // a tighter bound: total solo work spread perfectly over the slots (never below one critical path)
    let work = 0;
    for (const u of urls) work += solo[kinds.get(u)!];
    const bound = Math.max(critical, work / CONCURRENCY);
    const statuses: Record<string, number> = {};
    for (const e of run.entries) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
    const ratio = wall / ideal;
    console.log(`N = ${n}: wall ${sec(wall)} · ideal ${sec(ideal)} (${Math.ceil(n / CONCURRENCY)} × ${sec(critical)}) · wall/ideal ${ratio.toFixed(2)} ${ratio <= 1.1 ? '✓' : '✗ (target ≤ 1.1)'}`);
    console.log(`  work bound ${sec(bound)} (Σ solo / concurrency) · ${(n / (wall / 1000)).toFixed(1)} scans/s`);
    console.log(`  peak RSS: batch process ${mb(sampler.peakSelf)} ${sampler.peakSelf <= 400 * 1024 * 1024 ? '✓' : '✗ (target ≤ 400 MB)'} (JS heap used ≤ ${mb(sampler.peakHeap)}, external ≤ ${mb(sampler.peakExternal)}) · fleet ${mb(sampler.peakFleet)} total (largest process ${mb(sampler.peakFleetEach)})`);
    console.log(`  at the RSS peak: ${sampler.atPeak}`);
    console.log(`  CPU per scan: batch ${(cpu / n).toFixed(1)} ms (scanning thread ${(scanThreadCpu / n).toFixed(1)} ms; the rest is the report worker, GC and I/O threads) · fleet ${(fcpu / n).toFixed(1)} ms · CPU busy ${Math.round(((cpu + fcpu) / wall / availableParallelism()) * 100)}% of ${availableParallelism()} cores`);
    if (byThread) console.log(`  batch CPU per scan by thread (ms, /proc, 10 ms ticks): ${byThread}`);
    console.log(`  load average (1 min) ${load0.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (this machine has ${availableParallelism()} cores; other work on it skews the figures)`);
    console.log(`  event-loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms · statuses ${JSON.stringify(statuses)} · full GCs ${run.governorGcs}${run.reportWorkerFailure ? ` · REPORT WORKER FAILED: ${run.reportWorkerFailure}` : ''}\n`);
    rows.push(`| ${n} | ${sec(wall)} | ${sec(ideal)} | ${ratio.toFixed(2)} | ${sec(bound)} | ${(n / (wall / 1000)).toFixed(1)} | ${mb(sampler.peakSelf)} | ${mb(sampler.peakFleet)} | ${(cpu / n).toFixed(1)} ms | ${(fcpu / n).toFixed(1)} ms | ${(lag.percentile(99) / 1e6).toFixed(0)} ms |`);
  }
  console.log('| N | wall | ideal | wall/ideal | work bound | scans/s | peak RSS (batch) | peak RSS (fleet, all) | CPU/scan (batch) | CPU/scan (fleet) | loop delay p99 |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

try {
  await main();
} finally {
  await stopFleet();
}
