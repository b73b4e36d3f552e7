// The Result: the single input of every report format. Versioned (RESULT_SCHEMA_VERSION,
// SCORING_VERSION: see constants.ts).
import { z } from './zod.ts';
import { Era } from './evidence.ts';
import { RESULT_SCHEMA_VERSION, TIERS } from './constants.ts';

export { MIN_COVERAGE, RESULT_SCHEMA_VERSION, SCORING_VERSION, TIER_LABELS, tierFor } from './constants.ts';
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const Status = z.enum(['pass', 'warn', 'fail', 'na', 'error']);
export const DimensionId = z.enum(['D2', 'D7', 'D8']);

export const RuleResult = z.object({
  id: z.string(),
  dimension: DimensionId,
  level: z.enum(['MUST', 'SHOULD', 'MAY', 'INFO']),
  /** what the level rests on: the spec text, or common practice graded by consequence */
  basis: z.enum(['spec', 'practice']).optional(),
  /** the revisions this verdict was judged against (empty for transport-independent rules on no revision) */
  judgedAgainst: z.array(z.string()).optional(),
  status: Status,
  /** the outcome name from the rule's outcome table */
  outcome: z.string(),
  /** 0..1, null when not scored (na/error) */
  score: z.number().nullable(),
  weight: z.number(),
  /** title fitting the status (failure title for warn/fail) */
  title: z.string(),
  /** why it matters */
  description: z.string(),
  /** one line: what this outcome means */
  summary: z.string(),
  /** observed facts */
  detail: z.string(),
  fix: z.string().optional(),
  cap: z.number().optional(),
  capOverall: z.number().optional(),
  specRefs: z.array(z.object({ label: z.string(), url: z.string() })),
  /** transcript exchange ids */
  exchanges: z.array(z.string()),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type RuleResult = z.infer<typeof RuleResult>;

const DimScores = z.object({
  overall: z.number().nullable(),
  D2: z.number().nullable(),
  D7: z.number().nullable(),
  D8: z.number().nullable(),
});

/** The proxy/CDN in front of a server, as far as its response headers tell. */
export const Front = z.enum(['nginx', 'caddy', 'cloudflare', 'aws-alb', 'apache', 'envoy', 'vercel', 'fly', 'unknown']);
export type Front = z.infer<typeof Front>;


export const Result = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  scoringVersion: z.string(),
  scanner: z.object({ name: z.string(), version: z.string() }),
  url: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  reachable: z.boolean(),
  unreachableReason: z.string().optional(),
  /** newest era the server speaks, and every revision it accepted */
  era: Era,
  revisions: z.array(z.string()),
  transport: z.string(),
  protocolVersion: z.string().nullable(),
  server: z.object({
    name: z.string().optional(),
    version: z.string().optional(),
    /** what sits in front of it, from response headers (Server, Via, X-Powered-By, CF-Ray…) */
    fingerprint: z.record(z.string(), z.string()),
    /** the proxy or CDN most likely in front, judged from the fingerprint (fixes are tailored to it) */
    front: Front.optional(),
  }),
  /** 0..100 (integers), null when nothing in that dimension could be judged */
  scores: DimScores,
  /** share of applicable weight that could be judged, 0..1 */
  coverage: DimScores,
  tier: Tier,
  weights: z.object({ D2: z.number(), D7: z.number(), D8: z.number() }),
  caps: z.array(z.object({ ruleId: z.string(), dimension: z.union([DimensionId, z.literal('overall')]), max: z.number() })),
  rules: z.array(RuleResult),
  counts: z.object({ pass: z.number(), warn: z.number(), fail: z.number(), na: z.number(), error: z.number() }),
  /** a --quick scan: the rules its short windows could not observe (a full scan judges them) */
  quick: z.object({ notObserved: z.array(z.string()) }).optional(),
  /** probe-level problems (internal errors, deadline) */
  incidents: z.array(z.object({ probe: z.string(), message: z.string() })),
});
export type Result = z.infer<typeof Result>;
