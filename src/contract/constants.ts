// The contract's plain values: revisions and eras, schema versions, tiers. No zod here: the
// scan's start path needs these, and zod (about 100 modules, ~0.1 s to load) can wait until the
// scan is only watching streams, when the rules and the reports load. The schemas in wire.ts,
// evidence.ts and result.ts are built from these and re-export them.
import type { Evidence } from './evidence.ts';
import { SCANNER } from './version.ts';

/** MCP revisions, oldest first. The era of a revision is derived from it (see ERA_OF). */
export const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];

export const SESSION_REVISIONS: Revision[] = ['2025-03-26', '2025-06-18', '2025-11-25'];
export const STATELESS_REVISIONS: Revision[] = ['2026-07-28'];
export const ERAS = ['stateless', 'session', 'legacy', 'unknown'] as const;
export type Era = (typeof ERAS)[number];

export const ERA_OF: Record<Revision, Exclude<Era, 'unknown'>> = {
  '2024-11-05': 'legacy',
  '2025-03-26': 'session',
  '2025-06-18': 'session',
  '2025-11-25': 'session',
  '2026-07-28': 'stateless',
};

export const EVIDENCE_SCHEMA_VERSION = 1;

/** The one way any transport's scan wraps what it gathered: stamped with this scanner and schema. */
export function buildEvidence(parts: Omit<Evidence, 'schemaVersion' | 'scanner'>): Evidence {
  return { schemaVersion: EVIDENCE_SCHEMA_VERSION, scanner: SCANNER, ...parts };
}

// The Result's versions: a change that breaks readers bumps RESULT_SCHEMA_VERSION, a change in
// how scores are computed bumps SCORING_VERSION.
export const RESULT_SCHEMA_VERSION = 1;
export const SCORING_VERSION = '2.0.0';

/** `unrated`: too little could be judged (e.g. everything behind a login) to give an overall score. */
export const TIERS = ['platinum', 'gold', 'silver', 'bronze', 'not-ready', 'unrated'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = {
  platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze', 'not-ready': 'Not ready', unrated: 'Unrated',
};

/** Below this share of the applicable weight judged, a score is not given (the tier is `unrated`). */
export const MIN_COVERAGE = 0.5;

/** What a score means: the tier thresholds every report and badge shows (README › Scores). */
export function tierFor(overall: number | null): Tier {
  if (overall === null) return 'unrated';
  if (overall >= 90) return 'platinum';
  if (overall >= 75) return 'gold';
  if (overall >= 60) return 'silver';
  if (overall >= 40) return 'bronze';
  return 'not-ready';
}

/** A resume artifact keeps at most this many replayed ids; a rule cannot tell what came back past it. */
export const RESUME_REPLAYED_IDS_KEPT = 200;
