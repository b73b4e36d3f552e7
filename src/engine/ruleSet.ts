// The composition root of judging: the one place the rule set meets the judge. Everything
// else (scan, rescore, the front doors through the facade) judges through here, and the judge
// itself (judge.ts) works on whatever rule set it is handed.
import type { Evidence } from '../contract/evidence.ts';
import type { Result } from '../contract/result.ts';
import { ALL_RULES } from '../../rules/index.ts';
import { judgeWith } from './judge.ts';
import { DEFAULT_SCORING, type ScoringConfig } from './scoring.ts';

/** Every rule's id, in judging order (what a config may name). */
export const RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);

/** Judges the Evidence with every rule agentready has. */
export function judge(evidence: Evidence, cfg: ScoringConfig = DEFAULT_SCORING): Result {
  return judgeWith(ALL_RULES, evidence, cfg);
}
