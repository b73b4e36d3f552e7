// What a batch writes down: one Entry per endpoint (results.jsonl and the manifest's
// endpoints), the assertion report, and manifest.json itself — read back by merge, diff,
// the Action and the batch index/summary renderers.
import { readFile } from 'node:fs/promises';
import { z } from './zod.ts';
import { Status as RuleStatus, Tier } from './result.ts';

export const EndpointStatus = z.enum(['scanned', 'unreachable', 'error', 'skipped']);
export type EndpointStatus = z.infer<typeof EndpointStatus>;

const Score = z.number().nullable();
export const Scores = z.object({ overall: Score, D2: Score, D7: Score, D8: Score });
export type Scores = z.infer<typeof Scores>;
export const NO_SCORES: Scores = { overall: null, D2: null, D7: null, D8: null };

export const Counts = z.object({ pass: z.number(), warn: z.number(), fail: z.number(), na: z.number(), error: z.number() });

export const Entry = z.object({
  url: z.string(),
  /** the endpoint's report folder, relative to the batch output directory */
  dir: z.string(),
  status: EndpointStatus,
  /** why it is unreachable, the scanner error, or why it was skipped */
  reason: z.string().optional(),
  startedAt: z.string().optional(),
  durationMs: z.number(),
  tier: Tier.nullable(),
  scores: Scores,
  counts: Counts.nullable(),
  era: z.string().nullable(),
  transport: z.string().nullable(),
  server: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  /** rule id → status, for every rule judged */
  rules: z.record(z.string(), RuleStatus),
  /** report files by format (html, json, md, sarif, junit, evidence), relative to the output directory, '/'-separated */
  reports: z.record(z.string(), z.string()),
  scanner: z.string().optional(),
  scoringVersion: z.string().optional(),
});
export type Entry = z.infer<typeof Entry>;

export const AssertionFinding = z.object({
  url: z.string(),
  /** minScore, minScores.D7, fail-under, or the rule id */
  assertion: z.string(),
  kind: z.enum(['score', 'rule']),
  message: z.string(),
});
export type AssertionFinding = z.infer<typeof AssertionFinding>;

export const AssertionReport = z.object({
  ok: z.boolean(),
  config: z.string().nullable(),
  baseline: z.string().nullable(),
  failUnder: z.number().nullable(),
  /** `error` findings: these fail the job */
  failures: z.array(AssertionFinding),
  /** failing rules at level `warn` (the default), grouped by rule */
  warnings: z.array(z.object({ rule: z.string(), urls: z.array(z.string()) })),
  /** failures the baseline accepts */
  accepted: z.array(z.object({ url: z.string(), rule: z.string() })),
  /** baseline entries whose rule no longer fails */
  stale: z.array(z.object({ url: z.string(), rule: z.string(), now: z.string() })),
  /** failing rules hidden by level `off` */
  hidden: z.number(),
});
export type AssertionReport = z.infer<typeof AssertionReport>;

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

/** manifest.json, read and validated: every problem is one line naming the file. */
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
