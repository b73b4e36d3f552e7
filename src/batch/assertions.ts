// Judging a batch against its assertions: score thresholds (config minScore/minScores and
// --fail-under), per-rule levels (off/warn/error, default warn) and the baseline of
// accepted failures. Only `error` findings fail the job (exit 1).
import type { AssertionFinding, AssertionReport, Entry } from '../contract/manifest.ts';

export { AssertionFinding, AssertionReport } from '../contract/manifest.ts';
import { thresholdsFor, type AssertionConfig, type Thresholds } from './config.ts';

const DIMS = ['D2', 'D7', 'D8'] as const;

function notScored(e: Entry): string {
  return e.status === 'skipped' ? `not scanned (${e.reason ?? 'skipped'})` : e.status === 'error' ? `scanner error (${e.reason ?? 'unknown'})` : 'could not be judged';
}

export function evaluateAssertions(entries: Entry[], config: AssertionConfig | undefined, failUnder?: number): AssertionReport {
  const failures: AssertionFinding[] = [];
  const warnings = new Map<string, string[]>();
  const accepted: AssertionReport['accepted'] = [];
  const stale: AssertionReport['stale'] = [];
  let hidden = 0;
  for (const e of entries) {
    const t: Thresholds = config ? thresholdsFor(config, e.url) : { minScores: {}, rules: {} };
    const overall = e.scores.overall;
    const scoreCheck = (assertion: string, min: number | undefined, value: number | null, what: string) => {
      if (min === undefined) return;
      if (value === null) failures.push({ url: e.url, assertion, kind: 'score', message: `${what} score is missing (${notScored(e)}); ${assertion} needs ${min}` });
      else if (value < min) failures.push({ url: e.url, assertion, kind: 'score', message: `${what} score ${value} is below ${assertion} ${min}` });
    };
    scoreCheck('minScore', t.minScore, overall, 'overall');
    for (const d of DIMS) scoreCheck(`minScores.${d}`, t.minScores[d], e.scores[d], d);
    scoreCheck('--fail-under', failUnder, overall, 'overall');

    const base = config?.baseline?.accepted.get(e.url);
    for (const [rule, status] of Object.entries(e.rules)) {
      if (status !== 'fail') continue;
      const level = t.rules[rule] ?? 'warn';
      if (level === 'off') { hidden++; continue; }
      if (base?.has(rule)) { accepted.push({ url: e.url, rule }); continue; }
      if (level === 'error') failures.push({ url: e.url, assertion: rule, kind: 'rule', message: `rule ${rule} failed (level error)` });
      else {
        const list = warnings.get(rule) ?? [];
        list.push(e.url);
        warnings.set(rule, list);
      }
    }
    // Stale: accepted failures that no longer fail, on endpoints that were actually judged.
    if (base && (e.status === 'scanned' || e.status === 'unreachable')) {
      for (const rule of base) {
        const now = e.rules[rule];
        if (now !== 'fail') stale.push({ url: e.url, rule, now: now ?? 'not judged' });
      }
    }
  }
  return {
    ok: failures.length === 0,
    config: config?.file ?? null,
    baseline: config?.baseline?.file ?? null,
    failUnder: failUnder ?? null,
    failures,
    warnings: [...warnings].map(([rule, urls]) => ({ rule, urls })).sort((a, b) => b.urls.length - a.urls.length || a.rule.localeCompare(b.rule)),
    accepted,
    stale,
    hidden,
  };
}

/** Whether any assertion was configured at all (otherwise the report is mostly noise). */
export function hasAssertions(config: AssertionConfig | undefined, failUnder?: number): boolean {
  return failUnder !== undefined || config !== undefined;
}
