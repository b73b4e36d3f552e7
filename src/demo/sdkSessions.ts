// Routes Streamable HTTP requests to one SDK v1 transport (and one McpServer) per session,
// the way the SDK's stateful examples do, with the answers the spec asks for when no
// transport matches: unknown or terminated session → 404, missing session id on anything
// but an initialize POST → 400.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  StreamableHTTPServerTransport,
  type StreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { headerValue, jsonRpcError, sendJson } from './httpServer.ts';

export interface SdkSession {
  id: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** When the last request of this session started or ended (ms since epoch). */
  lastActiveAt: number;
  /** Requests being served, open GET/SSE streams included. */
  inFlight: number;
}

export interface SdkSessionRouterOptions {
  /** A fresh McpServer for each session (an McpServer connects to exactly one transport). */
  createServer: () => McpServer;
  /** Transport settings shared by every session (session callbacks are owned by the router). */
  transportOptions?: Omit<
    StreamableHTTPServerTransportOptions,
    'sessionIdGenerator' | 'onsessioninitialized' | 'onsessionclosed' | 'eventStore'
  >;
  /**
   * One event store per session. Never share a store between sessions: the SDK names every
   * session's standalone GET stream "_GET_stream", so a shared store keyed by stream id
   * would replay one session's notifications to another.
   */
  createEventStore?: () => EventStore;
}

export class SdkSessionRouter {
  readonly sessions = new Map<string, SdkSession>();
  readonly #options: SdkSessionRouterOptions;

  constructor(options: SdkSessionRouterOptions) {
    this.#options = options;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = headerValue(req, 'mcp-session-id');
    if (sessionId !== undefined) {
      const session = this.sessions.get(sessionId);
      if (session === undefined) {
        // Same body the SDK transport uses for a session it no longer knows.
        sendJson(res, 404, jsonRpcError(-32001, 'Session not found'));
        return;
      }
      session.inFlight++;
      session.lastActiveAt = Date.now();
      try {
        // Resolves only once the response has ended, so an open GET stream counts as activity.
        await session.transport.handleRequest(req, res);
      } finally {
        session.inFlight--;
        session.lastActiveAt = Date.now();
      }
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 400, jsonRpcError(-32000, 'Bad Request: Mcp-Session-Id header is required'));
      return;
    }
    // Only an initialize POST may come without a session. Rather than parse the body here,
    // hand it to a fresh transport: it reads the body under its own size limit, starts a
    // session for an initialize, and answers anything else with 400 ("Server not
    // initialized"), after which the unused transport is dropped.
    const session = await this.#openSession();
    try {
      await session.transport.handleRequest(req, res);
    } finally {
      if (session.transport.sessionId === undefined) await session.server.close();
    }
  }

  /** Ends sessions with nothing in flight and no request for `idleMs` (later requests get 404). */
  async closeIdle(idleMs: number): Promise<void> {
    const cutoff = Date.now() - idleMs;
    const idle = [...this.sessions.values()].filter((s) => s.inFlight === 0 && s.lastActiveAt < cutoff);
    await Promise.allSettled(idle.map((s) => s.server.close()));
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.server.close()));
  }

  async #openSession(): Promise<Pick<SdkSession, 'server' | 'transport'>> {
    const server = this.#options.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      ...this.#options.transportOptions,
      sessionIdGenerator: () => randomUUID(),
      eventStore: this.#options.createEventStore?.(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { id, server, transport, lastActiveAt: Date.now(), inFlight: 0 });
      },
    });
    // Set before connect(): the server chains its own close handling after ours. DELETE
    // closes the transport, which drops the session so later requests get 404.
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return { server, transport };
  }
}
