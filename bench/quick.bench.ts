// Start-up and quick-scan benchmark, side by side in one run on one machine:
// - `agentready --version` against `node -e 0` (the floor), from the checkout's sources and
//   from the packed package installed into an empty folder (its compiled dist/);
// - `agentready scan URL --quick --json` against the official conformance suite
//   (`conformance server --url URL`, all its server scenarios) on the same server: the TS SDK's
//   stateful Streamable HTTP example (test/real/servers/sdkStateful.ts) on loopback;
// - a full scan of a server that sends a keep-alive every 15 s against those 15 s.
// Each command runs N times, alternating, and the medians and ratios are printed.
//
//   npm run bench:quick                  (N = 7; the full scan twice)
//   node bench/quick.bench.ts --n 11 --full 0 --no-dist
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSdkStateful } from '../test/real/servers/sdkStateful.ts';
import { startWellBehavedServer } from '../src/demo/wellBehaved.ts';
import { packAndInstall } from '../test/package/packInstall.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '7' },
    full: { type: 'string', default: '2' },
    'no-dist': { type: 'boolean', default: false },
  },
});
const N = Number(args.n);
const FULL_RUNS = Number(args.full);
const REPO = fileURLToPath(new URL('../', import.meta.url));
const NODE = process.execPath;
// Run with our own Node, not through the .bin shim: its `#!/usr/bin/env node` may find an older
// Node on PATH (the suite needs fs.globSync, Node 22+), which crashes in 0.5 s and exits 1 —
// the same exit code as a scenario failure. The 12-03 figures were such a crash (0.47 s).
const CONFORMANCE = path.join(REPO, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const KEEPALIVE_MS = 15_000;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

/**
 * Wall time of one run. `ranIf` says whether the output shows the command did its work: an
 * exit code alone cannot (the conformance suite exits 1 when a scenario fails, and when it crashes).
 */
function wall(file: string, argv: string[], ranIf?: (stdout: string) => boolean, cwd = REPO): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(file, argv, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const ms = performance.now() - t0;
      if (err && typeof err.code !== 'number') reject(err);
      else if (ranIf && !ranIf(stdout)) reject(new Error(`${path.basename(file)} ${argv.join(' ')} did not run: ${stderr.slice(0, 500) || stdout.slice(0, 500)}`));
      else resolve(ms);
    });
  });
}

/** the suite's last line: "Total: N passed, M failed" over all its scenarios */
const conformanceRan = (stdout: string) => /Total: \d+ passed, \d+ failed/.test(stdout);
/** our --json output: a Result that judged the server as MCP */
const scanned = (stdout: string) => { try { return (JSON.parse(stdout) as { era?: string }).era === 'session'; } catch { return false; } };

/** The packed package installed into an empty folder (what `npm install agentready` gives). */
function installPackage(): string {
  const work = mkdtempSync(path.join(tmpdir(), 'agentready-bench-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  return packAndInstall(work).bin;
}

const out = mkdtempSync(path.join(tmpdir(), 'agentready-bench-out-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));

console.log(`# quick.bench — ${new Date().toISOString()} — Node ${process.versions.node}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const sourceBin = path.join(REPO, 'bin', 'agentready.js');
const distBin = args['no-dist'] ? undefined : installPackage();
const sdk = await startSdkStateful();
console.log(`server: ${sdk.name} at ${sdk.url}; N = ${N}, alternating\n`);

const commands: Record<string, () => Promise<number>> = {
  'node -e 0': () => wall(NODE, ['-e', '0']),
  'agentready --version (checkout)': () => wall(NODE, [sourceBin, '--version']),
  ...(distBin ? { 'agentready --version (package)': () => wall(NODE, [distBin, '--version']) } : {}),
  'scan --quick --json (checkout)': () => wall(NODE, [sourceBin, 'scan', sdk.url, '--quick', '--json', '--no-browser', '--out', path.join(out, 'src')], scanned),
  ...(distBin ? { 'scan --quick --json (package)': () => wall(NODE, [distBin, 'scan', sdk.url, '--quick', '--json', '--no-browser', '--out', path.join(out, 'dist')], scanned) } : {}),
  'conformance server --url (all scenarios)': () => wall(NODE, [CONFORMANCE, 'server', '--url', sdk.url], conformanceRan),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
// one warm-up round each (the compile cache, the OS file cache), not counted
for (const run of Object.values(commands)) await run();
for (let i = 0; i < N; i++) for (const [name, run] of Object.entries(commands)) times[name]!.push(await run());
await sdk.close();

const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
console.log('| command | median | runs (ms) |');
console.log('| --- | ---: | --- |');
for (const [k, v] of Object.entries(times)) console.log(`| ${k} | ${(med[k]! / 1000).toFixed(3)} s | ${v.map((x) => x.toFixed(0)).join(' ')} |`);
console.log('');
const floor = med['node -e 0']!;
const conf = med['conformance server --url (all scenarios)']!;
console.log(`--version (checkout) / node -e 0: ${(med['agentready --version (checkout)']! / floor).toFixed(2)} (target ≤ 3)`);
if (distBin) console.log(`--version (package) / node -e 0: ${(med['agentready --version (package)']! / floor).toFixed(2)} (target ≤ 3)`);
console.log(`scan --quick (checkout) / conformance suite: ${(med['scan --quick --json (checkout)']! / conf).toFixed(2)} (target ≤ 0.5)`);
if (distBin) console.log(`scan --quick (package) / conformance suite: ${(med['scan --quick --json (package)']! / conf).toFixed(2)} (target ≤ 0.5)`);

if (FULL_RUNS > 0) {
  // a server whose only keep-alive comes every 15 s: the scan cannot judge it sooner
  const slow = await startWellBehavedServer({ keepAliveMs: KEEPALIVE_MS });
  const full: number[] = [];
  for (let i = 0; i < FULL_RUNS; i++) full.push(await wall(NODE, [distBin ?? sourceBin, 'scan', slow.url, '--json', '--out', path.join(out, 'full')]));
  await slow.close();
  const verdict = JSON.parse(readFileSync(path.join(out, 'full', 'result.json'), 'utf8')) as { rules: { id: string; status: string; outcome?: string }[] };
  const keepAlive = verdict.rules.find((r) => r.id === 'sse-keepalive');
  console.log(`\nfull scan (with the browser check when Chromium is there), keep-alive every ${KEEPALIVE_MS / 1000} s: ${full.map((x) => (x / 1000).toFixed(2)).join(' s, ')} s → median ${(median(full) / KEEPALIVE_MS).toFixed(3)} × the keep-alive interval (target ≤ 1.05); sse-keepalive ${keepAlive?.status}/${keepAlive?.outcome}`);
}
console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
