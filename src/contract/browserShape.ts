// The browser artifact's enumerations, and a structural check of the artifact, without zod: the
// browser rules run on every scan and must not load zod for it (a quick scan would pay ~0.1 s).
// browserArtifact.ts builds the zod schema from the same lists; Evidence.parse (rescore, stored
// scans) is the full validation, this check only keeps a rule from reading a malformed artifact.

export const BROWSER_STEPS = [
  'initialize', 'initialized', 'tools-list', 'get-stream', // session era
  'discover', // stateless era (then tools-list)
  'legacy-connect', 'legacy-initialize', // 2024-11-05 HTTP+SSE
  'challenge', 'prm', 'as-metadata', // auth discovery (unauthenticated)
] as const;
export type BrowserStepName = (typeof BROWSER_STEPS)[number];

export const BROWSER_STEP_OUTCOMES = ['reached', 'blocked', 'refused', 'timeout', 'skipped'] as const;
export const BROWSER_BLOCKERS = ['cors-preflight', 'cors', 'header-not-exposed', 'local-network', 'mixed-content', 'scanner-allowlist', 'network', 'other'] as const;
export const BROWSER_FLOWS = ['session', 'stateless', 'legacy', 'auth-only', 'none'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (list: readonly string[], v: unknown) => typeof v === 'string' && list.includes(v);

/**
 * Where a browser artifact does not have the shape the rules read, as "path: problem"; undefined
 * when it does. Checks the fields rules dereference, not every optional detail.
 */
export function browserArtifactProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return '(root): not an object';
  if (typeof raw.available !== 'boolean') return 'available: not a boolean';
  if (!oneOf(BROWSER_FLOWS, raw.flow)) return `flow: not one of ${BROWSER_FLOWS.join(', ')}`;
  for (const key of ['allowedOrigins', 'steps', 'console', 'refusedRequests'] as const) {
    if (!Array.isArray(raw[key])) return `${key}: not an array`;
  }
  if (typeof raw.durationMs !== 'number') return 'durationMs: not a number';
  const steps = raw.steps as unknown[];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!isObject(s)) return `steps.${i}: not an object`;
    if (!oneOf(BROWSER_STEPS, s.name)) return `steps.${i}.name: not a known step`;
    if (!oneOf(BROWSER_STEP_OUTCOMES, s.outcome)) return `steps.${i}.outcome: not one of ${BROWSER_STEP_OUTCOMES.join(', ')}`;
    if (s.blockedBy !== undefined && !oneOf(BROWSER_BLOCKERS, s.blockedBy)) return `steps.${i}.blockedBy: not a known blocker`;
    for (const key of ['label', 'method', 'url'] as const) if (typeof s[key] !== 'string') return `steps.${i}.${key}: not a string`;
    if (!Array.isArray(s.requestHeaders) || !Array.isArray(s.console)) return `steps.${i}: requestHeaders and console must be arrays`;
    if (typeof s.ms !== 'number') return `steps.${i}.ms: not a number`;
    for (const key of ['status', 'networkStatus', 'preflightStatus'] as const) {
      if (s[key] !== undefined && typeof s[key] !== 'number') return `steps.${i}.${key}: not a number`;
    }
    for (const key of ['readable', 'wireHeaders', 'preflightHeaders'] as const) {
      if (s[key] !== undefined && !isObject(s[key])) return `steps.${i}.${key}: not an object`;
    }
  }
  return undefined;
}
