// The Evidence document: everything a scan observed, and nothing it judged.
// Probes write it, rules read it, `rescore` re-reads it from disk, and rule tests use
// recorded copies of it as fixtures. Every field that came from the scanned server is
// untrusted text; renderers escape it.
import { z } from 'zod';
import { BrowserArtifact } from './browserArtifact.ts';
import { SCANNER } from './version.ts';

export const EVIDENCE_SCHEMA_VERSION = 1;

/** MCP revisions, oldest first. The era of a revision is derived from it (see ERA_OF). */
export const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;
export const Revision = z.enum(REVISIONS);
export type Revision = z.infer<typeof Revision>;

export const SESSION_REVISIONS: Revision[] = ['2025-03-26', '2025-06-18', '2025-11-25'];
export const STATELESS_REVISIONS: Revision[] = ['2026-07-28'];
export const Era = z.enum(['stateless', 'session', 'legacy', 'unknown']);
export type Era = z.infer<typeof Era>;

export const ERA_OF: Record<Revision, Exclude<Era, 'unknown'>> = {
  '2024-11-05': 'legacy',
  '2025-03-26': 'session',
  '2025-06-18': 'session',
  '2025-11-25': 'session',
  '2026-07-28': 'stateless',
};

/** Header names lowercased; repeated headers joined with ", " (set-cookie with "\n"). */
export const Headers = z.record(z.string(), z.string());
export type Headers = z.infer<typeof Headers>;

export const SseEvent = z.object({
  /** ms since the exchange started */
  t: z.number(),
  id: z.string().optional(),
  event: z.string().optional(),
  data: z.string(),
  /** true when `data` was cut at the event-size cap */
  truncated: z.boolean().optional(),
});
export type SseEvent = z.infer<typeof SseEvent>;

export const SseComment = z.object({ t: z.number(), text: z.string() });
export type SseComment = z.infer<typeof SseComment>;

export const SseRecord = z.object({
  events: z.array(SseEvent),
  comments: z.array(SseComment),
  /** every `retry:` value seen, with its arrival time */
  retries: z.array(z.object({ t: z.number(), ms: z.number() })),
  /** events beyond the cap were counted but not kept */
  droppedEvents: z.number(),
  droppedComments: z.number(),
  /** framing problems the parser reported (line too long, …) */
  parseErrors: z.array(z.string()),
});
export type SseRecord = z.infer<typeof SseRecord>;

/** A JSON-RPC view of a response body (JSON or SSE), as parsed — not judged. */
export const RpcSummary = z.object({
  framing: z.enum(['json', 'sse', 'empty', 'other']),
  /** messages that parsed as JSON objects (or array members) */
  messages: z.number(),
  responses: z.number(),
  requests: z.number(),
  notifications: z.number(),
  /** data/body fragments that were not valid JSON-RPC, with why (first few) */
  invalid: z.array(z.string()),
  /** a JSON-RPC response with the id we sent was found */
  answered: z.boolean(),
  /** on SSE: the stream ended (server closed) after the response arrived */
  endedAfterResponse: z.boolean().optional(),
  /** the response's `result` (capped) or `error` */
  result: z.unknown().optional(),
  error: z.object({ code: z.number().optional(), message: z.string().optional(), data: z.unknown().optional() }).optional(),
});
export type RpcSummary = z.infer<typeof RpcSummary>;

export const NetErrorKind = z.enum([
  'dns', 'connect', 'connect-timeout', 'headers-timeout', 'body-timeout', 'idle-timeout', 'deadline',
  'tls', 'reset', 'too-large', 'decompression', 'redirect', 'blocked', 'aborted', 'protocol', 'other',
]);
export type NetErrorKind = z.infer<typeof NetErrorKind>;

export const Exchange = z.object({
  id: z.string(),
  probe: z.string(),
  /** what the request was for, e.g. "initialize (2025-11-25)" */
  label: z.string(),
  /** ms since the scan started */
  startedAt: z.number(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: Headers, // credentials redacted
    body: z.string().optional(),
  }),
  response: z.object({
    status: z.number(),
    httpVersion: z.string().optional(),
    headers: Headers,
    /** ms after the request started */
    headersAt: z.number(),
    firstByteAt: z.number().optional(),
    endAt: z.number().optional(),
    bodyBytes: z.number(),
    /** text excerpt of the (decoded) body; SSE bodies are kept as events instead */
    body: z.string().optional(),
    bodyTruncated: z.boolean(),
    /** how reading stopped: the server ended it, we stopped once answered/at the window, or a cap/timeout */
    endedBy: z.enum(['complete', 'answered', 'window', 'cap', 'error', 'not-read']),
    sse: SseRecord.optional(),
    rpc: RpcSummary.optional(),
    /** TLS facts for https, from the socket this response came over */
    tls: z.object({
      protocol: z.string().optional(),
      authorized: z.boolean(),
      authorizationError: z.string().optional(),
      certSubject: z.string().optional(),
      certIssuer: z.string().optional(),
      validTo: z.string().optional(),
    }).optional(),
    remoteAddress: z.string().optional(),
  }).optional(),
  error: z.object({ kind: NetErrorKind, message: z.string(), at: z.number().optional() }).optional(),
  durationMs: z.number(),
});
export type Exchange = z.infer<typeof Exchange>;

// ---- probe artifacts: facts each probe established, pointing at exchanges by id ----

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
  /** requests needed credentials we did not have (401/403 before any MCP answer) */
  authBlocked: z.boolean(),
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
  /** session ids minted by separate initializes, for entropy checks */
  sessionIdSamples: z.array(z.string()),
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
  delete: Obs.optional(),
  afterDelete: Obs.optional(),
});

export const ProtocolVersionArtifact = z.object({
  attempted: z.boolean(),
  sent: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  errorCode: z.number().optional(),
});

export const OriginArtifact = z.object({
  attempted: z.boolean(),
  originSent: z.string().optional(),
  exchangeId: z.string().optional(),
  status: z.number().optional(),
  /** same request, Host header spoofed (loopback targets only: DNS rebinding) */
  hostRebinding: Obs.optional(),
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
  initialize: Obs.extend({ negotiatedVersion: z.string().optional(), viaStream: z.boolean().optional() }).optional(),
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

// ---- other transports: a spawned stdio server, a WebSocket ----

/** One line of a stdio conversation: what the scanner wrote to stdin, or a line the server wrote to stdout. */
export const StdioLine = z.object({
  dir: z.enum(['in', 'out']),
  /** 1-based position among the lines of that direction */
  seq: z.number(),
  /** ms since the scan started */
  t: z.number(),
  /** text excerpt (untrusted; renderers escape) */
  text: z.string(),
  bytes: z.number(),
  truncated: z.boolean().optional(),
  /** stdout lines: a JSON-RPC message, other JSON, blank, plain text, or part of a message split over lines */
  kind: z.enum(['jsonrpc', 'json', 'blank', 'text', 'fragment']).optional(),
  invalidUtf8: z.boolean().optional(),
  /** longer than the line cap: text is a prefix */
  overlong: z.boolean().optional(),
  crlf: z.boolean().optional(),
  /** stdout ended without a final newline */
  unterminated: z.boolean().optional(),
});
export type StdioLine = z.infer<typeof StdioLine>;

/** An initialize (or other request) sent over a non-HTTP transport, and its answer. */
export const RpcAttempt = z.object({
  requestedVersion: z.string(),
  answered: z.boolean(),
  ms: z.number().optional(),
  negotiatedVersion: z.string().optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
  /** the answer arrived split over several lines (stdio) */
  split: z.boolean().optional(),
});

export const RpcListing = z.object({
  sent: z.boolean(),
  answered: z.boolean(),
  ms: z.number().optional(),
  ok: z.boolean().optional(),
  toolCount: z.number().optional(),
  toolNames: z.array(z.string()).optional(),
  pages: z.number().optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
  split: z.boolean().optional(),
});

/** The MCP handshake as seen over stdio or a WebSocket. */
export const RpcHandshake = z.object({
  /** how long each answer was waited for */
  timeoutMs: z.number(),
  attempts: z.array(RpcAttempt),
  /** initialize answered with a result */
  ok: z.boolean(),
  protocolVersion: z.string().optional(),
  serverInfo: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  initializedSent: z.boolean(),
  toolsList: RpcListing.optional(),
  /** round trips of JSON-RPC `ping` */
  pingMs: z.array(z.number()),
  /** requests the server sent us (answered: ping with {}, anything else with -32601) and notifications */
  serverRequests: z.number(),
  serverNotifications: z.number(),
  /** why the handshake stopped early, if it did */
  stoppedBy: z.enum(['exit', 'timeout', 'deadline', 'closed', 'error']).optional(),
});
export type RpcHandshake = z.infer<typeof RpcHandshake>;

export const StdioArtifact = z.object({
  /** the command as typed (`--stdio`), split into program and arguments (no shell) */
  command: z.string(),
  file: z.string(),
  args: z.array(z.string()),
  cwd: z.string().optional(),
  /** names of the variables given with --env (values are never stored) */
  envNames: z.array(z.string()),
  spawned: z.boolean(),
  spawnError: z.string().optional(),
  pid: z.number().optional(),
  /** the conversation, both directions, in order (capped) */
  lines: z.array(StdioLine),
  droppedLines: z.number(),
  stdout: z.object({
    bytes: z.number(),
    lines: z.number(),
    jsonRpcLines: z.number(),
    /** stdout lines that are not JSON-RPC messages: counts and the first few */
    noiseCount: z.number(),
    blankCount: z.number(),
    noise: z.array(z.object({ seq: z.number(), kind: z.enum(['json', 'blank', 'text']), text: z.string() })),
    /** JSON-RPC messages spread over several lines (pretty-printed) */
    splitMessages: z.array(z.object({ fromSeq: z.number(), toSeq: z.number(), text: z.string() })),
    invalidUtf8Lines: z.array(z.number()),
    overlongLines: z.array(z.number()),
    crlfLines: z.number(),
    unterminated: z.boolean(),
    capped: z.string().optional(),
    /** the line cap (bytes) */
    maxLineBytes: z.number(),
  }),
  stderr: z.object({ bytes: z.number(), lines: z.number(), excerpt: z.string(), truncated: z.boolean() }),
  handshake: RpcHandshake,
  exit: z.object({
    how: z.enum(['before-close', 'stdin-close', 'sigterm', 'sigkill', 'not-started', 'unknown', 'deadline']),
    code: z.number().nullable(),
    signal: z.string().nullable(),
    /** ms from closing stdin to exit */
    afterCloseMs: z.number().optional(),
    /** ms since the scan started, when the process exited on its own before stdin was closed */
    exitedAt: z.number().optional(),
    exitGraceMs: z.number(),
    termGraceMs: z.number(),
    /** a final SIGKILL went to the process group, so nothing it started outlives the scan */
    groupKilled: z.boolean(),
  }),
});
export type StdioArtifact = z.infer<typeof StdioArtifact>;

/** A WebSocket frame sent or received (text excerpt; control frames with their codes). */
export const WsFrame = z.object({
  /** which connection: 1 the session, 2 the binary-frame check */
  conn: z.number(),
  dir: z.enum(['in', 'out']),
  t: z.number(),
  type: z.enum(['text', 'binary', 'ping', 'pong', 'close']),
  bytes: z.number(),
  text: z.string().optional(),
  truncated: z.boolean().optional(),
  code: z.number().optional(),
  reason: z.string().optional(),
});
export type WsFrame = z.infer<typeof WsFrame>;

export const WsUpgrade = z.object({
  /** the upgrade request in the transcript */
  exchangeId: z.string().optional(),
  url: z.string(),
  outcome: z.enum(['upgraded', 'no-subprotocol', 'declined', 'server-error', 'timeout', 'dropped', 'error', 'blocked']),
  status: z.number().optional(),
  subprotocol: z.string().optional(),
  error: z.string().optional(),
  ms: z.number().optional(),
});
export type WsUpgrade = z.infer<typeof WsUpgrade>;

export const WebSocketArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  /** the ws:// or wss:// URL tried (the scanned URL, or the HTTP endpoint's twin) */
  url: z.string(),
  upgrade: WsUpgrade.optional(),
  /** initialize, tools/list and pings over text frames (only when upgraded) */
  session: RpcHandshake.extend({
    /** text frames that were not JSON-RPC (first few) and binary frames the server sent */
    invalidFrames: z.array(z.string()),
    binaryFrames: z.number(),
  }).optional(),
  /** a WebSocket ping on the session: the pong's round trip */
  ping: z.object({ sent: z.boolean(), pongMs: z.number().optional(), timeoutMs: z.number() }).optional(),
  /** the scanner closed the session with 1000: the code the server answered with (1005 none, 1006 dropped) */
  cleanClose: z.object({ sent: z.boolean(), code: z.number().optional(), reason: z.string().optional(), ms: z.number().optional(), timedOut: z.boolean() }).optional(),
  /** a binary frame on a second connection: SEP-1288 expects close code 1003 */
  binary: z.object({
    upgrade: WsUpgrade, sent: z.boolean(),
    closeCode: z.number().optional(), reason: z.string().optional(), ms: z.number().optional(),
    /** the server answered with a text frame instead */
    answeredText: z.boolean(), timedOut: z.boolean(),
  }).optional(),
  frames: z.array(WsFrame),
  droppedFrames: z.number(),
  /** a read cap (messages or bytes) closed a connection */
  capped: z.array(z.string()).optional(),
});
export type WebSocketArtifact = z.infer<typeof WebSocketArtifact>;

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

/** The one way any transport's scan wraps what it gathered: stamped with this scanner and schema. */
export function buildEvidence(parts: Omit<Evidence, 'schemaVersion' | 'scanner'>): Evidence {
  return { schemaVersion: EVIDENCE_SCHEMA_VERSION, scanner: SCANNER, ...parts };
}
