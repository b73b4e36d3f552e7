// The batch runner: scans a list of endpoints with a global concurrency limit and a
// politeness limit per host, writes each endpoint's reports into its own folder, and
// appends one line per finished endpoint to results.jsonl. Callable in-process (the
// benchmark does); the command (src/batch/command.ts) adds parsing, progress and the overview.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ScanOptions } from '../contract/options.ts';
import type { NetLimits } from '../contract/limits.ts';
import type { Format } from '../../reports/index.ts';
import type { BrowserProvider } from '../engine/index.ts';
import { emptyEntry, isFinal, type Entry } from './entry.ts';
import { scanOne, type ScanFn, type ScanSettings } from './scanOne.ts';
import { inlineReportWriter, WorkerReportWriter } from './reportWriter.ts';
import { startHeapGovernor } from './heapGovernor.ts';
import { endpointDirName } from './names.ts';
import { readResultsLog, repairResultsLog, ResultsLogWriter, RESULTS_FILE } from './resultsLog.ts';

export interface BatchJob {
  /** normalised, de-duplicated URLs (already filtered to this shard) */
  urls: string[];
  out: string;
  scanOptions: ScanOptions;
  limits?: Partial<NetLimits>;
  formats: Format[];
  /** where each URL's SARIF results point (the list file and line); default agentready.config.json:1 */
  sarifLocation?: ScanSettings['sarifLocation'];
  /** scans running at once (≥ 1) */
  concurrency: number;
  /** scans running at once against one host:port; 0 = no limit */
  perHost: number;
  /** URLs not started this long after the batch began are recorded as skipped */
  batchDeadlineMs?: number;
  /** keep results.jsonl and skip the URLs it already holds */
  resume: boolean;
  /** once aborted, no new scan starts (running ones finish); unstarted URLs are not recorded */
  signal?: AbortSignal;
  onEvent?: (e: BatchEvent) => void;
  /** fdatasync after each append (default true) */
  syncLog?: boolean;
  /** the scan function (tests wrap it) */
  scan?: ScanFn;
  /** one Chromium shared by every scan for the real-browser check (omit to skip the check) */
  browser?: BrowserProvider;
  /** render and write report folders on a worker thread (default true; false: on this thread) */
  reportWorker?: boolean;
  /** cap old space at 1.5× the data alive after the last full GC, through V8's growing factor (default true; see heapGovernor.ts) */
  heapGovernor?: boolean;
}

export type BatchEvent =
  | { type: 'resumed'; done: number; total: number; badLines: number[]; partialBytes: number; rescan: number }
  | { type: 'start'; url: string; running: number }
  | { type: 'done'; entry: Entry; done: number; total: number; failures: number; running: number };

export interface BatchRun {
  /** one entry per listed URL, in list order; URLs never recorded appear as skipped */
  entries: Entry[];
  /** URLs finished by this run (scanned, unreachable, error or skipped by the deadline) */
  ranNow: number;
  /** URLs taken from an earlier run's results.jsonl */
  resumed: number;
  /** recorded results whose URL is not in this list (left out of the manifest) */
  foreign: number;
  interrupted: boolean;
  elapsedMs: number;
  logFile: string;
  /** full GCs of the scanning thread during the batch (under the heap governor; 0 without it) */
  governorGcs: number;
  /** why report folders stopped being written on the worker thread, if they did */
  reportWorkerFailure?: string;
}

const isFailure = (e: Entry) => e.status === 'unreachable' || e.status === 'error';

export async function runBatchJob(job: BatchJob): Promise<BatchRun> {
  const t0 = performance.now();
  await mkdir(job.out, { recursive: true });
  const logFile = path.join(job.out, RESULTS_FILE);

  // 1. What is already done (resume), then open the log for appending.
  const done = new Set<string>();
  let failures = 0;
  let resumed = 0;
  if (job.resume) {
    const previous = await readResultsLog(logFile);
    await repairResultsLog(logFile, previous);
    const listed = new Set(job.urls);
    let rescan = 0;
    for (const e of previous.entries.values()) {
      if (!listed.has(e.url)) continue;
      if (!isFinal(e)) { rescan++; continue; }
      done.add(e.url);
      if (isFailure(e)) failures++;
    }
    resumed = done.size;
    job.onEvent?.({ type: 'resumed', done: resumed, total: job.urls.length, badLines: previous.badLines, partialBytes: previous.partialBytes, rescan });
  }
  const log = await ResultsLogWriter.open(logFile, { fresh: !job.resume, sync: job.syncLog });

  // 2. Scan the rest: the per-host queue first, then the global one, so a host's backlog
  //    waits in its own queue without holding global slots.
  const global = pLimit(job.concurrency);
  const hosts = new Map<string, LimitFunction>();
  const hostLimit = (url: string): LimitFunction | undefined => {
    if (job.perHost <= 0) return undefined;
    const host = new URL(url).host;
    let l = hosts.get(host);
    if (!l) { l = pLimit(job.perHost); hosts.set(host, l); }
    return l;
  };
  const deadlineAt = job.batchDeadlineMs !== undefined ? t0 + job.batchDeadlineMs : Infinity;
  let finished = resumed;
  let ranNow = 0;
  let running = 0;

  const record = async (entry: Entry) => {
    await log.append(entry);
    ranNow++;
    finished++;
    if (isFailure(entry)) failures++;
    job.onEvent?.({ type: 'done', entry, done: finished, total: job.urls.length, failures, running });
  };

  /** Holds a slot only while scanning; the log write happens after the slot is free. */
  const runOne = async (url: string): Promise<Entry | undefined> => {
    if (job.signal?.aborted) return undefined;
    const dir = endpointDirName(url);
    if (performance.now() >= deadlineAt) {
      return emptyEntry(url, dir, 'skipped', `the batch deadline (${formatSeconds(job.batchDeadlineMs!)}) passed before this scan started`);
    }
    running++;
    job.onEvent?.({ type: 'start', url, running });
    try {
      return await scanOne(url, dir, settings, job.scan, job.browser);
    } finally {
      running--;
    }
  };

  const todo = job.urls.filter((u) => !done.has(u));
  const worker = job.reportWorker === false || todo.length === 0 ? undefined : new WorkerReportWriter();
  const writer = worker ?? inlineReportWriter;
  const governor = job.heapGovernor === false || todo.length === 0 ? undefined : startHeapGovernor();
  const settings: ScanSettings = { out: job.out, scanOptions: job.scanOptions, limits: job.limits, formats: job.formats, sarifLocation: job.sarifLocation, writer };
  try {
    await Promise.all(todo.map(async (url) => {
      const host = hostLimit(url);
      const task = () => global(runOne, url);
      const entry = await (host ? host(task) : task());
      if (entry) await record(entry);
    }));
  } finally {
    governor?.stop();
    await writer.close();
    await log.close();
  }

  // 3. results.jsonl is the source of truth for what the manifest says.
  const final = await readResultsLog(logFile);
  const interrupted = job.signal?.aborted === true;
  const listed = new Set(job.urls);
  let foreign = 0;
  for (const url of final.entries.keys()) if (!listed.has(url)) foreign++;
  const entries = job.urls.map((url) => final.entries.get(url) ?? emptyEntry(url, endpointDirName(url), 'skipped',
    interrupted ? 'the batch was interrupted before this scan started (run again with --resume)' : 'not recorded in results.jsonl'));
  return {
    entries, ranNow, resumed, foreign, interrupted, elapsedMs: Math.round(performance.now() - t0), logFile,
    governorGcs: governor?.collections ?? 0, ...(worker?.failure ? { reportWorkerFailure: worker.failure } : {}),
  };
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
