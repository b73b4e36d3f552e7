// The demo's "typical flaws" endpoint: a small hand-written, session-era (2025-03-26 …
// 2025-11-25) Streamable HTTP MCP server on node:http. With no flaws it behaves like the
// well-behaved SDK demo (wellBehaved.ts); each flaw breaks exactly one behaviour, the way
// real deployments get it wrong.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrowserPolicy, forbiddenOriginBody, isHostAllowed, ownOrigins, requestOrigin } from './browserPolicy.ts';
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from './browserPolicy.ts';
import { BoundedEventStore } from './eventStore.ts';
import { answerRequest, LOG_LEVELS, RpcError, type MethodContext, type RequestMessage } from './handwrittenMethods.ts';
import { headerValue, jsonRpcError, readBodyCapped, startHttpServer } from './httpServer.ts';
import { bearerChallenge, DEMO_BEARER_TOKEN, wellKnownDocument } from './oauthDocuments.ts';
import { SseStream, type JsonRpcMessage } from './sseStream.ts';
import { MCP_PATH, SCANNER_CORS_ORIGIN, type ListenOptions, type RunningServer } from './types.ts';

/**
 * How the server behaves: every knob a flaw can turn. The defaults are the well-behaved server;
 * each flaw below turns one (or two, where a real mistake changes two things at once).
 */
interface Behaviour {
  /** Content-Type of JSON and SSE bodies */
  contentTypes: 'right' | 'text/plain';
  /** SSE events carry id: (so streams can be resumed) */
  eventIds: boolean;
  /** `: keepalive` comments on SSE streams */
  keepAlive: boolean;
  /** `retry:` advice on SSE streams */
  retryAdvice: boolean;
  /** the GET stream is closed 300 ms after it opens (polling without advice) */
  closeGetStreamEarly: boolean;
  /** GET + Last-Event-ID replays every stream of every session */
  replayEveryStream: boolean;
  /** GET + Last-Event-ID is accepted (200) but replays nothing: what the client missed is lost */
  replayNothing: boolean;
  /** status for a request naming a session the server does not know */
  unknownSessionStatus: 404 | 400;
  /** status for a non-initialize request without Mcp-Session-Id (a framework's error handler turning the transport's 400 into a 500) */
  missingSessionStatus: 400 | 500;
  /** CORS: the browser policy, none at all (OPTIONS → 405), or any Origin reflected with credentials */
  cors: 'policy' | 'none' | 'reflect-credentials';
  /** Access-Control-Expose-Headers on CORS responses */
  exposeHeaders: boolean;
  /** foreign Origin (and, on loopback, Host) refused with 403 */
  originValidation: boolean;
  /** bearer auth: off, done right (challenge, RFC 9728 and RFC 8414 documents), or a bare 401 */
  auth: 'off' | 'bearer' | 'bearer-no-challenge' | 'bearer-remote-prm';
  /** SSE held back and flushed in bunches, as a buffering proxy does */
  buffered: boolean;
  /** GET on the endpoint: an SSE stream, or 404 */
  getEndpoint: 'stream' | '404';
  /** status of a POST that carries only notifications */
  notificationStatus: 202 | 200;
  /** how requests are answered: at once, after delayMs, or never (the socket stays open) */
  answers: 'at-once' | 'slow' | 'never';
  /** SSE streams write events as fast as the socket takes them, forever */
  flood: boolean;
  /** session ids: random UUIDs, or 1, 2, 3, … */
  sessionIds: 'random' | 'sequential';
  /** a bogus MCP-Protocol-Version is refused with 400 */
  protocolVersionCheck: boolean;
  /** initialize with a version it does not know: answered with its newest (right) or its oldest revision, not supporting 2025-11-25 */
  unknownVersionAnswer: 'newest' | 'oldest';
  /** JSON-RPC batches on a 2025-03-26 session: answered (right), or refused with 400 */
  batches: 'answered' | 'refused';
  /** every client gets a session, or only the first (one transport for the whole process) */
  clients: 'many' | 'first-only';
  /** a foreign Host refused always, or only on requests a browser made (fetch metadata present: the MCP Inspector's proxy) */
  hostCheck: 'always' | 'browser-requests';
}

const WELL_BEHAVED: Behaviour = {
  contentTypes: 'right', eventIds: true, keepAlive: true, retryAdvice: true, closeGetStreamEarly: false,
  replayEveryStream: false, replayNothing: false, unknownSessionStatus: 404, missingSessionStatus: 400, cors: 'policy', exposeHeaders: true, originValidation: true,
  auth: 'off', buffered: false, getEndpoint: 'stream', notificationStatus: 202, answers: 'at-once', flood: false,
  sessionIds: 'random', protocolVersionCheck: true, unknownVersionAnswer: 'newest', batches: 'answered', clients: 'many', hostCheck: 'always',
};

/** Every flaw the demo can have: what it breaks, the way real deployments get it wrong. */
export const FLAWS = {
  'wrong-content-type': { what: 'JSON and SSE bodies labelled text/plain', set: { contentTypes: 'text/plain' } },
  'no-event-ids': { what: 'SSE events without id: (so no resumption)', set: { eventIds: false } },
  'no-keepalive': { what: 'no ": keepalive" comments on SSE streams', set: { keepAlive: false } },
  'no-retry': { what: 'closes the GET stream soon after it opens (2025-11-25 polling) with no retry: field', set: { retryAdvice: false, closeGetStreamEarly: true } },
  'resume-replays-other-streams': { what: 'GET + Last-Event-ID replays every stream of every session', set: { replayEveryStream: true } },
  'resume-replays-nothing': { what: 'GET + Last-Event-ID accepted (200) but nothing replayed: missed events are lost', set: { replayNothing: true } },
  'unknown-session-400': { what: 'unknown session id → 400 instead of 404', set: { unknownSessionStatus: 400 } },
  'missing-session-500': { what: 'a request without Mcp-Session-Id (server/discover included) → 500 instead of 400', set: { missingSessionStatus: 500 } },
  'no-cors': { what: 'no CORS headers; OPTIONS → 405', set: { cors: 'none' } },
  'cors-reflect-credentials': { what: 'reflects any Origin with Allow-Credentials: true, no Origin validation', set: { cors: 'reflect-credentials', originValidation: false } },
  'no-origin-validation': { what: 'accepts any Origin', set: { originValidation: false } },
  'no-expose-headers': { what: 'CORS without Access-Control-Expose-Headers', set: { exposeHeaders: false } },
  'auth-401-no-challenge': { what: '401 without WWW-Authenticate and no metadata documents', set: { auth: 'bearer-no-challenge' } },
  'auth-ok': { what: 'not a flaw: bearer auth done right (challenge, RFC 9728 PRM, RFC 8414 metadata)', set: { auth: 'bearer' } },
  // not a flaw either: the metadata lives on another host the scanner cannot reach (a hub's login)
  'auth-remote-prm': { what: 'not a flaw: the challenge names protected-resource metadata on a host out of the scanner\'s reach', set: { auth: 'bearer-remote-prm' } },
  buffered: { what: 'SSE held back and flushed in bunches, as a buffering proxy does', set: { buffered: true } },
  'get-404': { what: 'GET on the endpoint → 404 instead of an SSE stream (or 405)', set: { getEndpoint: '404' } },
  'notification-200': { what: 'notifications answered 200 with a body instead of 202', set: { notificationStatus: 200 } },
  slow: { what: 'every response delayed by delayMs', set: { answers: 'slow' } },
  'never-answers': { what: 'accepts connections, never writes a byte', set: { answers: 'never' } },
  flood: { what: 'SSE streams write events as fast as the socket takes them, forever', set: { flood: true } },
  'sequential-session-ids': { what: 'session ids 1, 2, 3, …', set: { sessionIds: 'sequential' } },
  'bad-protocol-version-accepted': { what: 'bogus MCP-Protocol-Version accepted', set: { protocolVersionCheck: false } },
  // mcp-lite 0.10: supports 2025-06-18 and 2025-03-26, answers anything else with 2025-03-26
  // the TS SDK with one StreamableHTTPServerTransport shared by every request (genkit's README wiring)
  'single-client': { what: 'one transport for the whole process: every initialize after the first → 400 "Server already initialized"', set: { clients: 'first-only' } },
  // not a flaw: a rebinding page's requests carry Sec-Fetch-Site, and those are refused
  'host-check-fetch-metadata': { what: 'not a flaw: refuses a foreign Host only on requests carrying fetch metadata (what browsers send), as the MCP Inspector proxy does', set: { hostCheck: 'browser-requests' } },
  'batch-refused': { what: 'refuses JSON-RPC batches with 400 even on 2025-03-26 sessions (which must accept them)', set: { batches: 'refused' } },
  'negotiates-oldest': { what: 'supports up to 2025-06-18 but answers an unknown version (2025-11-25 included) with 2025-03-26', set: { unknownVersionAnswer: 'oldest' } },
} as const satisfies Record<string, { what: string; set: Partial<Behaviour> }>;

export type Flaw = keyof typeof FLAWS;
export const ALL_FLAWS = Object.keys(FLAWS) as Flaw[];

/** The well-behaved server with each flaw's knobs turned (flaws combine). */
function behaviourOf(flaws: readonly Flaw[]): Behaviour {
  return Object.assign({ ...WELL_BEHAVED }, ...flaws.map((f) => FLAWS[f].set));
}

export interface FlawedServerOptions extends ListenOptions {
  flaws: readonly Flaw[];
  /** Interval of `: keepalive` comments on SSE streams (default 15000). */
  keepAliveMs?: number;
  /** Interval of the server-initiated log notification sent to every session (default 2000). */
  notifyEveryMs?: number;
  /** `retry:` advice in ms (default 1000). */
  retryMs?: number;
  /** Delay added to every response under the `slow` flaw (default 1500). */
  delayMs?: number;
  /** How POST requests are answered: one SSE stream per POST (default) or a JSON body. */
  postResponse?: 'sse' | 'json';
  /** Trusted browser origins besides the server's own (default: [SCANNER_CORS_ORIGIN]). */
  allowedOrigins?: string[];
  /** Trusted origins granted CORS (default ['*']: every trusted origin). */
  corsOrigins?: string[];
  /** Sessions with no request and no open GET stream for this long are ended (default 10 min). */
  sessionIdleMs?: number;
}

export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
const LATEST_PROTOCOL_VERSION = SUPPORTED_PROTOCOL_VERSIONS[0];
/** The first revision whose SSE parsers accept a priming event with empty data. */
const PRIMING_MIN_VERSION = '2025-11-25';
const SERVER_INFO = { name: 'agentready-flawed-demo', version: '1.0.0' };

interface Session {
  id: string;
  protocolVersion: string;
  logLevel: string;
  lastActiveAt: number;
  getStream?: SseStream;
}

export async function startFlawedServer(options: FlawedServerOptions): Promise<RunningServer> {
  const behaviour = behaviourOf(options.flaws);
  const keepAliveMs = !behaviour.keepAlive ? undefined : (options.keepAliveMs ?? 15_000);
  const retryMs = !behaviour.retryAdvice ? undefined : (options.retryMs ?? 1000);
  const delayMs = options.delayMs ?? 1500;
  const postResponse = options.postResponse ?? 'sse';
  const jsonType = behaviour.contentTypes === 'text/plain' ? 'text/plain' : 'application/json';
  const sseType = behaviour.contentTypes === 'text/plain' ? 'text/plain' : 'text/event-stream';

  const sessions = new Map<string, Session>();
  // clients: 'first-only': set by the first initialize the process answers
  let initializedOnce = false;
  const store = new BoundedEventStore<JsonRpcMessage>();
  const openStreams = new Set<SseStream>();
  const shutdown = new AbortController();
  let sessionCounter = 0;
  let policy: BrowserPolicy | undefined; // needs the bound port; set right after listening
  let origin = '';

  // --- small response helpers -------------------------------------------------------

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': jsonType, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  /** Waits `ms`; false when the server is shutting down (the caller then just returns). */
  const pause = async (ms: number): Promise<boolean> => {
    try {
      await sleep(ms, undefined, { signal: shutdown.signal });
      return true;
    } catch {
      return false;
    }
  };

  const openStream = (
    res: ServerResponse,
    session: Session,
    streamId: string,
    headers: Record<string, string>,
    resumed = false,
  ): SseStream => {
    const stream = new SseStream({
      res,
      headers,
      store,
      streamId,
      withIds: behaviour.eventIds,
      retryMs,
      // A resumed stream continues from the client's cursor: no new priming event.
      priming: !resumed && session.protocolVersion >= PRIMING_MIN_VERSION,
      keepAliveMs,
      contentType: sseType,
      buffered: behaviour.buffered,
    });
    openStreams.add(stream);
    stream.onClose(() => openStreams.delete(stream));
    stream.open();
    return stream;
  };

  const floodMessage = (): JsonRpcMessage => ({
    jsonrpc: '2.0',
    method: 'notifications/message',
    params: { level: 'info', logger: 'flood', data: 'x'.repeat(200) },
  });

  // --- browser policy (Origin validation and CORS) ----------------------------------

  const originAllowed = (browserOrigin: string | undefined): boolean =>
    !behaviour.originValidation || policy!.isAllowed(browserOrigin);

  const corsHeaders = (browserOrigin: string | undefined): Record<string, string> => {
    if (behaviour.cors === 'none' || browserOrigin === undefined) return {};
    if (behaviour.cors === 'reflect-credentials') {
      return {
        'Access-Control-Allow-Origin': browserOrigin,
        'Access-Control-Allow-Credentials': 'true',
        // flaws combine: reflecting servers can forget Expose-Headers too
        ...(!behaviour.exposeHeaders ? {} : { 'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS }),
        Vary: 'Origin',
      };
    }
    return policy!.responseHeaders(browserOrigin);
  };

  const answerPreflight = (req: IncomingMessage, res: ServerResponse, browserOrigin: string | undefined): void => {
    if (behaviour.cors === 'none') {
      res.writeHead(405, { Allow: 'GET, POST, DELETE' }).end();
      return;
    }
    if (browserOrigin === undefined) {
      res.writeHead(204, { Allow: 'GET, POST, DELETE, OPTIONS' }).end(); // not a CORS preflight
      return;
    }
    if (behaviour.cors === 'reflect-credentials') {
      res
        .writeHead(204, {
          'Access-Control-Allow-Origin': browserOrigin,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
          'Access-Control-Allow-Headers': headerValue(req, 'access-control-request-headers') ?? CORS_ALLOW_HEADERS,
          'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
          Vary: 'Origin',
        })
        .end();
      return;
    }
    const preflight = policy!.preflightHeaders(browserOrigin);
    res.writeHead(preflight ? 204 : 403, preflight ?? {}).end();
  };

  // --- authorization ------------------------------------------------------------------

  /** Answers 401 and returns false when the request lacks a bearer token and auth is on. */
  const checkAuth = (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): boolean => {
    if (behaviour.auth === 'off') return true;
    // a real resource server validates the token: anything but the demo token is refused
    if ((headerValue(req, 'authorization') ?? '') === `Bearer ${DEMO_BEARER_TOKEN}`) return true;
    const challenge: Record<string, string> = behaviour.auth === 'bearer' ? { 'WWW-Authenticate': bearerChallenge(origin) }
      // port 9 (discard) on loopback: refused, no HTTP answer, as an unreachable host
      : behaviour.auth === 'bearer-remote-prm' ? { 'WWW-Authenticate': 'Bearer resource_metadata="http://127.0.0.1:9/.well-known/oauth-protected-resource/mcp"' } : {};
    sendJson(res, 401, { error: 'unauthorized', error_description: 'A bearer token is required.' }, { ...cors, ...challenge });
    return false;
  };

  /** RFC 9728 / RFC 8414 documents, served only in `auth-ok` mode. True when answered. */
  const serveWellKnown = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    const document = behaviour.auth === 'bearer' || behaviour.auth === 'bearer-remote-prm' ? wellKnownDocument(path, origin) : undefined;
    if (document === undefined) return false;
    // Public metadata: readable from any origin (browser clients fetch it before auth).
    const cors: Record<string, string> = behaviour.cors === 'none' ? {} : { 'Access-Control-Allow-Origin': '*' };
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Allow-Headers': 'mcp-protocol-version' })
        .end();
    } else {
      sendJson(res, 200, document, cors);
    }
    return true;
  };

  // --- sessions and protocol version ------------------------------------------------

  /** The session a non-initialize request names, or undefined after answering 400/404. */
  const requireSession = (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Session | undefined => {
    const sessionId = headerValue(req, 'mcp-session-id');
    if (sessionId === undefined) {
      if (behaviour.missingSessionStatus === 500) sendJson(res, 500, jsonRpcError(-32603, 'Error in httpTransport: '), cors);
      else sendJson(res, 400, jsonRpcError(-32000, 'Bad Request: Mcp-Session-Id header is required'), cors);
      return undefined;
    }
    const session = sessions.get(sessionId);
    if (session === undefined) {
      sendJson(res, behaviour.unknownSessionStatus, jsonRpcError(-32001, 'Session not found'), cors);
      return undefined;
    }
    session.lastActiveAt = Date.now();
    const version = headerValue(req, 'mcp-protocol-version');
    if (version !== undefined && behaviour.protocolVersionCheck && !isSupportedVersion(version)) {
      const supported = SUPPORTED_PROTOCOL_VERSIONS.join(', ');
      sendJson(res, 400, jsonRpcError(-32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${supported})`), cors);
      return undefined;
    }
    return session;
  };

  const newSessionId = (): string => (behaviour.sessionIds === 'sequential' ? String(++sessionCounter) : randomUUID());

  /**
   * Answers the requests of one POST, as a JSON body or as one SSE stream that carries
   * the related notifications and then the responses, and ends (unless flooding).
   */
  const answerPost = async (
    res: ServerResponse,
    session: Session,
    requests: RequestMessage[],
    batched: boolean,
    headers: Record<string, string>,
    compute: (request: RequestMessage, context: MethodContext) => Promise<unknown>,
  ): Promise<void> => {
    const setLogLevel = (level: string): void => {
      session.logLevel = level;
    };
    const respond = async (request: RequestMessage, notify: MethodContext['notify'], signal: AbortSignal) => {
      try {
        return { jsonrpc: '2.0', id: request.id, result: await compute(request, { notify, signal, setLogLevel }) };
      } catch (error) {
        const code = error instanceof RpcError ? error.code : -32603;
        return { jsonrpc: '2.0', id: request.id, error: { code, message: (error as Error).message } };
      }
    };
    if (postResponse === 'json') {
      // JSON mode has nowhere to put notifications: they are dropped, as in the SDK.
      const responses = await Promise.all(requests.map((r) => respond(r, () => {}, shutdown.signal)));
      if (!res.destroyed) sendJson(res, 200, batched ? responses : responses[0], headers);
      return;
    }
    const stream = openStream(res, session, `${session.id}/post/${randomUUID()}`, headers);
    const streamGone = new AbortController();
    stream.onClose(() => streamGone.abort());
    const signal = AbortSignal.any([shutdown.signal, streamGone.signal]);
    const responses = await Promise.all(requests.map((r) => respond(r, (m) => stream.send(m), signal)));
    for (const response of responses) stream.send(response);
    if (behaviour.flood) await stream.flood(floodMessage);
    else stream.end();
  };

  // --- HTTP methods -------------------------------------------------------------------

  const handlePost = async (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<void> => {
    const accept = headerValue(req, 'accept') ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      sendJson(res, 406, jsonRpcError(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream'), cors);
      return;
    }
    if (!/^application\/json\s*(;|$)/i.test(headerValue(req, 'content-type') ?? '')) {
      sendJson(res, 415, jsonRpcError(-32000, 'Unsupported Media Type: Content-Type must be application/json'), cors);
      return;
    }
    const body = await readBodyCapped(req);
    if (body.tooLarge) {
      sendJson(res, 413, jsonRpcError(-32000, 'Payload Too Large'), { ...cors, Connection: 'close' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      sendJson(res, 400, jsonRpcError(-32700, 'Parse error: Invalid JSON'), cors);
      return;
    }
    const batched = Array.isArray(parsed);
    const messages = (batched ? parsed : [parsed]) as unknown[];
    if (messages.length === 0 || !messages.every(isJsonRpcMessage)) {
      sendJson(res, 400, jsonRpcError(-32600, 'Invalid Request: not a JSON-RPC 2.0 message'), cors);
      return;
    }

    if (messages.some((m) => m.method === 'initialize')) {
      if (messages.length > 1) {
        sendJson(res, 400, jsonRpcError(-32600, 'Invalid Request: Only one initialization request is allowed'), cors);
        return;
      }
      const request = messages[0] as RequestMessage;
      if (behaviour.clients === 'first-only' && initializedOnce) {
        sendJson(res, 400, jsonRpcError(-32600, 'Invalid Request: Server already initialized'), cors);
        return;
      }
      initializedOnce = true;
      const requested = String((request.params as Record<string, unknown> | undefined)?.protocolVersion ?? '');
      // Version negotiation: echo a supported version, otherwise offer our latest.
      const protocolVersion = behaviour.unknownVersionAnswer === 'oldest'
        ? (requested === '2025-06-18' || requested === '2025-03-26' ? requested : '2025-03-26')
        : isSupportedVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
      const session: Session = { id: newSessionId(), protocolVersion, logLevel: 'debug', lastActiveAt: Date.now() };
      sessions.set(session.id, session);
      const result = { protocolVersion, capabilities: { tools: { listChanged: false }, logging: {} }, serverInfo: SERVER_INFO };
      await answerPost(res, session, [request], false, { ...cors, 'Mcp-Session-Id': session.id }, async () => result);
      return;
    }

    const session = requireSession(req, res, cors);
    if (session === undefined) return;
    // Batches exist only in 2025-03-26; 2025-06-18 removed them.
    if (batched && (session.protocolVersion !== '2025-03-26' || behaviour.batches === 'refused')) {
      sendJson(res, 400, jsonRpcError(-32600, 'Invalid Request: JSON-RPC batches are not supported in this protocol version'), cors);
      return;
    }
    const requests = messages.filter((m): m is RequestMessage => 'id' in m && typeof m.method === 'string');
    if (requests.length === 0) {
      // Notifications and responses only: accepted, nothing to answer.
      if (behaviour.notificationStatus === 200) sendJson(res, 200, { status: 'accepted' }, cors);
      else res.writeHead(202, cors).end();
      return;
    }
    await answerPost(res, session, requests, batched, { ...cors, 'Mcp-Session-Id': session.id }, answerRequest);
  };

  const handleGet = (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): void => {
    if (behaviour.getEndpoint === '404') {
      sendJson(res, 404, jsonRpcError(-32000, 'Not Found'), cors);
      return;
    }
    if (!(headerValue(req, 'accept') ?? '').includes('text/event-stream')) {
      sendJson(res, 406, jsonRpcError(-32000, 'Not Acceptable: Client must accept text/event-stream'), cors);
      return;
    }
    const session = requireSession(req, res, cors);
    if (session === undefined) return;
    const getStreamId = `${session.id}/get`;
    const lastEventId = headerValue(req, 'last-event-id');

    let replay: ReturnType<typeof store.eventsAfter> = [];
    let continuesGetStream = true;
    if (lastEventId !== undefined) {
      const originStream = store.streamOf(lastEventId);
      if (behaviour.replayEveryStream) {
        replay = store.eventsAfter(lastEventId, () => true) ?? [];
      } else if (originStream === undefined || !originStream.startsWith(`${session.id}/`)) {
        sendJson(res, 400, jsonRpcError(-32000, 'Bad Request: unknown Last-Event-ID'), cors);
        return;
      } else {
        replay = store.eventsAfter(lastEventId, (s) => s === originStream) ?? [];
        continuesGetStream = originStream === getStreamId;
      }
    } else if (session.getStream !== undefined && !session.getStream.closed) {
      sendJson(res, 409, jsonRpcError(-32000, 'Conflict: Only one SSE stream is allowed per session'), cors);
      return;
    }

    const headers = { ...cors, 'Mcp-Session-Id': session.id };
    const stream = openStream(res, session, getStreamId, headers, lastEventId !== undefined);
    if (!behaviour.replayNothing) stream.replay(replay);
    if (!continuesGetStream) {
      // Resuming a POST stream: its events are replayed; there is nothing live to follow.
      stream.end();
      return;
    }
    session.getStream?.end(); // a resume replaces the previous GET stream
    session.getStream = stream;
    // polling without advice: the stream is closed early and the client is not told when to come back
    if (behaviour.closeGetStreamEarly && lastEventId === undefined) setTimeout(() => stream.end(), 300).unref();
    stream.onClose(() => {
      if (session.getStream === stream) session.getStream = undefined;
    });
    if (behaviour.flood) void stream.flood(floodMessage);
  };

  const handleDelete = (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): void => {
    const session = requireSession(req, res, cors);
    if (session === undefined) return;
    sessions.delete(session.id);
    session.getStream?.end();
    res.writeHead(200, cors).end();
  };

  // --- the request handler ------------------------------------------------------------

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (behaviour.answers === 'never') return; // the socket stays open until close()
    if (behaviour.answers === 'slow' && !(await pause(delayMs))) return;
    const path = new URL(req.url ?? '/', origin).pathname;
    if (serveWellKnown(req, res, path)) return;
    if (path !== MCP_PATH) {
      sendJson(res, 404, jsonRpcError(-32000, 'Not Found'));
      return;
    }
    const browserOrigin = requestOrigin(req);
    const hostChecked = behaviour.hostCheck === 'always' || req.headers['sec-fetch-site'] !== undefined;
    if (!originAllowed(browserOrigin) || (behaviour.originValidation && hostChecked && !isHostAllowed(req.headers.host, origin))) {
      sendJson(res, 403, forbiddenOriginBody(browserOrigin ?? '(none)'));
      return;
    }
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, browserOrigin);
      return;
    }
    const cors = corsHeaders(browserOrigin);
    if (!checkAuth(req, res, cors)) return;
    switch (req.method) {
      case 'POST':
        return handlePost(req, res, cors);
      case 'GET':
        return handleGet(req, res, cors);
      case 'DELETE':
        return handleDelete(req, res, cors);
      default:
        sendJson(res, 405, jsonRpcError(-32000, 'Method not allowed.'), { ...cors, Allow: 'GET, POST, DELETE, OPTIONS' });
    }
  };

  let notifyTimer: NodeJS.Timeout | undefined;
  let idleSweepTimer: NodeJS.Timeout | undefined;
  const running = await startHttpServer((req, res) => handle(req, res), {
    host: options.host,
    port: options.port,
    // Node would otherwise answer a never-completed request with 408 after 5 minutes.
    requestTimeoutMs: behaviour.answers === 'never' ? 0 : undefined,
    beforeClose: () => {
      clearInterval(notifyTimer);
      clearInterval(idleSweepTimer);
      shutdown.abort();
      for (const stream of [...openStreams]) stream.end();
    },
  });
  origin = running.origin;
  policy = new BrowserPolicy({
    allowedOrigins: [...ownOrigins(origin), ...(options.allowedOrigins ?? [SCANNER_CORS_ORIGIN])],
    corsOrigins: options.corsOrigins ?? ['*'],
    omitExposeHeaders: !behaviour.exposeHeaders,
  });

  // Server-initiated notifications: delivered on a session's GET stream when one is open,
  // otherwise stored so a client resuming with Last-Event-ID still gets them.
  let tick = 0;
  notifyTimer = setInterval(() => {
    tick++;
    for (const session of sessions.values()) {
      if (LOG_LEVELS.indexOf(session.logLevel) > LOG_LEVELS.indexOf('info')) continue;
      const message = {
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', logger: 'heartbeat', data: { tick, at: new Date().toISOString() } },
      };
      const stream = session.getStream;
      if (stream !== undefined && !stream.closed) {
        if (!behaviour.flood) stream.send(message);
      } else if (behaviour.eventIds) {
        store.append(`${session.id}/get`, message);
      }
    }
  }, options.notifyEveryMs ?? 2000);
  notifyTimer.unref();

  const sessionIdleMs = options.sessionIdleMs ?? 10 * 60_000;
  idleSweepTimer = setInterval(() => {
    const cutoff = Date.now() - sessionIdleMs;
    for (const session of sessions.values()) {
      const streaming = session.getStream !== undefined && !session.getStream.closed;
      if (!streaming && session.lastActiveAt < cutoff) sessions.delete(session.id);
    }
  }, Math.min(sessionIdleMs, 60_000));
  idleSweepTimer.unref();

  return { url: running.url, origin: running.origin, close: running.close };
}

function isSupportedVersion(version: string): boolean {
  return (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

function isJsonRpcMessage(value: unknown): value is JsonRpcMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as JsonRpcMessage).jsonrpc === '2.0';
}
