// Child process of the heap governor test (run with --trace-gc-verbose, which prints the
// growing factor V8 picks at each full GC): a long-lived set plus garbage that lives just long
// enough to be promoted, like a scan's state, under the governor (argv[2]: the percentage) or
// without it ("off"). Stops after a few full GCs; prints the governor's count as JSON.
import { PerformanceObserver } from 'node:perf_hooks';
import { isMajorGc, startHeapGovernor } from '../../src/batch/heapGovernor.ts';

const percent = process.argv[2] === 'off' ? undefined : Number(process.argv[2]);
// started first: every full GC of the run is under it
const governor = percent === undefined ? undefined : startHeapGovernor({ growingPercent: percent });
const ARRAY = 5_000; // 40 KB of doubles: ordinary old space, not the large-object space
const live: number[][] = [];
for (let i = 0; i < 1_200; i++) live.push(new Array(ARRAY).fill(i + 0.5)); // ~48 MB, alive throughout

let majors = 0;
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (isMajorGc(e)) majors++;
});
observer.observe({ entryTypes: ['gc'] });
const kept: number[][] = [];
for (let i = 0; i < 200_000 && majors < 4; i++) {
  kept.push(new Array(ARRAY).fill(i + 0.25));
  if (kept.length > 400) kept.shift(); // ~16 MB in flight: outlives two scavenges, then dies
  if (i % 200 === 0) await new Promise((r) => setImmediate(r)); // GC tasks and observers run
}
governor?.stop();
observer.disconnect();
process.stdout.write(`${JSON.stringify({ live: live.length, majors, collections: governor?.collections ?? null })}\n`);
