// The heap governor sets V8's growing factor while a batch runs: every full GC under it grows
// old space by that factor and no more (V8 prints the factor it picks with --trace-gc-verbose),
// where V8 on its own picks up to 4×; a percentage the user gave Node is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { userSetsGrowing } from '../../src/batch/heapGovernor.ts';

const churn = fileURLToPath(new URL('./heapChurn.ts', import.meta.url));

/** The growing factors V8 chose at each full GC of a churning child process. */
function factors(arg: string): { factors: string[]; report: { majors: number; collections: number | null } } {
  const out = execFileSync(process.execPath, ['--trace-gc-verbose', churn, arg], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  const found = [...out.matchAll(/\[HeapController\] factor ([\d.]+)/g)].map((m) => m[1]!);
  const report = JSON.parse(out.trim().split('\n').findLast((l) => l.startsWith('{'))!) as { majors: number; collections: number | null };
  return { factors: found, report };
}

test('under the governor every full GC uses its growing factor; without it V8 picks its own', () => {
  const governed = factors('70');
  assert.ok(governed.factors.length >= 1, 'no full GC in the governed run');
  assert.deepEqual(new Set(governed.factors), new Set(['1.7']), `factors under the governor: ${governed.factors.join(', ')}`);
  assert.ok((governed.report.collections ?? 0) >= 1, 'the governor counted no full GC');
  assert.equal(governed.report.collections, governed.report.majors, 'the governor’s count is the number of full GCs');

  // the control: V8's own choice (4.0 here, from its mutator utilisation) is not the governor's
  const own = factors('off');
  assert.ok(own.factors.length >= 1, 'no full GC in the ungoverned run');
  assert.ok(own.factors.some((f) => f !== '1.7'), `V8 chose 1.7 on its own (${own.factors.join(', ')}): the test cannot tell`);
});

test('a growing percentage given to Node at start-up is the user’s: the governor leaves it', () => {
  assert.equal(userSetsGrowing(['--heap-growing-percent=30'], undefined), true);
  assert.equal(userSetsGrowing([], '--max-old-space-size=512 --heap_growing_percent=30'), true);
  assert.equal(userSetsGrowing(['--max-semi-space-size=16'], '--heap-growing-percentage'), false);
  assert.equal(userSetsGrowing([], undefined), false);
});
