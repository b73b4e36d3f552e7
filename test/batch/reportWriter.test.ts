// The batch's report worker: the folders it writes are byte for byte those `agentready scan`
// writes (every format, every recorded fixture, the hostile one included); a worker that dies
// loses only what it held (reported as ReportWorkerLost, recorded as skipped so --resume
// rescans it) and later folders are written on the main thread.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FORMATS } from '../../reports/index.ts';
import { inlineReportWriter, ReportWorkerLost, WorkerReportWriter, type ReportWriter } from '../../src/batch/reportWriter.ts';
import { scanOne } from '../../src/batch/scanOne.ts';
import { scanOptionsFrom } from '../../src/contract/flags.ts';
import { resultFixtures } from '../fixtures/results/index.ts';

const work = mkdtempSync(path.join(tmpdir(), 'agentready-report-writer-'));
after(() => rmSync(work, { recursive: true, force: true }));
const sarif = { artifactUri: 'mcp-endpoints.txt', startLine: 7 };

test('the worker writes the same files, byte for byte, as agentready scan does', async () => {
  const worker = new WorkerReportWriter();
  try {
    for (const { name, result, evidence } of resultFixtures()) {
      const inlineDir = path.join(work, 'inline', name);
      const workerDir = path.join(work, 'worker', name);
      const [inline, viaWorker] = await Promise.all([
        inlineReportWriter.write(result, evidence, inlineDir, [...FORMATS], { sarif }),
        worker.write(result, evidence, workerDir, [...FORMATS], { sarif }),
      ]);
      assert.deepEqual(viaWorker.map((f) => [f.format, path.basename(f.path), f.bytes]), inline.map((f) => [f.format, path.basename(f.path), f.bytes]), name);
      assert.deepEqual(readdirSync(workerDir).sort(), readdirSync(inlineDir).sort(), name);
      for (const file of readdirSync(inlineDir)) {
        assert.ok(readFileSync(path.join(workerDir, file)).equals(readFileSync(path.join(inlineDir, file))), `${name}/${file} differs`);
      }
      assert.equal(inline.length, FORMATS.length + (evidence ? 1 : 0), `${name}: every format${evidence ? ' and the evidence' : ''}`);
    }
    assert.equal(worker.failure, undefined);
  } finally {
    await worker.close();
  }
});

test('json is always written, as by agentready scan (rescore needs it)', async () => {
  const { result, evidence } = resultFixtures()[0]!;
  const worker = new WorkerReportWriter();
  try {
    const files = await worker.write(result, evidence, path.join(work, 'md-only'), ['md']);
    assert.deepEqual(files.map((f) => f.format), ['md', 'json', 'evidence']);
  } finally {
    await worker.close();
  }
});

test('a malformed Result is refused on the scanning thread, as inline', async () => {
  const { result, evidence } = resultFixtures()[0]!;
  const broken = { ...result, scores: { ...result.scores, overall: 'high' } } as unknown as typeof result;
  const worker = new WorkerReportWriter();
  try {
    await assert.rejects(inlineReportWriter.write(broken, evidence, path.join(work, 'bad-inline'), ['json']));
    await assert.rejects(worker.write(broken, evidence, path.join(work, 'bad-worker'), ['json']));
  } finally {
    await worker.close();
  }
});

test('a worker that dies loses only the folder it held; later folders are written on this thread', async () => {
  const { result, evidence } = resultFixtures()[0]!;
  const worker = new WorkerReportWriter(new URL('./crashingReportWorker.ts', import.meta.url));
  try {
    await assert.rejects(worker.write(result, evidence, path.join(work, 'lost'), ['html']), (err: unknown) => {
      assert.ok(err instanceof ReportWorkerLost);
      assert.match((err as Error).message, /report worker exited \(code 3\) before writing the reports/);
      return true;
    });
    assert.match(worker.failure ?? '', /code 3/);
    const files = await worker.write(result, evidence, path.join(work, 'after-loss'), ['html']);
    assert.deepEqual(files.map((f) => f.format), ['html', 'json', 'evidence']);
    assert.deepEqual(readdirSync(path.join(work, 'after-loss')).sort(), ['evidence.json', 'report.html', 'result.json']);
  } finally {
    await worker.close();
  }
});

test('an endpoint whose folder the worker lost is recorded as skipped, so --resume scans it again', async () => {
  const { result, evidence } = resultFixtures()[0]!;
  const lost: ReportWriter = { write: async () => { throw new ReportWorkerLost('report worker exited (code 3) before writing the reports'); }, close: async () => {} };
  const failing: ReportWriter = { write: async () => { throw new Error('disk full'); }, close: async () => {} };
  const settings = { out: work, scanOptions: scanOptionsFrom({}).options, formats: ['html' as const] };
  const scanFn = async () => ({ result, evidence: evidence! });
  const skipped = await scanOne(result.url, 'lost-endpoint', { ...settings, writer: lost }, scanFn);
  assert.equal(skipped.status, 'skipped');
  assert.match(skipped.reason ?? '', /run again with --resume/);
  const error = await scanOne(result.url, 'failed-endpoint', { ...settings, writer: failing }, scanFn);
  assert.equal(error.status, 'error', 'any other write failure is the endpoint’s error, as before');
});
