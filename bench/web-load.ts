// Load run for `agentready serve` (not part of the tests): 200 concurrent submissions from
// 40 simulated clients (X-Forwarded-For, --trust-proxy) against local MCP targets. The web
// server runs in a child process so its peak RSS (VmHWM) is its own. Writes bench/WEB.md.
//
//   node bench/web-load.ts [--submissions 200] [--clients 40] [--out bench/WEB.md]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const CHILD_CONFIG = {
  concurrency: 4, maxQueued: 50, submitPerClient: 3, windowMs: 60_000,
  scanOptions: { keepAliveMaxMs: 2_000, streamWindowMs: 3_000, toolCallWindowMs: 2_000, deadlineMs: 20_000 },
};

if (process.argv.includes('--child')) {
  // the web server, alone in its process
  const { startWebServer } = await import('../src/web/server.ts');
  const dataDir = process.argv[process.argv.indexOf('--child') + 1]!;
  const web = await startWebServer({
    port: 0, dataDir, allowPrivate: true, trustProxy: ['127.0.0.1', '::1'], concurrency: CHILD_CONFIG.concurrency, maxQueued: CHILD_CONFIG.maxQueued,
    rateLimit: { submitMax: CHILD_CONFIG.submitPerClient, windowMs: CHILD_CONFIG.windowMs, requestMax: 100_000 },
    scanOptions: CHILD_CONFIG.scanOptions,
    // the run measures the queue under load: the same few target URLs must each be scanned,
    // not handed the recent scan of that URL
    dedupeWindowMs: 0,
  });
  process.stdout.write(`${web.url}\n`);
  process.on('SIGTERM', () => { void web.close().then(() => process.exit(0)); });
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { submissions: { type: 'string' }, clients: { type: 'string' }, out: { type: 'string' } } });
  const N = Number(values.submissions ?? 200);
  const CLIENTS = Number(values.clients ?? 40);
  const out = values.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'WEB.md');
  const { startWellBehavedServer } = await import('../src/demo/wellBehaved.ts');
  const targets = await Promise.all([0, 1, 2, 3].map(() => startWellBehavedServer({ keepAliveMs: 1_000, notifyEveryMs: 500 })));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentready-web-load-'));
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (d: string) => resolve(d.trim()));
    child.once('exit', (c) => reject(new Error(`web server exited (${c})`)));
  });
  const rssKb = (field: 'VmHWM' | 'VmRSS') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  const idleRss = rssKb('VmRSS');
  let peakSampled = idleRss;
  const sampler = setInterval(() => { try { peakSampled = Math.max(peakSampled, rssKb('VmRSS')); } catch { /* exited */ } }, 100);

  const t0 = performance.now();
  const answers = await Promise.all(Array.from({ length: N }, async (_, i) => {
    const client = `10.77.${Math.floor((i % CLIENTS) / 250)}.${(i % CLIENTS) + 1}`;
    const started = performance.now();
    const r = await fetch(`${base}/api/scans`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ url: targets[i % targets.length]!.url }),
    });
    const body = (await r.json()) as { id?: string };
    return { status: r.status, id: body.id, ms: performance.now() - started, retryAfter: r.headers.get('retry-after') };
  }));
  const submitMs = performance.now() - t0;
  const accepted = answers.filter((a) => a.status === 202);
  const count = (s: number) => answers.filter((a) => a.status === s).length;

  const outcome = { done: 0, failed: 0 };
  const durations: number[] = [];
  await Promise.all(accepted.map(async (a) => {
    for (;;) {
      const r = (await (await fetch(`${base}/api/scans/${a.id}`, { headers: { 'x-forwarded-for': '10.99.0.1' } })).json()) as { status: string; startedAt?: string; finishedAt?: string };
      if (r.status === 'done' || r.status === 'failed') {
        outcome[r.status]++;
        if (r.startedAt && r.finishedAt) durations.push(Date.parse(r.finishedAt) - Date.parse(r.startedAt));
        return;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
  }));
  const drainMs = performance.now() - t0;
  clearInterval(sampler);
  const peakKb = Math.max(rssKb('VmHWM'), peakSampled);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await Promise.all(targets.map((t) => t.close()));
  rmSync(dataDir, { recursive: true, force: true });

  const lat = answers.map((a) => a.ms).sort((x, y) => x - y);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!.toFixed(0);
  durations.sort((x, y) => x - y);
  const med = durations.length ? durations[Math.floor(durations.length / 2)]! : 0;
  const retryAfter503 = [...new Set(answers.filter((a) => a.status === 503).map((a) => a.retryAfter))].join(', ');
  const retryAfter429 = [...new Set(answers.filter((a) => a.status === 429).map((a) => a.retryAfter))].slice(0, 3).join(', ');
  const other = answers.filter((a) => ![202, 429, 503].includes(a.status)).length;
  const row = (k: string, v: string | number) => `| ${k} | ${v} |`;
  const md = [
    '# `agentready serve` load run',
    '',
    `Generated by \`node bench/web-load.ts\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}).`,
    '',
    `${N} scan submissions sent at once to \`POST /api/scans\`, from ${CLIENTS} simulated clients (distinct`,
    `\`X-Forwarded-For\` with \`--trust-proxy\`), against 4 local well-behaved MCP servers. The web server ran in`,
    `its own process with \`--concurrency ${CHILD_CONFIG.concurrency} --queue ${CHILD_CONFIG.maxQueued} --rate-limit ${CHILD_CONFIG.submitPerClient}\` (submissions per client per`,
    `minute) and short observation windows (stream window ${CHILD_CONFIG.scanOptions.streamWindowMs / 1000} s, keep-alive threshold ${CHILD_CONFIG.scanOptions.keepAliveMaxMs / 1000} s), so a scan takes about a second or two.`,
    '',
    '| | |',
    '|---|---|',
    row('submissions', N),
    row('accepted (202)', accepted.length),
    row('rate-limited (429)', `${count(429)} (Retry-After ${retryAfter429 || '—'} s)`),
    row('queue full (503)', `${count(503)} (Retry-After ${retryAfter503 || '—'} s)`),
    row('other answers', other),
    row('completed (done)', outcome.done),
    row('failed', outcome.failed),
    row('all answers in', `${(submitMs / 1000).toFixed(2)} s (p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms)`),
    row('queue drained in', `${(drainMs / 1000).toFixed(1)} s`),
    row('median scan duration', `${(med / 1000).toFixed(2)} s`),
    row('web server RSS idle → peak', `${(idleRss / 1024).toFixed(0)} MiB → ${(peakKb / 1024).toFixed(0)} MiB`),
    '',
    'Expected shape: each client may submit 3 per minute, so 40 × 3 = 120 pass the rate limit and',
    `80 get 429; of those 120, at most ${CHILD_CONFIG.concurrency} run and ${CHILD_CONFIG.maxQueued} wait, the rest get 503. Every accepted scan completes.`,
    '',
  ].join('\n');
  writeFileSync(out, md);
  process.stdout.write(md);
}
