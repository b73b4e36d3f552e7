// Does a faster quick scan still reach the same verdicts? Scans every server of the real-server
// corpus (test/real/corpus.ts) and the two demo endpoints with `--quick` from two checkouts —
// this one and a baseline (e.g. a worktree of the commit before a change) — alternately, and
// prints each rule whose status differs, with both wall times.
//
//   git worktree add /tmp/baseline <commit> && ln -s "$PWD/node_modules" /tmp/baseline/
//   node bench/quick-parity.ts --baseline /tmp/baseline [--only sdk-stateful,tmcp]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPUS, type RealServer } from '../test/real/corpus.ts';
import { startWellBehavedServer } from '../src/demo/wellBehaved.ts';
import { startFlawedServer } from '../src/demo/flawed.ts';
import { DEMO_FLAWS } from '../src/cli/demo.ts';

const { values: args } = parseArgs({ options: { baseline: { type: 'string' }, only: { type: 'string' } } });
if (!args.baseline) { console.error('quick-parity: --baseline DIR (a checkout to compare with) is required'); process.exit(2); }
const bins = { baseline: path.join(path.resolve(args.baseline), 'bin', 'agentready.js'), current: fileURLToPath(new URL('../bin/agentready.js', import.meta.url)) };
const out = mkdtempSync(path.join(tmpdir(), 'agentready-parity-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));

interface Run { ms: number; statuses: Map<string, string> }
function quickScan(bin: string, url: string, dir: string): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile(process.execPath, [bin, 'scan', url, '--quick', '--no-browser', '--format', 'json', '--out', dir], { maxBuffer: 64 << 20 }, () => {
      const ms = performance.now() - t0;
      const statuses = new Map<string, string>();
      try {
        const r = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as { rules: { id: string; status: string; outcome?: string }[] };
        for (const rule of r.rules) statuses.set(rule.id, `${rule.status}${rule.outcome ? `/${rule.outcome}` : ''}`);
      } catch { /* no result: shown as a difference of every rule */ }
      resolve({ ms, statuses });
    });
  });
}

const targets: Record<string, () => Promise<RealServer>> = {
  ...CORPUS,
  'demo-well-behaved': async () => { const s = await startWellBehavedServer({ keepAliveMs: 15_000 }); return { name: 'demo well-behaved', url: s.url, close: () => s.close() }; },
  'demo-flawed': async () => { const s = await startFlawedServer({ flaws: DEMO_FLAWS, keepAliveMs: 15_000 }); return { name: 'demo flawed', url: s.url, close: () => s.close() }; },
};
const only = args.only?.split(',');
let differing = 0;
console.log('| target | baseline | current | rules that differ (baseline → current) |');
console.log('| --- | ---: | ---: | --- |');
for (const [name, start] of Object.entries(targets)) {
  if (only && !only.includes(name)) continue;
  let server: RealServer | undefined;
  try {
    server = await start();
    const base = await quickScan(bins.baseline, server.url, path.join(out, name, 'baseline'));
    const cur = await quickScan(bins.current, server.url, path.join(out, name, 'current'));
    const ids = new Set([...base.statuses.keys(), ...cur.statuses.keys()]);
    const diffs = [...ids].filter((id) => base.statuses.get(id)?.split('/')[0] !== cur.statuses.get(id)?.split('/')[0])
      .map((id) => `${id}: ${base.statuses.get(id) ?? '–'} → ${cur.statuses.get(id) ?? '–'}`);
    differing += diffs.length;
    console.log(`| ${name} | ${(base.ms / 1000).toFixed(2)} s | ${(cur.ms / 1000).toFixed(2)} s | ${diffs.join('; ') || 'none'} |`);
  } catch (err) {
    console.log(`| ${name} | – | – | could not start: ${(err as Error).message.split('\n')[0]} |`);
  } finally {
    await server?.close();
  }
}
console.log(`\n${differing} rule status(es) differ`);
