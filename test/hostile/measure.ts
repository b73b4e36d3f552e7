// Runs one scan and measures it: wall time, peak memory (rss and heap, sampled every
// 20 ms, relative to a baseline taken after a full GC), the size of the evidence, and any
// unhandled rejection or uncaught exception raised while it ran (or shortly after).
import v8 from 'node:v8';
import vm from 'node:vm';
import { scan } from '../../src/engine/scan.ts';
import type { Evidence } from '../../src/contract/evidence.ts';
import type { Result } from '../../src/contract/result.ts';
import type { NetLimits } from '../../src/contract/limits.ts';
import type { ScanOptions } from '../../src/gather/context.ts';

v8.setFlagsFromString('--expose_gc');
const rawGc = vm.runInNewContext('gc') as (opts?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
/** a full, memory-reducing GC: a plain gc() leaves large strings on not-yet-swept pages in heapUsed */
const gc = () => rawGc({ type: 'major', execution: 'sync', flavor: 'last-resort' });

/** everything that escaped: the process would have crashed (or warned) without these listeners */
export const escaped: { kind: 'unhandledRejection' | 'uncaughtException'; error: string }[] = [];
let installed = false;
export function recordEscapes(): void {
  if (installed) return;
  installed = true;
  const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)).slice(0, 2000);
  process.on('unhandledRejection', (e) => { escaped.push({ kind: 'unhandledRejection', error: text(e) }); });
  process.on('uncaughtException', (e) => { escaped.push({ kind: 'uncaughtException', error: text(e) }); });
}

export interface Measured {
  evidence: Evidence;
  result: Result;
  wallMs: number;
  /** peak over the baseline, bytes */
  peakRss: number;
  peakHeap: number;
  /** JSON size of the evidence (what is kept and written) */
  evidenceBytes: number;
  /** heap still used after a full GC with the evidence and result alive: what the scan keeps (see keptHeap) */
  retainedHeap: number;
  baseHeap: number;
  /** escapes recorded during the scan and the 100 ms after it */
  escaped: typeof escaped;
}

export const QUICK_OPTIONS: Partial<ScanOptions> = { keepAliveMaxMs: 1000, streamWindowMs: 1500, toolCallWindowMs: 1500 };

export async function measureScan(url: string, deadlineMs: number, limits?: Partial<NetLimits>, options: Partial<ScanOptions> = {}): Promise<Measured> {
  recordEscapes();
  const before = escaped.length;
  gc();
  const base = process.memoryUsage();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss - base.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const t0 = performance.now();
  let out: { evidence: Evidence; result: Result };
  try {
    out = await scan({ url, options: { ...QUICK_OPTIONS, ...options, deadlineMs }, limits });
  } finally {
    clearInterval(sampler);
  }
  const wallMs = Math.round(performance.now() - t0);
  sample();
  await new Promise((r) => setTimeout(r, 100)); // late rejections of abandoned work land here
  return {
    ...out, wallMs, peakRss, peakHeap, baseHeap: base.heapUsed, retainedHeap: NaN,
    evidenceBytes: JSON.stringify(out.evidence).length,
    escaped: escaped.slice(before),
  };
}

/**
 * Sets m.retainedHeap. Call it after measureScan has returned: until its frame is gone, V8 can
 * still reach garbage of the scan from it (tens of MB of 4 MB bodies in the large-object space).
 */
export function keptHeap(m: Measured): void {
  gc();
  m.retainedHeap = process.memoryUsage().heapUsed - m.baseHeap;
}

export interface Row { name: string; outcome: string; wallMs: number; deadlineMs: number; peakRss: number; peakHeap: number; retainedHeap: number; evidenceBytes: number }

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)}`;

export function table(rows: Row[]): string {
  const head = ['case', 'outcome', 'wall ms', 'deadline', 'peak rss Δ MB', 'peak heap Δ MB', 'kept heap MB', 'evidence MB'];
  const body = rows.map((r) => [r.name, r.outcome, String(r.wallMs), String(r.deadlineMs), mb(r.peakRss), mb(r.peakHeap), mb(r.retainedHeap), mb(r.evidenceBytes)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
