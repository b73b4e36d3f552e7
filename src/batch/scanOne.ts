// One endpoint of a batch: scan it, write its report folder, and describe it as an Entry.
import path from 'node:path';
import { scan as scanEndpoint, type ScanInput } from '../engine/index.ts';
import type { Evidence } from '../contract/evidence.ts';
import type { Result } from '../contract/result.ts';
import type { ScanOptions } from '../contract/options.ts';
import type { NetLimits } from '../contract/limits.ts';
import type { Format } from '../../reports/index.ts';
import type { SarifOptions } from '../../reports/sarif.ts';
import type { BrowserProvider } from '../engine/index.ts';
import { inlineReportWriter, ReportWorkerLost, type ReportWriter } from './reportWriter.ts';
import { emptyEntry, entryFromResult, relativeReports, type Entry } from './entry.ts';

/** What every scan of a batch shares. */
export interface ScanSettings {
  out: string;
  scanOptions: ScanOptions;
  limits?: Partial<NetLimits>;
  formats: Format[];
  /** where each URL's SARIF results point: the list file and its line (see reports/sarif.ts) */
  sarifLocation?: (url: string) => SarifOptions | undefined;
  /** renders and writes the report folders (default: on this thread) */
  writer?: ReportWriter;
}

export type ScanFn = (input: ScanInput) => Promise<{ evidence: Evidence; result: Result }>;

export async function scanOne(url: string, dir: string, s: ScanSettings, scan: ScanFn = scanEndpoint, browser?: BrowserProvider): Promise<Entry> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  try {
    const { evidence, result } = await scan({ url, options: s.scanOptions, limits: s.limits, ...(browser ? { browser } : {}) });
    const sarif = s.sarifLocation?.(url);
    // The entry is taken before the folder is written: the write can wait behind hundreds of
    // others in the report worker's queue, and a Result and Evidence held that long are
    // promoted to old space for nothing (what the entry needs of the write is the file list).
    const entry: Entry = { ...entryFromResult(result, evidence, dir, [], s.out), url };
    const files = await (s.writer ?? inlineReportWriter).write(result, evidence, path.join(s.out, dir), s.formats, sarif ? { sarif } : {});
    return { ...entry, reports: relativeReports(files, s.out) };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : String(err);
    // not a finding about the endpoint: recorded as not done, so --resume scans it again
    if (err instanceof ReportWorkerLost) return emptyEntry(url, dir, 'skipped', `${message}; run again with --resume`, Math.round(performance.now() - t0), startedAt);
    return emptyEntry(url, dir, 'error', message, Math.round(performance.now() - t0), startedAt);
  }
}
