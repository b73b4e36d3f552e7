// manifest.json: the machine-readable overview of a batch (or merged shards), rebuilt from
// results.jsonl at the end of every run; index.html and summary.md are rendered from it.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SCANNER } from '../contract/version.ts';
import { Tier } from '../contract/result.ts';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, INDEX_FILE, SUMMARY_FILE, type Manifest, type EndpointStatus, type Entry } from '../contract/manifest.ts';

export { INDEX_FILE, Manifest, MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, parseManifest, readManifest, SUMMARY_FILE } from '../contract/manifest.ts';
import { renderBatchIndex } from '../../reports/batchIndex.ts';
import { renderBatchSummary } from '../../reports/batchSummary.ts';

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

