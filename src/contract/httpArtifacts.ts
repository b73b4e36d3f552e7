// What the HTTP probes established (Streamable HTTP and legacy HTTP+SSE): one artifact per
// probe, each pointing at the exchanges that show it.
import { z } from './zod.ts';
import { Era, Revision } from './wire.ts';

const Obs = z.object({ exchangeId: z.string(), status: z.number().optional(), error: z.string().optional() });
export type Obs = z.infer<typeof Obs>;

export const TargetArtifact = z.object({
  url: z.string(),
  scheme: z.enum(['http', 'https', 'ws', 'wss', 'stdio']),
  host: z.string(),
  port: z.number(),
  path: z.string(),
  /** loopback host name or address (127.0.0.0/8, ::1, localhost) */
  isLoopback: z.boolean(),
  /**
   * in older evidence files: the query parameter names the gatherer judged credential-like;
   * ignored now — the token-in-url rule reads every name from `url`, so rescore judges old
   * evidence by today's rule
   */
  credentialQueryParams: z.array(z.string()).optional(),
  /** header names the user supplied with --header (values never stored) */
  userHeaderNames: z.array(z.string()),
});

export const EraArtifact = z.object({
  /** a transport answered at all (any HTTP response) */
  reachable: z.boolean(),
  unreachableReason: z.string().optional(),
  /** revisions the server accepted, newest first */
  revisions: z.array(Revision),
  /** newest era the server speaks */
  era: Era,
  transport: z.enum(['streamable-http', 'http+sse', 'stdio', 'websocket', 'unknown']),
  /** negotiated protocol version of the newest era */
  protocolVersion: z.string().optional(),
  /** the session-era negotiated revision, when initialize worked */
  sessionRevision: Revision.optional(),
  /**
   * newer session revisions the server took when offered them directly, though it answered a newer
   * offer with an older one: rules are judged against what a current client is given, not these
   */
  alsoAccepted: z.array(Revision).optional(),
  /** requests needed credentials we did not have (401/403 before any MCP answer) */
  authBlocked: z.boolean(),
  /**
   * initialize was answered 401/403 while another era answered (an open server/discover): the
   * session revisions, if the server has them, are behind the login
   */
  sessionAuthBlocked: z.boolean().optional(),
});

export const DiscoverArtifact = z.object({
  attempted: z.boolean(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  /** server/discover returned a JSON-RPC result */
  answered: z.boolean(),
  supportedVersions: z.array(z.string()).optional(),
  resultType: z.string().optional(),
  serverInfo: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  errorCode: z.number().optional(),
  latencyMs: z.number().optional(),
  /** stateless-era validation probes (only when discover answered) */
  unsupportedVersion: Obs.extend({ errorCode: z.number().optional(), supported: z.array(z.string()).optional() }).optional(),
  headerMismatch: Obs.extend({ errorCode: z.number().optional() }).optional(),
  unknownMethod: Obs.extend({ errorCode: z.number().optional() }).optional(),
  get: Obs.extend({ contentType: z.string().optional() }).optional(),
  delete: Obs.optional(),
});

export const InitializeAttempt = z.object({
  requestedVersion: z.string(),
  exchangeId: z.string(),
  status: z.number().optional(),
  contentType: z.string().optional(),
  negotiatedVersion: z.string().optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
});

export const InitializeArtifact = z.object({
  attempted: z.boolean(),
  attempts: z.array(InitializeAttempt),
  ok: z.boolean(),
  exchangeId: z.string().optional(),
  protocolVersion: z.string().optional(),
  sessionId: z.string().optional(),
  serverInfo: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  latencyMs: z.number().optional(),
  /** initialize offering a version nobody supports ("1999-01-01"): what came back */
  bogusVersion: Obs.extend({ negotiatedVersion: z.string().optional(), errorCode: z.number().optional() }).optional(),
  /** POST with `Accept: application/json` only */
  jsonOnlyAccept: Obs.extend({ contentType: z.string().optional() }).optional(),
  /**
   * initialize offering each known revision between the one negotiated and the newest offered,
   * sent when the answer named an older revision than offered: does the server support a newer
   * one than it gave (lifecycle: the answer SHOULD be the latest it supports)?
   */
  newerOffers: z.array(InitializeAttempt).optional(),
  /** session ids minted by separate initializes, for entropy checks */
  sessionIdSamples: z.array(z.string()),
  /**
   * the further initializes with the negotiated version (the session-id samples) while the first
   * session is open: did another client get a session (ok: an InitializeResult came back)?
   */
  samples: z.array(Obs.extend({ ok: z.boolean(), errorCode: z.number().optional(), errorMessage: z.string().optional() })).optional(),
});

export const NotificationArtifact = z.object({
  attempted: z.boolean(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  bodyBytes: z.number().optional(),
});

export const ToolsListArtifact = z.object({
  attempted: z.boolean(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  ok: z.boolean(),
  toolCount: z.number().optional(),
  /** first names only (capped) */
  toolNames: z.array(z.string()).optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
  latencyMs: z.number().optional(),
  /** the list was cut after this many pages */
  pages: z.number().optional(),
});

export const GetStreamArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  contentType: z.string().optional(),
  /** how long we were prepared to watch, and why we stopped */
  windowMs: z.number().optional(),
  stoppedBecause: z.enum(['answered', 'window', 'closed', 'error', 'cap', 'quick']).optional(),
  /** the stream was watched long enough to judge keep-alive cadence */
  keepAliveObservable: z.boolean(),
  /** a first GET answered 409 (a stream already open), before the GET this artifact describes */
  conflictExchangeId: z.string().optional(),
});

export const ResumeArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  /** which kind of stream the id came from: the GET stream, a POST response stream, or a tools/call stream */
  source: z.enum(['get', 'post', 'tool-call']).optional(),
  /** the stream whose id we resumed from */
  sourceExchangeId: z.string().optional(),
  /** the source stream was dropped by the scanner before its response arrived */
  droppedBeforeResponse: z.boolean().optional(),
  lastEventId: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  contentType: z.string().optional(),
  replayedIds: z.array(z.string()),
  /** replayed events that had first been seen on another stream or session */
  foreignReplays: z.array(z.object({ id: z.string().optional(), seenOn: z.string() })),
  /** replayed ids already seen on the source stream at or before Last-Event-ID (duplicates) */
  duplicateReplays: z.array(z.string()),
  /**
   * replayed JSON-RPC responses that answer a request sent on another stream (by our request
   * ids, which are unique in a scan): messages the resumed stream never carried
   */
  foreignResponses: z.array(z.object({ rpcId: z.union([z.string(), z.number()]), sentOn: z.string().optional() })).optional(),
  /** the resumed stream went on carrying live events after the replay */
  liveAfterReplay: z.boolean().optional(),
  /** the response the source stream was waiting for arrived on the resumed stream */
  responseRecovered: z.boolean().optional(),
});
export type ResumeArtifact = z.infer<typeof ResumeArtifact>;

export const IsolationWatch = z.object({
  /** what watched: a second initialized session, a client that never initialized, a second legacy session */
  kind: z.enum(['second-session', 'uninitialized', 'legacy-second-session']),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  /** the watch stream was open (2xx event stream) while the first session talked */
  open: z.boolean(),
  /** messages on it that belong to the first session, each with why */
  leaked: z.array(z.object({ what: z.string(), eventId: z.string().optional() })),
  events: z.number(),
});

export const IsolationArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  watches: z.array(IsolationWatch),
  /** what the first session did to make the server talk while the watches were open */
  stimuli: z.array(z.string()),
});

export const SessionArtifact = z.object({
  /** the server minted a session id */
  applicable: z.boolean(),
  missingId: Obs.optional(),
  unknownId: Obs.optional(),
  /** GET (the stream) with an unknown session id */
  unknownIdGet: Obs.optional(),
  delete: Obs.optional(),
  afterDelete: Obs.optional(),
  /** that session's GET stream opened, closed, and opened again (a 409 on the way kept in `conflict`) */
  reopen: z.object({ first: Obs, second: Obs.extend({ contentType: z.string().optional() }).optional(), conflict: Obs.optional() }).optional(),
});

export const ProtocolVersionArtifact = z.object({
  attempted: z.boolean(),
  sent: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  errorCode: z.number().optional(),
});

/** 2025-03-26 only: a JSON-RPC batch of requests on the session (that revision MUST accept batches). */
export const BatchArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  contentType: z.string().optional(),
  /** ids of the batched requests, and those a response came back for */
  sentIds: z.array(z.number()),
  answeredIds: z.array(z.number()),
  /** a JSON-RPC error response without an id (a refusal of the whole batch) */
  errorCode: z.number().optional(),
});

export const OriginArtifact = z.object({
  attempted: z.boolean(),
  originSent: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  /** same request, Host header spoofed (loopback targets only: DNS rebinding) */
  hostRebinding: Obs.optional(),
  /**
   * session era: tools/list on the scan's own session with the foreign Origin — what is left to
   * judge when every initialize after the first is refused (one client per process)
   */
  onSession: Obs.optional(),
});

export const CorsObs = z.object({
  exchangeId: z.string(),
  status: z.number().optional(),
  origin: z.string(),
  allowOrigin: z.string().optional(),
  allowCredentials: z.string().optional(),
  allowMethods: z.string().optional(),
  allowHeaders: z.string().optional(),
  exposeHeaders: z.string().optional(),
  vary: z.string().optional(),
});
export type CorsObs = z.infer<typeof CorsObs>;

export const CorsArtifact = z.object({
  attempted: z.boolean(),
  /** the browser-agent origin we present */
  origin: z.string().optional(),
  requestedHeaders: z.array(z.string()),
  preflight: CorsObs.optional(),
  /** the actual initialize (or discover) response to a request carrying Origin */
  actual: CorsObs.optional(),
  /** a preflight from a random, never-allowed origin: detects reflection */
  randomOriginPreflight: CorsObs.optional(),
  /** a preflight asking for DELETE (ending a session), from the same origin */
  deletePreflight: CorsObs.optional(),
  /** loopback targets: the same preflight from a local web app's origin (http://localhost:6274) */
  localPreflight: CorsObs.optional(),
  /** a 401 answered to a request with Origin (auth-protected servers) */
  challenge: CorsObs.optional(),
});

export const AuthArtifact = z.object({
  attempted: z.boolean(),
  /** unauthenticated initialize/discover: what came back */
  unauthenticated: Obs.extend({ wwwAuthenticate: z.string().optional() }).optional(),
  /** the server demanded credentials (401) */
  required: z.boolean(),
  challenge: z.object({ scheme: z.string(), params: z.record(z.string(), z.string()) }).optional(),
  /** Authorization: Bearer <garbage> */
  invalidToken: Obs.optional(),
  prm: z.object({
    tried: z.array(Obs.extend({ url: z.string(), contentType: z.string().optional(), allowOrigin: z.string().optional() })),
    url: z.string().optional(),
    /** found through WWW-Authenticate resource_metadata, or a well-known path */
    via: z.enum(['www-authenticate', 'well-known']).optional(),
    document: z.unknown().optional(),
    parseError: z.string().optional(),
  }).optional(),
  asMetadata: z.object({
    tried: z.array(Obs.extend({ url: z.string(), contentType: z.string().optional() })),
    url: z.string().optional(),
    issuerRequested: z.string().optional(),
    document: z.unknown().optional(),
    parseError: z.string().optional(),
  }).optional(),
  /**
   * 2025-03-26's last resort when no metadata exists: the default endpoints at the MCP server's
   * origin (only /authorize is asked). Looked up only when neither kind of metadata was found.
   */
  defaultEndpoints: z.array(Obs.extend({ url: z.string(), method: z.string() })).optional(),
});

export const TlsArtifact = z.object({
  applicable: z.boolean(),
  exchangeId: z.string().optional(),
  protocol: z.string().optional(),
  authorized: z.boolean().optional(),
  authorizationError: z.string().optional(),
  validTo: z.string().optional(),
  hsts: z.string().optional(),
  /** plain-http twin of an https URL: does it redirect to https? */
  httpRedirect: Obs.extend({ location: z.string().optional() }).optional(),
});

export const LegacyArtifact = z.object({
  attempted: z.boolean(),
  tried: z.array(Obs.extend({ url: z.string(), contentType: z.string().optional(), firstEvent: z.string().optional() })),
  /** the SSE URL that sent an `endpoint` event */
  sseUrl: z.string().optional(),
  endpointData: z.string().optional(),
  endpointUrl: z.string().optional(),
  sameOrigin: z.boolean().optional(),
  initialize: Obs.extend({
    negotiatedVersion: z.string().optional(), viaStream: z.boolean().optional(),
    serverInfo: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  }).optional(),
  ok: z.boolean(),
  /** the legacy session's stream, held open for keep-alive and while the session talked */
  streamExchangeId: z.string().optional(),
  /** POSTs to the endpoint: their HTTP statuses (the answers come on the stream) */
  posts: z.array(Obs.extend({ method: z.string(), answeredOnStream: z.boolean(), answerMs: z.number().optional() })).optional(),
  /** a POST whose sessionId names no session, and one with none: refused quickly, accepted, or left hanging */
  unknownSession: Obs.extend({ hung: z.boolean() }).optional(),
  missingSession: Obs.extend({ hung: z.boolean() }).optional(),
  /** the stream was watched long enough to judge keep-alive cadence */
  keepAliveObservable: z.boolean().optional(),
  /** pings to the message endpoint with a foreign Origin, and (loopback) a spoofed Host */
  foreignPosts: z.object({ origin: Obs, host: Obs.optional() }).optional(),
});

export const ToolCallArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  tool: z.string().optional(),
  exchangeId: z.string().optional(),
  progressToken: z.string().optional(),
  progressCount: z.number().optional(),
  ok: z.boolean().optional(),
  /** a second session's GET stream watched while the tool ran */
  secondSession: z.object({ exchangeId: z.string().optional(), sawFirstSessionMessages: z.boolean() }).optional(),
});

export const LatencyArtifact = z.object({
  samples: z.array(z.object({ label: z.string(), ms: z.number(), exchangeId: z.string().optional() })),
});
