// judge → score: runs every rule over the Evidence and builds the Result. Pure: no network,
// no clock, so `rescore` on saved evidence gives the same Result as the live scan did.
import { ERA_OF, RESULT_SCHEMA_VERSION, SCORING_VERSION, type Revision } from '../contract/constants.ts';
import type { Evidence, Exchange } from '../contract/evidence.ts';
import type { Result, RuleResult } from '../contract/result.ts';
import { gateOutcome, transportOf, type JudgeContext, type Outcome, type Rule, type SpecRef } from '../contract/rule.ts';
import { DEFAULT_SCORING, ruleWeight, score, type ScoringConfig } from './scoring.ts';
import { fingerprint, frontOf } from './fingerprint.ts';
import { discovery03Works } from '../contract/authDiscovery.ts';

const originOf = (url: string) => { try { return new URL(url).origin; } catch { return ''; } };

/** `exchanges`: the transcript by id, when the caller judges many rules over the same Evidence */
/** Behind a login the revision is unknown: these are the ones an auth verdict may be valid for, newest first. */
const BEHIND_AUTH: Revision[] = ['2025-11-25', '2025-06-18', '2025-03-26'];
const RANK: Record<string, number> = { pass: 3, na: 3, warn: 2, fail: 1, error: 0 };

export function judgeRule(rule: Rule, evidence: Evidence, cfg: ScoringConfig = DEFAULT_SCORING, exchanges?: Map<string, Exchange>): RuleResult {
  const era = evidence.probes.era;
  if (era.revisions.length === 0 && era.authBlocked && rule.eras !== 'any' && rule.dimension === 'D7') {
    return judgeBehindAuth(rule, evidence, cfg, exchanges);
  }
  return judgeFor(rule, evidence, cfg, exchanges);
}

/**
 * A 401 hides the revision. Judge against the current one (2025-11-25); when the server falls
 * short there but does what an older revision asks (2025-03-26 metadata at the MCP server's
 * origin, or its default endpoints), clients still fall back to that: a warn naming the
 * revision, not a fail.
 */
function judgeBehindAuth(rule: Rule, evidence: Evidence, cfg: ScoringConfig, exchanges?: Map<string, Exchange>): RuleResult {
  const current = judgeFor(rule, evidence, cfg, exchanges, ['2025-11-25']);
  // only a failure can be an older revision's right answer; a warn (no CORS on a document) is one anyway.
  // Nor can a pass — but a rule 2025-11-25 cannot judge for want of what that revision requires (no
  // protected-resource metadata to name an authorization server) may still hold for an older one.
  const unobservedNow = current.status === 'na' && current.data?.unobserved === true;
  if (current.status !== 'fail' && !unobservedNow) return current;
  // a challenge naming resource_metadata, or a protected-resource metadata document served, is
  // 2025-06-18-or-later discovery: clients follow it and stop at its faults (the SDK client throws
  // on a `resource` that does not match), so an older revision's lookups do not stand in for it;
  // nor when 2025-11-25 could not be judged because that document was out of reach
  const auth = evidence.probes.auth;
  if (auth?.challenge?.params?.resource_metadata || auth?.prm?.document !== undefined) return current;
  for (const older of BEHIND_AUTH.slice(1)) {
    const then = judgeFor(rule, evidence, cfg, exchanges, [older]);
    if (then.status === 'error' || (then.status === 'na' && then.data?.unobserved)) continue;
    // "Not part of 2025-03-26" helps only a server that does 2025-03-26's discovery instead.
    if (then.status === 'na' && older === '2025-03-26' && discovery03Works(evidence.probes.auth, originOf(evidence.url)) === false) continue;
    if (unobservedNow ? then.status !== 'pass' && then.status !== 'warn' : RANK[then.status] <= RANK[current.status]) continue;
    const valid = then.status === 'na' ? `not part of ${older}` : `${then.status === 'pass' ? 'right' : 'a warn'} for ${older} (${then.outcome})`;
    return {
      ...current,
      status: 'warn', outcome: 'olderRevisionOnly', score: Math.min(0.6, then.score ?? 0.6), cap: undefined, fix: current.fix ?? then.fix,
      title: rule.failureTitle,
      summary: `Behind the 401 the revision is unknown: this is what ${older} asks for, which current clients still fall back to, but not what 2025-11-25 asks for.`,
      detail: `Judged against 2025-11-25: ${current.summary} ${current.detail} Against ${older}: ${valid}.`,
      judgedAgainst: ['2025-11-25', older],
      data: { ...withoutUnobserved(current.data), currentOutcome: current.outcome, olderOutcome: then.outcome, validFor: older },
    };
  }
  return current;
}

/** revisions the server takes only when offered directly, which this rule would apply to: said, not judged */
function alsoNote(also: Revision[] | undefined, eras: Revision[]): string {
  const relevant = (also ?? []).filter((r) => eras.includes(r));
  return relevant.length ? ` to current clients (it accepts ${relevant.join(', ')} only when a client offers exactly that)` : '';
}

/** a warn is an observation: the 'not observed' mark of the current revision's verdict does not carry over */
function withoutUnobserved(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const { unobserved: _, ...rest } = data ?? {};
  return rest;
}

function judgeFor(rule: Rule, evidence: Evidence, cfg: ScoringConfig, exchanges?: Map<string, Exchange>, override?: Revision[]): RuleResult {
  const era = evidence.probes.era;
  // Behind a login we cannot see the revision; judge auth and transport-independent rules
  // as for the current session-era revision rather than leaving them all not-applicable.
  const accepted: Revision[] = override ?? (era.revisions.length === 0 && era.authBlocked ? ['2025-11-25'] : era.revisions);
  const revisions: Revision[] = rule.eras === 'any' ? accepted : accepted.filter((r) => (rule.eras as Revision[]).includes(r));
  const weight = ruleWeight(rule.id, rule.level, cfg);
  const base = {
    id: rule.id, dimension: rule.dimension, level: rule.level, basis: rule.basis ?? 'spec', weight,
    description: rule.description, specRefs: specRefsFor(rule.specRefs, revisions),
    ...(revisions.length ? { judgedAgainst: revisions } : {}),
  };
  const transport = transportOf(era.transport);
  if (!(rule.transports ?? ['http']).includes(transport)) {
    return {
      ...base, status: 'na', outcome: 'transport-not-applicable', score: null, title: rule.title,
      summary: `Applies to ${(rule.transports ?? ['http']).join('/')} scans only.`,
      detail: `This scan used the ${transport} transport.`,
      exchanges: [],
    };
  }
  if (rule.eras !== 'any' && revisions.length === 0) {
    const eras = [...new Set((rule.eras as Revision[]).map((r) => ERA_OF[r]))].join('/');
    // behind a login the revision is an assumption (2025-11-25), not something the server said
    if (!override && era.revisions.length === 0 && era.authBlocked) {
      return {
        ...base, status: 'na', outcome: 'not-observed', score: null, title: rule.title,
        summary: 'Not observed: behind the login the server\'s revision is unknown.',
        detail: `Every transport probe was answered 401/403, so which revision the server speaks is unknown; this rule applies to ${(rule.eras as Revision[]).join(', ')} (scan with a token to judge it).`,
        exchanges: [], data: { unobserved: true },
      };
    }
    const spoken = accepted.length ? accepted.join(', ') : 'no MCP revision detected';
    return {
      ...base, status: 'na', outcome: 'era-not-applicable', score: null, title: rule.title,
      summary: `Applies to the ${eras} era only.`,
      detail: `The server speaks ${spoken}${alsoNote(era.alsoAccepted, rule.eras as Revision[])}; this rule applies to ${(rule.eras as Revision[]).join(', ')}.`,
      exchanges: [],
    };
  }
  // "Not observed" is produced here, once, for every rule whose probe did not run.
  const missing = (rule.requires ?? []).filter((k) => evidence.probes[k] === undefined);
  if (missing.length) {
    return {
      ...base, status: 'na', outcome: 'not-observed', score: null, title: rule.title,
      summary: 'Not observed: the probe this rule judges did not run on this server.',
      detail: `No ${missing.join(', ')} evidence in this scan${era.reachable ? '' : ' (the endpoint did not answer)'}.`,
      exchanges: [], data: { unobserved: true },
    };
  }
  const byId = exchanges ?? transcriptById(evidence);
  const ctx: JudgeContext = { evidence, revisions, exchange: (id) => (id ? byId.get(id) : undefined) };
  try {
    const raw = rule.judge(ctx);
    const verdict = { ...raw, outcome: gateOutcome(rule.outcomes as Record<string, Outcome>, raw.outcome, revisions) };
    const outcome = (rule.outcomes as Record<string, Outcome>)[verdict.outcome];
    if (!outcome) throw new Error(`judge returned unknown outcome "${verdict.outcome}"`);
    const scored = outcome.status === 'pass' || outcome.status === 'warn' || outcome.status === 'fail';
    const data = outcome.unobserved ? { ...(verdict.data ?? {}), unobserved: true } : verdict.data;
    return {
      ...base,
      status: outcome.status,
      outcome: verdict.outcome,
      score: scored ? (outcome.score as number) : null,
      title: outcome.status === 'fail' || outcome.status === 'warn' ? rule.failureTitle : rule.title,
      summary: outcome.summary,
      detail: verdict.detail,
      fix: outcome.fix,
      cap: outcome.cap,
      ...(outcome.capOverall !== undefined ? { capOverall: outcome.capOverall } : {}),
      exchanges: verdict.exchanges ?? [],
      ...(data ? { data } : {}),
    };
  } catch (err) {
    // A rule that throws on odd evidence is our bug, not the server's: report it, don't crash.
    return {
      ...base, status: 'error', outcome: 'rule-error', score: null, title: rule.title,
      summary: 'The rule could not judge this evidence (scanner bug).',
      detail: err instanceof Error ? err.message : String(err),
      exchanges: [],
    };
  }
}

const SESSION_PAGE = /^(https:\/\/modelcontextprotocol\.io\/specification\/)(2025-03-26|2025-06-18|2025-11-25)(\/basic\/(?:transports|lifecycle)(?:#.*)?)$/;

/**
 * Spec links point at the revision actually judged: a session-era page written for 2025-11-25
 * links to the newest session revision the server speaks (those pages keep their section names).
 */
function specRefsFor(refs: SpecRef[], revisions: Revision[]): SpecRef[] {
  const judged = revisions.find((r) => r === '2025-11-25' || r === '2025-06-18' || r === '2025-03-26');
  if (!judged) return refs;
  return refs.map((ref) => {
    const m = SESSION_PAGE.exec(ref.url);
    return m && m[2] !== judged ? { label: ref.label, url: `${m[1]}${judged}${m[3]}` } : ref;
  });
}

const transcriptById = (evidence: Evidence) => new Map<string, Exchange>(evidence.transcript.map((x) => [x.id, x]));

/** Judges the Evidence with the given rule set (src/engine/ruleSet.ts binds ours). */
export function judgeWith(rules: readonly Rule[], evidence: Evidence, cfg: ScoringConfig = DEFAULT_SCORING): Result {
  const exchanges = transcriptById(evidence);
  return assembleResult(evidence, rules.map((r) => judgeRule(r, evidence, cfg, exchanges)), cfg);
}

/** Scores rule results and wraps them, with the scan's facts, into a Result. */
export function assembleResult(evidence: Evidence, ruleResults: RuleResult[], cfg: ScoringConfig = DEFAULT_SCORING, serverInfo?: { name?: string; version?: string }): Result {
  const s = score(ruleResults, cfg);
  const { era, initialize, discover } = evidence.probes;
  const info = serverInfo ?? initialize?.serverInfo ?? discover?.serverInfo ?? evidence.probes.legacy?.initialize?.serverInfo;
  const counts = { pass: 0, warn: 0, fail: 0, na: 0, error: 0 };
  for (const r of ruleResults) counts[r.status]++;
  const fp = fingerprint(evidence.transcript);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scoringVersion: SCORING_VERSION,
    scanner: evidence.scanner,
    url: evidence.url,
    startedAt: evidence.startedAt,
    durationMs: evidence.durationMs,
    reachable: era.reachable,
    ...(era.unreachableReason ? { unreachableReason: era.unreachableReason } : {}),
    era: era.era,
    revisions: era.revisions,
    transport: era.transport,
    protocolVersion: era.protocolVersion ?? null,
    server: { ...(info?.name ? { name: info.name } : {}), ...(info?.version ? { version: info.version } : {}), fingerprint: fp, front: frontOf(fp) },
    scores: s.scores,
    coverage: s.coverage,
    tier: s.tier,
    weights: cfg.dimensionWeights,
    caps: s.caps,
    rules: ruleResults,
    counts,
    ...(evidence.options.quick ? { quick: { notObserved: ruleResults.filter((r) => r.outcome === 'quick').map((r) => r.id) } } : {}),
    incidents: evidence.incidents,
  };
}
