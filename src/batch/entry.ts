// One endpoint of a batch, as recorded in results.jsonl (one line each) and in the
// manifest's `endpoints` array (the same shape). Small on purpose: the full Result and
// Evidence live in the endpoint's own folder; this holds what the overview, the
// assertions and `diff` need (scores, tier, counts, and each rule's status).
import path from 'node:path';
import type { Evidence } from '../contract/evidence.ts';
import type { z } from '../contract/zod.ts';
import type { Result, Status } from '../contract/result.ts';
import { NO_SCORES, type EndpointStatus, type Entry } from '../contract/manifest.ts';

export { Counts, EndpointStatus, Entry, NO_SCORES, Scores } from '../contract/manifest.ts';

/** Whether a finished scan counts as "unreachable" — the same test `agentready scan` uses for exit 3. */
export function statusOf(result: { era: string; reachable: boolean }, authBlocked: boolean): EndpointStatus {
  return result.era === 'unknown' && !(result.reachable && authBlocked) ? 'unreachable' : 'scanned';
}

export function entryFromResult(
  result: Result, evidence: Evidence | undefined, dir: string,
  reports: { format: string; path: string }[], outDir: string,
): Entry {
  const status = statusOf(result, evidence?.probes.era?.authBlocked === true);
  const rules: Record<string, z.infer<typeof Status>> = {};
  for (const r of result.rules) rules[r.id] = r.status;
  const server: Entry['server'] = {};
  if (result.server.name) server.name = result.server.name;
  if (result.server.version) server.version = result.server.version;
  return {
    url: result.url,
    dir,
    status,
    ...(status === 'unreachable' ? { reason: result.unreachableReason ?? 'no MCP transport answered' } : {}),
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    tier: result.tier,
    scores: { ...result.scores },
    counts: { ...result.counts },
    era: result.era,
    transport: result.transport,
    ...(server.name || server.version ? { server } : {}),
    rules,
    reports: relativeReports(reports, outDir),
    scanner: result.scanner.version,
    scoringVersion: result.scoringVersion,
  };
}

/** An endpoint that produced no Result: a scanner error, or one never started. */
export function emptyEntry(url: string, dir: string, status: 'error' | 'skipped', reason: string, durationMs = 0, startedAt?: string): Entry {
  return {
    url, dir, status, reason, ...(startedAt ? { startedAt } : {}), durationMs,
    tier: null, scores: { ...NO_SCORES }, counts: null, era: null, transport: null, rules: {}, reports: {},
  };
}

export function relativeReports(reports: { format: string; path: string }[], outDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of reports) out[r.format] = path.relative(outDir, r.path).split(path.sep).join('/');
  return out;
}

/** An entry was scanned (or found unreachable): the result stands, resume need not repeat it. */
export const isFinal = (e: Entry) => e.status !== 'skipped';

