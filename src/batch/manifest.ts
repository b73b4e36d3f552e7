// manifest.json: the machine-readable overview of a batch (or merged shards), rebuilt from
// results.jsonl at the end of every run; index.html and summary.md are rendered from it.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SCANNER } from '../version.ts';
import { Tier } from '../result.ts';
import { Entry, type EndpointStatus } from './entry.ts';
import { AssertionReport } from './assertions.ts';
import { renderBatchIndex } from '../../reports/batchIndex.ts';
import { renderBatchSummary } from '../../reports/batchSummary.ts';

export const MANIFEST_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const INDEX_FILE = 'index.html';
export const SUMMARY_FILE = 'summary.md';

const ShardInfo = z.object({ index: z.number(), count: z.number() });

export const Manifest = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  kind: z.literal('agentready-batch'),
  scanner: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.string(),
  /** the list this batch scanned (absent for merges) */
  list: z.object({ source: z.string(), urls: z.number(), invalid: z.number(), duplicates: z.number() }).optional(),
  shard: ShardInfo.nullable(),
  /** for `agentready merge`: the inputs */
  mergedFrom: z.array(z.object({ dir: z.string(), shard: ShardInfo.nullable(), endpoints: z.number() })).optional(),
  /** scan settings shared by every endpoint (never the header values) */
  options: z.record(z.string(), z.unknown()),
  totals: z.object({
    endpoints: z.number(),
    scanned: z.number(),
    unreachable: z.number(),
    error: z.number(),
    skipped: z.number(),
    tiers: z.record(Tier, z.number()),
    /** mean overall score over the endpoints that have one */
    meanOverall: z.number().nullable(),
    /** sum of the scans' own durations */
    scanMs: z.number(),
  }),
  assertions: AssertionReport.nullable(),
  /** sorted by URL */
  endpoints: z.array(Entry),
});
export type Manifest = z.infer<typeof Manifest>;

export function totalsOf(entries: Entry[]): Manifest['totals'] {
  const by = (s: EndpointStatus) => entries.filter((e) => e.status === s).length;
  const tiers = Object.fromEntries(Tier.options.map((x) => [x, 0])) as Record<Tier, number>;
  let sum = 0;
  let n = 0;
  let scanMs = 0;
  for (const e of entries) {
    if (e.tier && (e.status === 'scanned' || e.status === 'unreachable')) tiers[e.tier]++;
    if (e.scores.overall !== null) { sum += e.scores.overall; n++; }
    scanMs += e.durationMs;
  }
  return {
    endpoints: entries.length, scanned: by('scanned'), unreachable: by('unreachable'), error: by('error'), skipped: by('skipped'),
    tiers, meanOverall: n ? Math.round((sum / n) * 10) / 10 : null, scanMs,
  };
}

export function buildManifest(entries: Entry[], meta: Pick<Manifest, 'shard' | 'options' | 'assertions'> & Partial<Pick<Manifest, 'list' | 'mergedFrom'>>): Manifest {
  const sorted = [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    kind: 'agentready-batch',
    scanner: { name: SCANNER.name, version: SCANNER.version },
    generatedAt: new Date().toISOString(),
    ...(meta.list ? { list: meta.list } : {}),
    shard: meta.shard,
    ...(meta.mergedFrom ? { mergedFrom: meta.mergedFrom } : {}),
    options: meta.options,
    totals: totalsOf(sorted),
    assertions: meta.assertions,
    endpoints: sorted,
  };
}

/** Writes manifest.json, index.html and summary.md (each via a temporary file and rename). */
export async function writeBatchOutputs(out: string, manifest: Manifest): Promise<{ manifest: string; index: string; summary: string }> {
  const files = {
    manifest: path.join(out, MANIFEST_FILE),
    index: path.join(out, INDEX_FILE),
    summary: path.join(out, SUMMARY_FILE),
  };
  await atomicWrite(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  await atomicWrite(files.index, renderBatchIndex(manifest));
  await atomicWrite(files.summary, renderBatchSummary(manifest));
  return files;
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** Reads and validates a manifest; `where` names it in errors. Throws Error with a one-line message. */
export async function readManifest(file: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(err as Error).message.split('\n')[0]})`}`);
  }
  return parseManifest(raw, file);
}

export function parseManifest(raw: unknown, file: string): Manifest {
  const r = Manifest.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${file}: not an agentready batch manifest (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return r.data;
}

export function isBatchDir(dir: string): boolean {
  return existsSync(path.join(dir, MANIFEST_FILE)) || existsSync(path.join(dir, 'results.jsonl'));
}
