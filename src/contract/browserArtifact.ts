// The `browser` artifact of the Evidence: what the real-browser probe (src/gather/browser.ts)
// observed, step by step. Only zod here, so evidence.ts beside it can import it without a cycle.
import { z } from './zod.ts';

import { BROWSER_BLOCKERS, BROWSER_FLOWS, BROWSER_STEP_OUTCOMES, BROWSER_STEPS } from './browserShape.ts';

export { BROWSER_STEPS, type BrowserStepName } from './browserShape.ts';

export const BrowserStep = z.object({
  name: z.enum(BROWSER_STEPS),
  /** what was attempted, e.g. "POST tools/list with Mcp-Session-Id, MCP-Protocol-Version" */
  label: z.string(),
  method: z.string(),
  url: z.string(),
  /** request header names sent (values are not kept: some are the user's credentials) */
  requestHeaders: z.array(z.string()),
  /**
   * reached: script got the response and what it needed from it; blocked: the browser kept it
   * from script (CORS, an unexposed header, mixed content…); refused: script read an HTTP or
   * JSON-RPC error; timeout: no answer in time; skipped: not attempted (see reason).
   */
  outcome: z.enum(BROWSER_STEP_OUTCOMES),
  blockedBy: z.enum(BROWSER_BLOCKERS).optional(),
  /** our one-line account of the outcome */
  reason: z.string().optional(),
  /** status as script saw it */
  status: z.number().optional(),
  /** status as the browser's network layer saw it (also when CORS hid it from script) */
  networkStatus: z.number().optional(),
  preflightStatus: z.number().optional(),
  /** CORS headers of the preflight answer, as received */
  preflightHeaders: z.record(z.string(), z.string()).optional(),
  /** the rejection script got (e.g. "TypeError: Failed to fetch") */
  scriptError: z.string().optional(),
  /** Chromium's CORS verdict (CDP corsErrorStatus) and net error */
  corsError: z.string().optional(),
  corsParameter: z.string().optional(),
  netError: z.string().optional(),
  /** console errors and warnings the browser logged during the step */
  console: z.array(z.string()),
  /** response headers script tried to read: value, or null when unreadable */
  readable: z.record(z.string(), z.string().nullable()).optional(),
  /** CORS/MCP response headers as they arrived on the wire (readable or not) */
  wireHeaders: z.record(z.string(), z.string()).optional(),
  contentType: z.string().optional(),
  rpc: z.object({ answered: z.boolean(), errorCode: z.number().optional(), errorMessage: z.string().optional() }).optional(),
  /** get-stream: the first bytes read; undefined when nothing came within the read window */
  firstChunk: z.string().optional(),
  timedOutAt: z.string().optional(),
  /** prm: where the URL came from */
  via: z.enum(['www-authenticate', 'well-known', 'prm']).optional(),
  /** a note on how the step was run (e.g. it used the session id seen on the wire) */
  note: z.string().optional(),
  ms: z.number(),
});
export type BrowserStep = z.infer<typeof BrowserStep>;

export const BrowserArtifact = z.object({
  /** a browser ran the check (false: none could be started — or, with flow "none", none was needed) */
  available: z.boolean(),
  unavailableReason: z.string().optional(),
  browserVersion: z.string().optional(),
  /** the page's origin: the Origin the browser sent */
  pageOrigin: z.string().optional(),
  /** the origin the header-based CORS probes sent, for comparison */
  headerProbeOrigin: z.string().optional(),
  /** which client conversation was run */
  flow: z.enum(BROWSER_FLOWS),
  protocolVersion: z.string().optional(),
  /** origins the page could reach besides itself; everything else was refused */
  allowedOrigins: z.array(z.string()),
  steps: z.array(BrowserStep),
  /** the unauthenticated request got 401 on the wire (undefined: not observed) */
  authRequired: z.boolean().optional(),
  /** every console line of the run (capped) */
  console: z.array(z.object({ type: z.string(), text: z.string(), at: z.number(), step: z.string().optional() })),
  /** requests the allow-list refused (a redirect or metadata URL elsewhere) */
  refusedRequests: z.array(z.string()),
  /** the run was cut short: budget, scan deadline, browser failure */
  incomplete: z.string().optional(),
  /** ms to launch the browser, when this scan launched it */
  launchMs: z.number().optional(),
  /** ms to open the context and load the page */
  openMs: z.number().optional(),
  durationMs: z.number(),
});
export type BrowserArtifact = z.infer<typeof BrowserArtifact>;

