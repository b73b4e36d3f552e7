// Presentation facts every format shares, read straight off the Result: how rules are
// grouped, what the caps and coverage mean in words, how a score is labelled. Nothing
// here scores anything; the band of a dimension score uses the same thresholds as the tier.
import { DIMENSIONS, DIMENSION_NAMES, type Dimension } from '../src/contract/rule.ts';
import { TIER_LABELS, tierFor, type Tier } from '../src/contract/constants.ts';
import type { Result, RuleResult } from '../src/contract/result.ts';
import { percent } from './text.ts';

export { DIMENSIONS, DIMENSION_NAMES, TIER_LABELS };
export type { Dimension, Tier };

export type ScoreKey = 'overall' | Dimension;
export const SCORE_KEYS: ScoreKey[] = ['overall', ...DIMENSIONS];

export function scoreLabel(key: ScoreKey): string {
  return key === 'overall' ? 'Overall' : `${key} ${DIMENSION_NAMES[key]}`;
}

/** The tier band a score falls in; for overall, the Result's own tier. */
export function bandOf(result: Result, key: ScoreKey): Tier | null {
  if (key === 'overall') return result.tier;
  const s = result.scores[key];
  return s === null ? null : tierFor(s);
}

export type GroupId = 'failed' | 'warnings' | 'passed' | 'not-applicable';
export interface RuleGroup { id: GroupId; title: string; rules: RuleResult[] }

const LEVEL_RANK: Record<RuleResult['level'], number> = { MUST: 0, SHOULD: 1, MAY: 2, INFO: 3 };

/**
 * Lighthouse-style groups. Errors (the scanner could not judge) sit with the failures so
 * they are not overlooked; within failures and warnings the stronger requirement comes first.
 */
export function groupRules(result: Result): RuleGroup[] {
  const byLevel = (a: RuleResult, b: RuleResult) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level];
  const of = (...statuses: RuleResult['status'][]) => result.rules.filter((r) => statuses.includes(r.status));
  return [
    { id: 'failed', title: 'Failed', rules: of('fail', 'error').sort(byLevel) },
    { id: 'warnings', title: 'Warnings', rules: of('warn').sort(byLevel) },
    { id: 'passed', title: 'Passed', rules: of('pass') },
    { id: 'not-applicable', title: 'Not applicable', rules: of('na') },
  ];
}

export const STATUS_LABELS: Record<RuleResult['status'], string> = {
  fail: 'Failed', error: 'Scanner error', warn: 'Warning', pass: 'Passed', na: 'Not applicable',
};

/** "D7 capped at 50 by cors-credentials", "Overall capped at 40 by era" */
export function capSentences(result: Result): string[] {
  return result.caps.map((c) => `${c.dimension === 'overall' ? 'Overall' : c.dimension} capped at ${c.max} by ${c.ruleId}`);
}

/** What a rule's cap does, in words, or null when it has none. */
export function ruleCapNote(r: RuleResult): string | null {
  const parts = [
    ...(r.cap !== undefined ? [`${r.dimension} at ${Math.round(r.cap * 100)}`] : []),
    ...(r.capOverall !== undefined ? [`the overall score at ${Math.round(r.capOverall * 100)}`] : []),
  ];
  return parts.length ? `This outcome caps ${parts.join(' and ')}.` : null;
}

/** "judged 80% of the weight", or null when everything applicable was judged. */
export function coverageNote(coverage: number | null): string | null {
  if (coverage === null || coverage >= 1) return null;
  return `judged ${percent(coverage)} of the weight`;
}

export function serverLabel(result: Result): string | null {
  const { name, version } = result.server;
  if (!name && !version) return null;
  return [name ?? '(unnamed)', version].filter(Boolean).join(' ');
}

export function eraLabel(result: Result): string {
  const era = { stateless: 'Stateless Streamable HTTP', session: 'Session Streamable HTTP', legacy: 'Legacy HTTP+SSE', unknown: 'Unknown' }[result.era];
  return result.transport && result.transport !== 'unknown' ? `${era} (${result.transport})` : era;
}

/** What a --quick scan could not observe, in one sentence for every format. */
export function quickNote(notObserved: readonly string[]): string {
  return notObserved.length
    ? `Quick scan: ${notObserved.join(', ')} not observed (the keep-alive cadence and buffering need the full observation window); run without --quick to judge ${notObserved.length === 1 ? 'it' : 'them'}.`
    : 'Quick scan: the GET stream was watched only until the session\'s own traffic had been seen.';
}
