// The Evidence document: everything a scan observed, and nothing it judged.
// Probes write it, rules read it, `rescore` re-reads it from disk, and rule tests use
// recorded copies of it as fixtures. Every field that came from the scanned server is
// untrusted text; renderers escape it.
import { z } from './zod.ts';
import { BrowserArtifact } from './browserArtifact.ts';
import { Exchange } from './wire.ts';
import { AuthArtifact, BatchArtifact, CorsArtifact, DiscoverArtifact, EraArtifact, GetStreamArtifact, InitializeArtifact, IsolationArtifact, LatencyArtifact, LegacyArtifact, NotificationArtifact, OriginArtifact, ProtocolVersionArtifact, ResumeArtifact, SessionArtifact, TargetArtifact, TlsArtifact, ToolCallArtifact, ToolsListArtifact } from './httpArtifacts.ts';
import { StdioArtifact } from './stdioArtifacts.ts';
import { WebSocketArtifact } from './websocketArtifacts.ts';

import { EVIDENCE_SCHEMA_VERSION } from './constants.ts';

export { buildEvidence, EVIDENCE_SCHEMA_VERSION } from './constants.ts';

// The parts, one module per transport (the wire and HTTP probes, stdio, WebSocket; the browser
// artifact beside them): everything imports them from here.
export * from './wire.ts';
export * from './httpArtifacts.ts';
export * from './stdioArtifacts.ts';
export * from './websocketArtifacts.ts';

export const Probes = z.object({
  target: TargetArtifact,
  era: EraArtifact,
  discover: DiscoverArtifact.optional(),
  initialize: InitializeArtifact.optional(),
  initialized: NotificationArtifact.optional(),
  toolsList: ToolsListArtifact.optional(),
  getStream: GetStreamArtifact.optional(),
  resume: ResumeArtifact.optional(),
  /** further resumptions, from other streams than the first (a POST stream, a tools/call stream) */
  resumeMore: z.array(ResumeArtifact).optional(),
  /** other sessions (and a never-initialized client) watching for messages that were not theirs */
  isolation: IsolationArtifact.optional(),
  session: SessionArtifact.optional(),
  protocolVersion: ProtocolVersionArtifact.optional(),
  /** a JSON-RPC batch on the session (2025-03-26 sessions only) */
  batch: BatchArtifact.optional(),
  origin: OriginArtifact.optional(),
  cors: CorsArtifact.optional(),
  auth: AuthArtifact.optional(),
  tls: TlsArtifact.optional(),
  legacy: LegacyArtifact.optional(),
  toolCall: ToolCallArtifact.optional(),
  latency: LatencyArtifact.optional(),
  browser: BrowserArtifact.optional(),
  stdio: StdioArtifact.optional(),
  websocket: WebSocketArtifact.optional(),
});
export type Probes = z.infer<typeof Probes>;

export const ScanOptionsRecord = z.object({
  quick: z.boolean(),
  deadlineMs: z.number(),
  /** how long the GET stream may be watched (stops earlier once answered) */
  streamWindowMs: z.number(),
  /** longest acceptable silence on an SSE stream before proxies cut it (default 30 s) */
  keepAliveMaxMs: z.number(),
  callTool: z.string().optional(),
  browser: z.boolean().optional(),
});

export const Evidence = z.object({
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  scanner: z.object({ name: z.string(), version: z.string() }),
  url: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  options: ScanOptionsRecord,
  probes: Probes,
  transcript: z.array(Exchange),
  /** probes that ended with an internal error or hit the deadline */
  incidents: z.array(z.object({ probe: z.string(), message: z.string() })),
});
export type Evidence = z.infer<typeof Evidence>;
