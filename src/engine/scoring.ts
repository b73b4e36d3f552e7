// Weights live here, not in rules: a rule says what it found, the scoring config says
// how much that matters. Overridable through ScoringConfig.
import type { Dimension, Level } from '../contract/rule.ts';
import { MIN_COVERAGE, tierFor, type Tier } from '../contract/constants.ts';
import type { RuleResult } from '../contract/result.ts';

export interface ScoringConfig {
  /** published agent-readiness weights of these three dimensions */
  dimensionWeights: { D2: number; D7: number; D8: number };
  levelWeights: { MUST: number; SHOULD: number; MAY: number; INFO: number };
  /** per-rule weight overrides, by rule id */
  ruleWeights: Record<string, number>;
}
// a plain value (no schema): judging loads no zod
export const DEFAULT_SCORING: ScoringConfig = Object.freeze({
  dimensionWeights: Object.freeze({ D2: 15, D7: 12, D8: 13 }),
  levelWeights: Object.freeze({ MUST: 3, SHOULD: 2, MAY: 1, INFO: 0.5 }),
  ruleWeights: Object.freeze({}) as Record<string, number>,
});

/** Rules whose weight differs from their level's default, and why. */
export const DEFAULT_RULE_WEIGHTS: Record<string, number> = {
  // Detecting the era is the gate to everything else: if no MCP transport answers, nothing works.
  era: 5,
  // Informative only: no MCP revision defines it.
  'websocket-upgrade': 0.25,
};

export function ruleWeight(id: string, level: Level, cfg: ScoringConfig): number {
  return cfg.ruleWeights[id] ?? DEFAULT_RULE_WEIGHTS[id] ?? cfg.levelWeights[level];
}

/** Below this share of the applicable weight judged, no overall score or tier is given. */
export { MIN_COVERAGE, tierFor } from '../contract/constants.ts';

export interface Scores {
  scores: { overall: number | null } & Record<Dimension, number | null>;
  coverage: { overall: number | null } & Record<Dimension, number | null>;
  caps: { ruleId: string; dimension: Dimension | 'overall'; max: number }[];
  tier: Tier;
}

const isScored = (r: RuleResult) => r.status === 'pass' || r.status === 'warn' || r.status === 'fail';
/** could have been judged but was not: errors and unobserved na */
const isUnjudged = (r: RuleResult) => r.status === 'error' || (r.status === 'na' && r.data?.unobserved === true);

export function score(rules: RuleResult[], cfg: ScoringConfig = DEFAULT_SCORING): Scores {
  const dims: Dimension[] = ['D2', 'D7', 'D8'];
  const scores = { overall: null, D2: null, D7: null, D8: null } as Scores['scores'];
  const coverage = { overall: null, D2: null, D7: null, D8: null } as Scores['coverage'];
  const caps: Scores['caps'] = [];
  let judgedAll = 0;
  let applicableAll = 0;
  for (const d of dims) {
    const inDim = rules.filter((r) => r.dimension === d);
    const scored = inDim.filter(isScored);
    const judgedWeight = scored.reduce((s, r) => s + r.weight, 0);
    const unjudgedWeight = inDim.filter(isUnjudged).reduce((s, r) => s + r.weight, 0);
    judgedAll += judgedWeight;
    applicableAll += judgedWeight + unjudgedWeight;
    if (judgedWeight + unjudgedWeight > 0) coverage[d] = round2(judgedWeight / (judgedWeight + unjudgedWeight));
    if (judgedWeight === 0) continue;
    let s = scored.reduce((acc, r) => acc + r.weight * (r.score ?? 0), 0) / judgedWeight;
    for (const r of scored) {
      if (r.cap !== undefined && s > r.cap) {
        caps.push({ ruleId: r.id, dimension: d, max: Math.round(r.cap * 100) });
      }
    }
    const cap = Math.min(1, ...scored.filter((r) => r.cap !== undefined).map((r) => r.cap as number));
    s = Math.min(s, cap);
    scores[d] = Math.round(s * 100);
  }
  let num = 0;
  let den = 0;
  for (const d of dims) {
    const v = scores[d];
    if (v === null) continue;
    num += cfg.dimensionWeights[d] * v;
    den += cfg.dimensionWeights[d];
  }
  coverage.overall = applicableAll > 0 ? round2(judgedAll / applicableAll) : null;
  // A score over a third of the evidence would mislead (a login wall hides D2 and D8): say so instead.
  const enough = coverage.overall === null || coverage.overall >= MIN_COVERAGE;
  scores.overall = den > 0 && enough ? Math.round(num / den) : null;
  for (const r of rules) {
    if (r.capOverall === undefined || !isScored(r)) continue;
    const max = Math.round(r.capOverall * 100);
    if (scores.overall === null || scores.overall > max) {
      caps.push({ ruleId: r.id, dimension: 'overall', max });
      scores.overall = max;
    }
  }
  return { scores, coverage, caps, tier: tierFor(scores.overall) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
