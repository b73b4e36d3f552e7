// What the real-browser check costs a scan. Scans the well-behaved demo server (the same
// one `agentready demo` serves) with and without a browser provider, alternating, reusing
// one Chromium for every browser scan; prints wall times, the browser probe's own timings,
// and writes the table to bench/BROWSER.md (--no-write to skip).
//
//   node bench/browser-overhead.ts [--runs 5] [--full] [--no-write]
//
// --full also scans without --quick (the full GET-stream window, ~30 s per scan).
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { scan } from '../src/engine/scan.ts';
import { createBrowserProvider } from '../src/browser/provider.ts';
import type { BrowserArtifact } from '../src/contract/browserArtifact.ts';
import { startWellBehavedServer } from '../src/demo/wellBehaved.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, full: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } } });
const RUNS = Math.max(1, Number(args.runs));

interface Sample { ms: number; probe?: BrowserArtifact }

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { min: s[0]!, median: Math.round(med), max: s[s.length - 1]!, mean: Math.round(s.reduce((a, b) => a + b, 0) / s.length) };
};

async function once(url: string, quick: boolean, browser: ReturnType<typeof createBrowserProvider> | undefined): Promise<Sample> {
  const t0 = performance.now();
  const { evidence } = await scan({ url, options: { quick, deadlineMs: quick ? 30_000 : 90_000 }, browser });
  const ms = Math.round(performance.now() - t0);
  const probe = evidence.probes.browser as BrowserArtifact | undefined;
  if (browser && !probe?.available) throw new Error(`no browser: ${probe?.unavailableReason ?? 'no artifact'}`);
  return { ms, ...(probe ? { probe } : {}) };
}

const loadBefore = loadavg()[0]!.toFixed(1);
const server = await startWellBehavedServer();
const provider = createBrowserProvider();
const rows: string[] = [];
let version = '?';
const lines: string[] = [];
const say = (s: string) => { console.log(s); lines.push(s); };
try {
  const reason = await provider.unavailableReason(); // launch now, timed separately below
  if (reason) throw new Error(`no browser: ${reason}`);
  for (const quick of args.full ? [true, false] : [true]) {
    const mode = quick ? 'quick' : 'full';
    const runs = quick ? RUNS : Math.min(RUNS, 2);
    const without: Sample[] = [];
    const withB: Sample[] = [];
    await once(server.url, quick, undefined); // warm-up (JIT, sockets)
    for (let i = 0; i < runs; i++) {
      without.push(await once(server.url, quick, undefined));
      withB.push(await once(server.url, quick, provider));
    }
    version = withB[0]?.probe?.browserVersion ?? version;
    const a = stats(without.map((s) => s.ms));
    const b = stats(withB.map((s) => s.ms));
    const probe = stats(withB.map((s) => s.probe!.durationMs));
    const open = stats(withB.map((s) => s.probe!.openMs ?? 0));
    const stepsMs = stats(withB.map((s) => s.probe!.steps.reduce((n, x) => n + x.ms, 0)));
    say(`${mode}: ${runs} runs each, well-behaved demo`);
    say(`  scan without browser  median ${a.median} ms (min ${a.min}, max ${a.max})`);
    say(`  scan with browser     median ${b.median} ms (min ${b.min}, max ${b.max})`);
    say(`  overhead (medians)    ${b.median - a.median} ms (${(((b.median - a.median) / a.median) * 100).toFixed(1)} %)`);
    say(`  browser probe itself  median ${probe.median} ms: context+page ${open.median} ms, steps ${stepsMs.median} ms (runs beside the other probes)`);
    rows.push(`| ${mode} | ${runs} | ${a.median} (${a.min}–${a.max}) | ${b.median} (${b.min}–${b.max}) | ${b.median - a.median} | ${probe.median} | ${open.median} | ${stepsMs.median} |`);
  }
  // The one-off cost a process pays for its first browser scan.
  const cold = createBrowserProvider();
  try {
    const s = await once(server.url, true, cold);
    say(`first scan of a fresh provider: ${s.ms} ms scan, browser launch ${s.probe!.launchMs ?? '?'} ms, context+page ${s.probe!.openMs ?? '?'} ms`);
    rows.push(`| quick, cold provider | 1 | – | ${s.ms} | – | ${s.probe!.durationMs} (launch ${s.probe!.launchMs ?? '?'}) | ${s.probe!.openMs ?? '?'} | ${s.probe!.steps.reduce((n, x) => n + x.ms, 0)} |`);
  } finally {
    await cold.close();
  }
} finally {
  await provider.close();
  await server.close();
}

if (!args['no-write']) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const md = `# Real-browser check: cost per scan

Measured by \`node bench/browser-overhead.ts${args.full ? ' --full' : ''} --runs ${RUNS}\` on ${new Date().toISOString().slice(0, 10)}
(${availableParallelism()} × ${cpu}, Node ${process.version}, Chromium ${version}; 1-min load average ${loadBefore} before,
${loadavg()[0]!.toFixed(1)} after: other work shared the machine, so single runs vary). Target: the well-behaved demo server
(SDK Streamable HTTP, heartbeat every 2 s) on loopback. Scans alternate without / with a browser provider; one
Chromium is reused by every browser scan (a new context per scan), as the batch runner and the web server do.

| mode | runs | scan without browser, ms (median, range) | scan with browser, ms | overhead, ms (medians) | browser probe, ms | context + page, ms | steps, ms |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

The browser probe runs concurrently with the other probes (it is one task beside the GET-stream wait), so
the scan only gets longer when the probe outlasts the longest other probe, and by CPU contention. Its own
time is mostly the new context and page (usually 0.2–0.5 s, seconds when the machine is busy: Chromium starts a
renderer for each context) and the GET stream step, which waits for the server's first byte (at most 1.5 s of
reading). The whole probe is capped at 8 s and by the scan deadline. The launch (~0.3–0.6 s) is paid once per
provider, i.e. once per CLI run, batch or web-server process.

Raw output:

\`\`\`
${lines.join('\n')}
\`\`\`
`;
  writeFileSync(new URL('./BROWSER.md', import.meta.url), md);
  console.log('wrote bench/BROWSER.md');
}
