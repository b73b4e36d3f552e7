// The shape of a rule: Lighthouse-style metadata, an Observatory-style table of every
// possible outcome with its score effect and fix, and a pure judge over the Evidence.
import { REVISIONS, type Revision } from './constants.ts';
import type { Evidence, Exchange, Probes } from './evidence.ts';

export type Dimension = 'D2' | 'D7' | 'D8';
export const DIMENSIONS: Dimension[] = ['D2', 'D7', 'D8'];
export const DIMENSION_NAMES: Record<Dimension, string> = {
  D2: 'API quality',
  D7: 'Security',
  D8: 'Reliability',
};

/** How strongly the spec (or, for INFO, common practice) asks for the behaviour. */
export type Level = 'MUST' | 'SHOULD' | 'MAY' | 'INFO';
export type Status = 'pass' | 'warn' | 'fail' | 'na' | 'error';

export interface SpecRef { label: string; url: string }

/** How the scan reached the server: an HTTP URL, a spawned stdio process, or a WebSocket URL. */
export type Transport = 'http' | 'stdio' | 'websocket';

export function transportOf(eraTransport: string): Transport {
  return eraTransport === 'stdio' ? 'stdio' : eraTransport === 'websocket' ? 'websocket' : 'http';
}

export interface Outcome {
  status: Status;
  /** 0..1; required for pass/warn/fail, ignored for na/error */
  score?: number;
  /** one line shown next to the rule when this outcome happens */
  summary: string;
  /** what to do about it (omit for pass) */
  fix?: string;
  /** this outcome caps its dimension's score (0..1), so one critical flaw can't hide behind passes */
  cap?: number;
  /** this outcome caps the overall score (0..1): nothing answering is not ready, whatever passed */
  capOverall?: number;
  /**
   * Revision gating of one outcome: it holds only when a judged revision lies in
   * [since, until]; otherwise the outcome named by `otherwise` is reported instead (e.g. PKCE
   * without S256 is a MUST from 2025-11-25 on and a SHOULD before).
   */
  since?: Revision;
  until?: Revision;
  otherwise?: string;
  /**
   * For a `fail` of a rule whose level is SHOULD, MAY or INFO: what breaks (which clients or
   * deployments), since only a broken MUST or a real breakage may fail (docs/RULES.md, verdict policy).
   */
  breaks?: string;
  /**
   * For `na`: the rule applies but could not be observed here (quick mode, a failed
   * probe, nothing to trigger it). Such outcomes lower coverage; true not-applicable does not.
   */
  unobserved?: boolean;
}

export interface Verdict<O extends string = string> {
  outcome: O;
  /** human-readable facts behind the outcome (status lines, header values, timings) */
  detail: string;
  /** ids of the exchanges in the transcript that show it */
  exchanges?: string[];
  data?: Record<string, unknown>;
}

export interface JudgeContext {
  evidence: Evidence;
  /** revisions this rule is judged on: the server's accepted revisions ∩ the rule's eras */
  revisions: Revision[];
  exchange(id: string | undefined): Exchange | undefined;
}

/** What a rule's level rests on: the spec text of the revision judged, or common practice (graded by consequence). */
export type Basis = 'spec' | 'practice';

export interface RuleDefinition<O extends string = string> {
  id: string;
  dimension: Dimension;
  level: Level;
  /** default 'spec'; a 'practice' rule says so in its description and is graded by what breaks */
  basis?: Basis;
  /**
   * Probe artifacts the judge reads. When one is missing from the Evidence (the probe did not
   * run), the engine reports the rule not observed, with the reason, without calling judge.
   */
  requires?: (keyof Probes)[];
  /** revisions the rule applies to; 'any' for transport-independent rules (TLS, latency…) */
  eras: Revision[] | 'any';
  /** transports the rule applies to (default: http) */
  transports?: Transport[];
  /** passing title, and the title used when it fails */
  title: string;
  failureTitle: string;
  /** why it matters, one short paragraph (Markdown links allowed) */
  description: string;
  specRefs: SpecRef[];
  outcomes: Record<O, Outcome>;
  judge(ctx: JudgeContext): Verdict<NoInfer<O>>;
}

export type Rule = RuleDefinition<string>;

/**
 * Validates a rule's outcome table against the verdict policy (docs/RULES.md) when the rule
 * is defined, so a table that breaks it never ships:
 * - pass/warn/fail carry a score in 0..1; warn and fail say how to fix it;
 * - a pass is a full pass (score 1, no fix): a shortfall worth a fix is a warn;
 * - a fail of a SHOULD/MAY/INFO rule names what it breaks (`breaks`);
 * - a revision-gated outcome names the outcome that holds outside its revisions.
 */
export function defineRule<O extends string>(rule: RuleDefinition<O>): RuleDefinition<O> {
  const outcomes = rule.outcomes as Record<string, Outcome>;
  for (const [name, o] of Object.entries(outcomes)) {
    const scored = o.status === 'pass' || o.status === 'warn' || o.status === 'fail';
    if (scored && (o.score === undefined || o.score < 0 || o.score > 1)) {
      throw new Error(`rule ${rule.id}: outcome ${name} needs a score in 0..1`);
    }
    if ((o.status === 'fail' || o.status === 'warn') && !o.fix) {
      throw new Error(`rule ${rule.id}: outcome ${name} needs a fix text`);
    }
    if (o.status === 'pass' && (o.score !== 1 || o.fix)) {
      throw new Error(`rule ${rule.id}: outcome ${name} is a pass with a shortfall (score ${o.score}${o.fix ? ', a fix' : ''}): make it a warn`);
    }
    if (o.status === 'fail' && rule.level !== 'MUST' && !o.breaks) {
      throw new Error(`rule ${rule.id}: outcome ${name} fails a ${rule.level} rule without saying what it breaks: make it a warn or set breaks`);
    }
    if ((o.since || o.until) && (!o.otherwise || !outcomes[o.otherwise] || outcomes[o.otherwise].since || outcomes[o.otherwise].until)) {
      throw new Error(`rule ${rule.id}: outcome ${name} is revision-gated and needs an ungated \`otherwise\` outcome`);
    }
    if (!o.since && !o.until && o.otherwise) throw new Error(`rule ${rule.id}: outcome ${name} has otherwise without since/until`);
  }
  return rule;
}

/** The outcome that holds for these revisions: a gated outcome outside [since, until] gives way to its `otherwise`. */
export function gateOutcome(outcomes: Record<string, Outcome>, name: string, revisions: Revision[]): string {
  const o = outcomes[name];
  if (!o || (!o.since && !o.until)) return name;
  const lo = o.since ? REVISIONS.indexOf(o.since) : 0;
  const hi = o.until ? REVISIONS.indexOf(o.until) : REVISIONS.length - 1;
  const inside = revisions.some((r) => { const i = REVISIONS.indexOf(r); return i >= lo && i <= hi; });
  return inside ? name : o.otherwise!;
}

// Spec links used across rules.
const SPEC = 'https://modelcontextprotocol.io/specification';
export const spec = {
  transports: (rev: string, anchor = '') => `${SPEC}/${rev}/basic/transports${anchor ? `#${anchor}` : ''}`,
  streamableHttp07: (anchor = '') => `${SPEC}/2026-07-28/basic/transports/streamable-http${anchor ? `#${anchor}` : ''}`,
  authorization: (rev: string, anchor = '') => `${SPEC}/${rev}/basic/authorization${anchor ? `#${anchor}` : ''}`,
  lifecycle: (rev: string, anchor = '') => `${SPEC}/${rev}/basic/lifecycle${anchor ? `#${anchor}` : ''}`,
  securityBestPractices: (rev: string, anchor = '') => `${SPEC}/${rev}/basic/security_best_practices${anchor ? `#${anchor}` : ''}`,
};
