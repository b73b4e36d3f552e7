// Render time and size of every report format for real scans: by default the two built-in
// demo endpoints (scanned first with `agentready demo`), or the scan folders given as
// arguments (each holding result.json and evidence.json, e.g. a batch output's folders).
//
//   node bench/render.bench.ts                 # scans the demo endpoints, then renders
//   node bench/render.bench.ts DIR [DIR …]     # renders saved scans
//
// Prints, per scan and format: the first call (includes compiling the Handlebars templates
// for html), the median of 25 warm calls, the size, and the warm time as a ratio of
// JSON.stringify(result) measured in the same loop — the cheapest possible serialisation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Evidence } from '../src/contract/evidence.ts';
import { Result, TIER_LABELS } from '../src/contract/result.ts';
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif } from '../reports/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WARM_RUNS = 25;

function scanDirs(): { dirs: string[]; cleanup?: () => void } {
  const given = process.argv.slice(2);
  if (given.length) return { dirs: given };
  const out = mkdtempSync(path.join(tmpdir(), 'agentready-render-bench-'));
  process.stderr.write('scanning the demo endpoints (about 10 s)…\n');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/agentready.js'), 'demo', '--out', out, '--format', 'json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`agentready demo exited ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`);
  const dirs = readdirSync(out).map((d) => path.join(out, d)).filter((d) => statSync(d).isDirectory());
  return { dirs, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const { dirs, cleanup } = scanDirs();
try {
  for (const dir of dirs) {
    const result = Result.parse(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')));
    const evidence = Evidence.parse(JSON.parse(readFileSync(path.join(dir, 'evidence.json'), 'utf8')));
    const formats: [string, () => string][] = [
      ['html', () => renderHtml(result, evidence)],
      ['json', () => renderJson(result)],
      ['md', () => renderMarkdown(result)],
      ['sarif', () => JSON.stringify(renderSarif(result), null, 2)],
      ['junit', () => renderJunit(result)],
    ];
    console.log(`\n${result.url} — ${TIER_LABELS[result.tier]}, overall ${result.scores.overall ?? '—'}, ${result.rules.length} rules (${path.basename(dir)})`);
    console.log('| format | first call | warm median | size | warm / JSON.stringify(result) |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, render] of formats) {
      const cold = time(render);
      const warm: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        warm.push(time(render));
        baseline.push(time(() => JSON.stringify(result)));
      }
      const kb = Buffer.byteLength(render(), 'utf8') / 1024;
      const ratio = median(warm) / median(baseline);
      console.log(`| ${name} | ${cold.toFixed(1)} ms | ${median(warm).toFixed(2)} ms | ${kb.toFixed(1)} KB | ${ratio.toFixed(1)}× |`);
    }
    const evidenceKb = Buffer.byteLength(JSON.stringify(evidence), 'utf8') / 1024;
    console.log(`(evidence.json beside it: ${evidenceKb.toFixed(1)} KB)`);
  }
} finally {
  cleanup?.();
}
