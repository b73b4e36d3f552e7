// What the report tests render: the recorded fixtures, plus any saved scans named in
// AGENTREADY_REPORT_CASES (comma-separated directories holding result.json and, optionally,
// evidence.json — e.g. the output of `agentready demo`). Every test iterates over this
// list, so a new case is one line here or one directory in the variable.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Evidence } from '../../src/contract/evidence.ts';
import { Result } from '../../src/contract/result.ts';
import { resultFixtures, type ResultFixture } from '../fixtures/results/index.ts';

export type ReportCase = ResultFixture;

function savedScan(dir: string): ReportCase {
  const abs = resolve(dir);
  const result = Result.parse(JSON.parse(readFileSync(join(abs, 'result.json'), 'utf8')));
  const evidencePath = join(abs, 'evidence.json');
  const evidence = existsSync(evidencePath) ? Evidence.parse(JSON.parse(readFileSync(evidencePath, 'utf8'))) : undefined;
  return { name: `saved-${basename(abs)}`, result, ...(evidence ? { evidence } : {}) };
}

export function reportCases(): ReportCase[] {
  const extra = (process.env.AGENTREADY_REPORT_CASES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return [...resultFixtures(), ...extra.map(savedScan)];
}

export const OUTPUT_DIR = new URL('../../.test-output/reports/', import.meta.url);
