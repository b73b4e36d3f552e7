// Joining shard outputs into one batch output. Report folders are COPIED into the merged
// directory rather than referenced: the result is then self-contained — one directory to
// upload as a CI artifact, publish or move, whose index.html links stay relative and keep
// working when served over HTTP (a link into ../shard-2/ would not), and which survives the
// shard directories being deleted (they are usually temporary artifact downloads).
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../contract/errors.ts';
import type { Entry } from './entry.ts';
import { MANIFEST_FILE, readManifest, type Manifest } from './manifest.ts';
import { readResultsLog, ResultsLogWriter, RESULTS_FILE } from './resultsLog.ts';

export interface MergeInput {
  dir: string;
  manifest?: Manifest;
  entries: Entry[];
  shard: { index: number; count: number } | null;
}

/** A folder name we wrote ourselves: one plain path segment. Anything else is refused. */
const SAFE_DIR = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function readMergeInput(dir: string): Promise<MergeInput> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`merge: ${dir} is not a directory`);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (existsSync(manifestFile)) {
    let manifest: Manifest;
    try { manifest = await readManifest(manifestFile); } catch (err) { throw new UsageError(`merge: ${(err as Error).message}`); }
    return { dir, manifest, entries: manifest.endpoints, shard: manifest.shard };
  }
  const logFile = path.join(dir, RESULTS_FILE);
  if (existsSync(logFile)) {
    const log = await readResultsLog(logFile);
    return { dir, entries: [...log.entries.values()], shard: null };
  }
  throw new UsageError(`merge: ${dir} is not a batch output (no ${MANIFEST_FILE} or ${RESULTS_FILE})`);
}

export interface MergePlan {
  entries: Entry[];
  /** [input index, entry] pairs whose folder is copied */
  copies: { from: string; dir: string }[];
  warnings: string[];
}

/** Checks the inputs fit together; overlapping or conflicting entries are a UsageError. */
export function planMerge(inputs: MergeInput[], out: string): MergePlan {
  const outAbs = path.resolve(out);
  for (const i of inputs) {
    if (path.resolve(i.dir) === outAbs) throw new UsageError(`merge: --out ${out} is also an input; merge into a new directory`);
  }
  const byUrl = new Map<string, { entry: Entry; input: MergeInput }>();
  const byDir = new Map<string, { url: string; input: MergeInput }>();
  const overlaps: string[] = [];
  const warnings: string[] = [];
  const copies: MergePlan['copies'] = [];
  for (const input of inputs) {
    for (const entry of input.entries) {
      if (!SAFE_DIR.test(entry.dir)) throw new UsageError(`merge: ${input.dir}: entry for ${entry.url} names the folder "${entry.dir.slice(0, 80)}", which is not a plain folder name`);
      const seen = byUrl.get(entry.url);
      if (seen) {
        const same = JSON.stringify({ ...seen.entry, reports: {} }) === JSON.stringify({ ...entry, reports: {} });
        overlaps.push(`${entry.url} is in both ${seen.input.dir} and ${input.dir}${same ? ' (identical results: was the same output given twice?)' : ' with different results'}`);
        continue;
      }
      const dirOwner = byDir.get(entry.dir);
      if (dirOwner && dirOwner.url !== entry.url) {
        throw new UsageError(`merge: conflicting entries: folder ${entry.dir} holds ${dirOwner.url} in ${dirOwner.input.dir} but ${entry.url} in ${input.dir}`);
      }
      byUrl.set(entry.url, { entry, input });
      byDir.set(entry.dir, { url: entry.url, input });
      if (Object.keys(entry.reports).length) copies.push({ from: path.join(input.dir, entry.dir), dir: entry.dir });
    }
  }
  if (overlaps.length) {
    throw new UsageError(`merge: ${overlaps.length} endpoint${overlaps.length === 1 ? ' appears' : 's appear'} in more than one input (shards must not overlap): ${overlaps[0]}${overlaps.length > 1 ? `; and ${overlaps.length - 1} more` : ''}`);
  }

  // Not fatal, but worth saying: missing shards, different scanner or scoring versions, different settings.
  const counts = new Set(inputs.map((i) => i.shard?.count ?? 0));
  if (inputs.every((i) => i.shard) && counts.size === 1) {
    const n = [...counts][0]!;
    const have = new Set(inputs.map((i) => i.shard!.index));
    const missing = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !have.has(k));
    if (missing.length) warnings.push(`shard${missing.length === 1 ? '' : 's'} ${missing.map((k) => `${k}/${n}`).join(', ')} not among the inputs`);
  } else if (counts.size > 1 && inputs.some((i) => i.shard)) {
    warnings.push(`the inputs were sharded differently (${inputs.map((i) => (i.shard ? `${i.shard.index}/${i.shard.count}` : 'unsharded')).join(', ')})`);
  }
  const versions = new Set([...byUrl.values()].map((x) => x.entry.scoringVersion).filter(Boolean));
  if (versions.size > 1) warnings.push(`the inputs were scored by different scoring versions (${[...versions].join(', ')}); their scores are not comparable`);
  const settings = new Set(inputs.filter((i) => i.manifest).map((i) => {
    const o = i.manifest!.options;
    return JSON.stringify([o.quick, o.deadlineMs, o.streamWindowMs, o.keepAliveMaxMs, o.callTool ?? null]);
  }));
  if (settings.size > 1) warnings.push('the inputs were scanned with different settings (--quick, windows, deadline or --call-tool)');
  const entries = [...byUrl.values()].map((x) => x.entry);
  return { entries, copies, warnings };
}

/** Copies the report folders and writes a fresh results.jsonl; returns warnings for missing folders. */
export async function executeMerge(plan: MergePlan, out: string): Promise<{ entries: Entry[]; warnings: string[] }> {
  await mkdir(out, { recursive: true });
  const warnings: string[] = [];
  const missing = new Set<string>();
  for (const c of plan.copies) {
    if (!existsSync(c.from)) { missing.add(c.dir); warnings.push(`report folder ${c.from} is missing; its entry is kept without report links`); continue; }
    const dest = path.join(out, c.dir);
    await rm(dest, { recursive: true, force: true });
    await cp(c.from, dest, { recursive: true });
  }
  const entries = plan.entries.map((e) => (missing.has(e.dir) ? { ...e, reports: {} } : e));
  const log = await ResultsLogWriter.open(path.join(out, RESULTS_FILE), { fresh: true });
  try {
    await Promise.all(entries.map((e) => log.append(e)));
  } finally {
    await log.close();
  }
  return { entries, warnings };
}
