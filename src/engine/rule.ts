// The shape of a rule: Lighthouse-style metadata, an Observatory-style table of every
// possible outcome with its score effect and fix, and a pure judge over the Evidence.
import type { Evidence, Exchange, Revision } from '../evidence.ts';

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

export interface RuleDefinition<O extends string = string> {
  id: string;
  dimension: Dimension;
  level: Level;
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
  judge(ctx: JudgeContext): Verdict<O>;
}

export type Rule = RuleDefinition<string>;

export function defineRule<O extends string>(rule: RuleDefinition<O>): RuleDefinition<O> {
  for (const [name, o] of Object.entries(rule.outcomes) as [string, Outcome][]) {
    const scored = o.status === 'pass' || o.status === 'warn' || o.status === 'fail';
    if (scored && (o.score === undefined || o.score < 0 || o.score > 1)) {
      throw new Error(`rule ${rule.id}: outcome ${name} needs a score in 0..1`);
    }
    if ((o.status === 'fail' || o.status === 'warn') && !o.fix) {
      throw new Error(`rule ${rule.id}: outcome ${name} needs a fix text`);
    }
  }
  return rule;
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
