// Keeps a batch's old space close to what is actually alive. Hundreds of scans in flight each
// hold a few hundred KB for 1–5 s: long enough to be promoted, then dead. V8 lets old space
// grow to 2–4× what survived its last full GC before collecting again (its growing factor is
// chosen for throughput on a machine with memory to spare), so at a batch's RSS peak old
// space held ~150 MB of dead scans around ~90 MB of live data (bench/RESULTS.md).
//
// The governor samples old space every 50 ms and, once it passes `factor` × the size left by
// the previous full GC (and at least `minGrowthBytes` more), starts a concurrent major GC: V8
// marks on its helper threads and the event loop pauses only to finish. There is no API to set
// V8's growing factor, and `--max-old-space-size` is a hard limit (a crash, not a target).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options: { type: 'major'; execution: 'async' }) => Promise<void>;

export interface HeapGovernorOptions {
  /** collect once old space exceeds this multiple of the live size after the last full GC */
  factor?: number;
  /** …and has grown by at least this much since (small heaps are left alone) */
  minGrowthBytes?: number;
  /** how often old space is sampled */
  intervalMs?: number;
}

export interface HeapGovernor {
  /** full GCs the governor started */
  readonly collections: number;
  stop(): void;
}

/** Old space and large objects in use: what a full GC can shrink (the young generation is not counted). */
function oldBytesUsed(): number {
  let used = 0;
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_name === 'old_space' || s.space_name === 'large_object_space') used += s.space_used_size;
  }
  return used;
}

let gcFunction: GcFunction | undefined;
/** V8's gc() (async major collections need its options form); exposed once, for this isolate. */
function gc(): GcFunction {
  if (gcFunction) return gcFunction;
  const global = (globalThis as { gc?: GcFunction }).gc;
  if (global) return (gcFunction = global);
  v8.setFlagsFromString('--expose-gc');
  gcFunction = runInNewContext('gc') as GcFunction;
  return gcFunction;
}

export function startHeapGovernor(options: HeapGovernorOptions = {}): HeapGovernor {
  const factor = options.factor ?? 1.5;
  const minGrowth = options.minGrowthBytes ?? 24 * 1024 * 1024;
  const collect = gc();
  let live = oldBytesUsed();
  let collecting = false;
  let collections = 0;
  const timer = setInterval(() => {
    if (collecting) return;
    const used = oldBytesUsed();
    if (used <= Math.max(live * factor, live + minGrowth)) return;
    collecting = true;
    collections++;
    collect({ type: 'major', execution: 'async' }).then(
      () => { live = oldBytesUsed(); },
      () => {},
    ).finally(() => { collecting = false; });
  }, options.intervalMs ?? 50);
  timer.unref();
  return {
    get collections() { return collections; },
    stop() { clearInterval(timer); },
  };
}
