// The built-in demo's "good" endpoint: SDK v1 Streamable HTTP configured the way a careful
// operator would. What the SDK (1.32.2) does by itself, and what this module adds:
//
// SDK, once configured here:
// - stateful sessions with random UUID ids; one transport + McpServer per session;
// - bad/unsupported MCP-Protocol-Version on non-initialize requests → 400 (the SDK also
//   accepts 2024-11-05 and 2024-10-07 in that header);
// - with an event store: every SSE event carries an `id:`; GET + Last-Event-ID replays that
//   stream only (409 while the SDK still holds the stream being resumed; one plain GET
//   stream per session, a second one → 409); POST-response streams start with a priming
//   event (`id:` + `retry:` + empty `data:`) — but only when the request says 2025-11-25 or
//   later (initialize params, else the MCP-Protocol-Version header, absent = 2025-03-26),
//   and never on the standalone GET stream (which therefore carries no `retry:` field);
// - `: keepalive` comments every `keepAliveMs` on every SSE stream, GET included;
// - `X-Accel-Buffering: no` and `Cache-Control: no-cache, no-transform` on SSE responses.
//
// Added here:
// - routing by Mcp-Session-Id (unknown/terminated → 404, missing → 400), see sdkSessions.ts;
// - Origin validation (403 with an id-less JSON-RPC error) and CORS, see browserPolicy.ts;
// - a periodic server-initiated `notifications/message` to every session, so a client
//   holding the GET stream open sees id-carrying events and can test resumption.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BrowserPolicy, forbiddenOriginBody, isHostAllowed, ownOrigins, requestOrigin } from './browserPolicy.ts';
import { createDemoMcpServer } from './demoTools.ts';
import { BoundedEventStore } from './eventStore.ts';
import { jsonRpcError, MAX_REQUEST_BODY_BYTES, sendJson, startHttpServer } from './httpServer.ts';
import { SdkSessionRouter } from './sdkSessions.ts';
import { MCP_PATH, SCANNER_CORS_ORIGIN, type ListenOptions, type RunningServer } from './types.ts';

export interface WellBehavedServerOptions extends ListenOptions {
  /** Interval of `: keepalive` comments on SSE streams (default 15000, the SDK default). */
  keepAliveMs?: number;
  /** Interval of the server-initiated log notification sent to every session (default 2000). */
  notifyEveryMs?: number;
  /** `retry:` advice, in ms, sent in the SDK's priming events (default 1000). */
  retryMs?: number;
  /** Trusted browser origins besides the server's own (default: [SCANNER_CORS_ORIGIN]). */
  allowedOrigins?: string[];
  /** Trusted origins granted CORS (default ['*']: every trusted origin, never a foreign one). */
  corsOrigins?: string[];
  /** Sessions with no request and no open stream for this long are ended (default 10 min). */
  sessionIdleMs?: number;
}

export async function startWellBehavedServer(options: WellBehavedServerOptions = {}): Promise<RunningServer> {
  const router = new SdkSessionRouter({
    createServer: () => createDemoMcpServer('agentready-well-behaved-demo'),
    createEventStore: () => new BoundedEventStore(),
    transportOptions: {
      retryInterval: options.retryMs ?? 1000,
      keepAliveMs: options.keepAliveMs ?? 15_000,
      maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    },
  });
  let policy: BrowserPolicy | undefined; // needs the bound port, so set right after listening
  let notifyTimer: NodeJS.Timeout | undefined;
  let idleSweepTimer: NodeJS.Timeout | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== MCP_PATH) {
      sendJson(res, 404, jsonRpcError(-32000, 'Not Found'));
      return;
    }
    const browserOrigin = requestOrigin(req);
    if (policy === undefined || !policy.isAllowed(browserOrigin) || !isHostAllowed(req.headers.host, origin)) {
      sendJson(res, 403, forbiddenOriginBody(browserOrigin ?? '(none)'));
      return;
    }
    if (req.method === 'OPTIONS') {
      if (browserOrigin === undefined) {
        res.writeHead(204, { Allow: 'GET, POST, DELETE, OPTIONS' }).end(); // not a CORS preflight
        return;
      }
      const preflight = policy.preflightHeaders(browserOrigin);
      res.writeHead(preflight ? 204 : 403, preflight ?? {}).end();
      return;
    }
    // setHeader now; the SDK's writeHead merges its own headers with these.
    for (const [name, value] of Object.entries(policy.responseHeaders(browserOrigin))) res.setHeader(name, value);
    await router.handle(req, res);
  };

  const running = await startHttpServer(handle, {
    host: options.host,
    port: options.port,
    beforeClose: async () => {
      clearInterval(notifyTimer);
      clearInterval(idleSweepTimer);
      await router.closeAll();
    },
  });
  policy = new BrowserPolicy({
    allowedOrigins: [...ownOrigins(running.origin), ...(options.allowedOrigins ?? [SCANNER_CORS_ORIGIN])],
    corsOrigins: options.corsOrigins ?? ['*'],
  });

  let tick = 0;
  notifyTimer = setInterval(() => {
    tick++;
    for (const session of router.sessions.values()) {
      // Not tied to a request, so the SDK routes it to the session's GET stream (and
      // stores it for replay when no GET stream is open). Honours logging/setLevel.
      session.server
        .sendLoggingMessage({ level: 'info', logger: 'heartbeat', data: { tick, at: new Date().toISOString() } }, session.id)
        .catch(() => {});
    }
  }, options.notifyEveryMs ?? 2000);
  notifyTimer.unref();

  // Without expiry every scanner visit would leave a session (and its event store) behind.
  const sessionIdleMs = options.sessionIdleMs ?? 10 * 60_000;
  idleSweepTimer = setInterval(() => void router.closeIdle(sessionIdleMs), Math.min(sessionIdleMs, 60_000));
  idleSweepTimer.unref();

  return { url: running.url, origin: running.origin, close: running.close };
}
