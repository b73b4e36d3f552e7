// Keeps a batch's old space close to what is actually alive. Hundreds of scans in flight each
// hold a few hundred KB for 1–5 s: long enough to be promoted, then dead. V8 lets old space
// grow to 2–4× what survived its last full GC before collecting again (its growing factor is
// chosen for throughput on a machine with memory to spare), so at a batch's RSS peak old
// space held ~150 MB of dead scans around ~90 MB of live data (bench/RESULTS.md).
//
// V8's `--heap-growing-percent` fixes that factor (1 + percent/100). It is read at every full
// GC, so setting it while the batch runs is enough, and V8 then starts its incremental,
// concurrent marking ahead of the lower limit: the event loop pauses 11–49 ms to finish a
// collection. (The first governor forced collections with gc({execution: 'async'}); those are
// atomic, 77–136 ms pauses on the scanning thread, measured with --trace-gc.) A percentage the
// user gave Node at start-up is left alone.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface HeapGovernorOptions {
  /** old space may grow to (1 + percent/100) × what survived the last full GC */
  growingPercent?: number;
}

export interface HeapGovernor {
  /** full (major) GCs of this thread while the governor ran */
  readonly collections: number;
  stop(): void;
}

export const DEFAULT_GROWING_PERCENT = 50;
const FLAG = '--heap-growing-percent';

/** Node options (command line or NODE_OPTIONS) that already set the growing factor. */
export function userSetsGrowing(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
}

/** A `gc` performance entry of a full (major) collection. */
export const isMajorGc = (e: PerformanceEntry) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;

/** governors running: the flag is V8's, one for the whole process */
let running = 0;

export function startHeapGovernor(options: HeapGovernorOptions = {}): HeapGovernor {
  const own = !userSetsGrowing(process.execArgv, process.env.NODE_OPTIONS);
  if (own && running++ === 0) v8.setFlagsFromString(`${FLAG}=${Math.max(1, Math.round(options.growingPercent ?? DEFAULT_GROWING_PERCENT))}`);
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (isMajorGc(e)) collections++;
  });
  observer.observe({ entryTypes: ['gc'] });
  let stopped = false;
  return {
    get collections() { return collections; },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const e of observer.takeRecords()) if (isMajorGc(e)) collections++;
      observer.disconnect();
      // 0 is V8's default: its own heuristics again
      if (own && --running === 0) v8.setFlagsFromString(`${FLAG}=0`);
    },
  };
}
