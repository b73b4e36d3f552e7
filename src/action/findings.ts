// What the batch found, per endpoint, in the terms the action reports: each failing or
// warning rule with its title and fix (from the endpoint's result.json), and how the
// assertions treat it (level error → fails the job; warn; off; accepted by the baseline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../contract/manifest.ts';
import { Result, type RuleResult } from '../contract/result.ts';

export type Treatment = 'error' | 'warn' | 'off' | 'accepted' | 'none';

export interface Finding {
  url: string;
  id: string;
  status: 'fail' | 'warn';
  /** from result.json (absent when it could not be read) */
  rule?: RuleResult;
  /** for failing rules: what the assertions make of it ('none' without assertions, and for warnings) */
  treatment: Treatment;
}

/** Reads each endpoint's result.json (the manifest's `reports.json`); unreadable ones are left out. */
export function readResults(outDir: string, m: Manifest): Map<string, Result> {
  const out = new Map<string, Result>();
  for (const e of m.endpoints) {
    const rel = e.reports.json;
    if (!rel || rel.includes('..')) continue;
    try {
      const parsed = Result.safeParse(JSON.parse(readFileSync(path.join(outDir, rel), 'utf8')));
      if (parsed.success) out.set(e.url, parsed.data);
    } catch { /* left out: the summary says the report is missing */ }
  }
  return out;
}

const key = (url: string, rule: string) => `${url}\n${rule}`;

export function findingsOf(m: Manifest, results: Map<string, Result>): Map<string, Finding[]> {
  const a = m.assertions;
  const errors = new Set((a?.failures ?? []).filter((f) => f.kind === 'rule').map((f) => key(f.url, f.assertion)));
  const warns = new Set((a?.warnings ?? []).flatMap((w) => w.urls.map((u) => key(u, w.rule))));
  const accepted = new Set((a?.accepted ?? []).map((x) => key(x.url, x.rule)));
  const treat = (url: string, id: string): Treatment => {
    if (!a) return 'none';
    const k = key(url, id);
    return errors.has(k) ? 'error' : accepted.has(k) ? 'accepted' : warns.has(k) ? 'warn' : 'off';
  };
  const out = new Map<string, Finding[]>();
  for (const e of m.endpoints) {
    const list: Finding[] = [];
    const result = results.get(e.url);
    const seen = new Set<string>();
    // result.json in report order; the manifest's rule map for anything it lacks
    for (const r of result?.rules ?? []) {
      if ((r.status !== 'fail' && r.status !== 'warn') || seen.has(r.id)) continue;
      seen.add(r.id);
      list.push({ url: e.url, id: r.id, status: r.status, rule: r, treatment: r.status === 'fail' ? treat(e.url, r.id) : 'none' });
    }
    for (const [id, status] of Object.entries(e.rules)) {
      if ((status !== 'fail' && status !== 'warn') || seen.has(id)) continue;
      list.push({ url: e.url, id, status, treatment: status === 'fail' ? treat(e.url, id) : 'none' });
    }
    // failures first
    list.sort((x, y) => (x.status === y.status ? 0 : x.status === 'fail' ? -1 : 1));
    out.set(e.url, list);
  }
  return out;
}
