// TS SDK v1 (@modelcontextprotocol/sdk 1.32.2) stateful Streamable HTTP, wired exactly as the
// SDK's examples/server/simpleStreamableHttp does (without --oauth): createMcpExpressApp()
// (default host 127.0.0.1 ⇒ localhost Host-header validation, express.json()), one
// StreamableHTTPServerTransport per session with randomUUID session ids and the SDK's example
// InMemoryEventStore (ids `<streamId>_<ms>_<rand>`, replay limited to the id's own stream),
// the example's session map / idle tracking and its POST/GET/DELETE handlers, no CORS.
// Runs in-process on 127.0.0.1:<ephemeral>. Tools: greet, multi-greet (as the example) and
// slow-progress (5 progress notifications 600 ms apart when the request has a progressToken,
// written like the SDK's progressExample).
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Request, Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { z } from 'zod';
import type { RealServer } from './types.ts';

export const SDK_SLOW_TOOL = 'slow-progress';

function getServer(): McpServer {
  const server = new McpServer(
    { name: 'simple-streamable-http-server', version: '1.0.0' },
    { capabilities: { logging: {} } },
  );
  server.registerTool(
    'greet',
    { title: 'Greeting Tool', description: 'A simple greeting tool', inputSchema: { name: z.string().describe('Name to greet') } },
    async ({ name }) => ({ content: [{ type: 'text', text: `Hello, ${name}!` }] }),
  );
  server.registerTool(
    'multi-greet',
    {
      description: 'A tool that sends different greetings with delays between them',
      inputSchema: { name: z.string().describe('Name to greet') },
      annotations: { title: 'Multiple Greeting Tool', readOnlyHint: true, openWorldHint: false },
    },
    async ({ name }, extra) => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await server.sendLoggingMessage({ level: 'debug', data: `Starting multi-greet for ${name}` }, extra.sessionId);
      await sleep(1000);
      await server.sendLoggingMessage({ level: 'info', data: `Sending first greeting to ${name}` }, extra.sessionId);
      await sleep(1000);
      await server.sendLoggingMessage({ level: 'info', data: `Sending second greeting to ${name}` }, extra.sessionId);
      return { content: [{ type: 'text', text: `Good morning, ${name}!` }] };
    },
  );
  server.registerTool(
    SDK_SLOW_TOOL,
    {
      description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress when the request has a progressToken.',
      inputSchema: {
        steps: z.number().int().min(1).max(20).default(5),
        intervalMs: z.number().int().min(0).max(2000).default(600),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ steps, intervalMs }, extra) => {
      for (let i = 1; i <= steps; i++) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        if (extra.signal.aborted) return { content: [{ type: 'text', text: `Cancelled at ${i}` }], isError: true };
        if (extra._meta?.progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: extra._meta.progressToken, progress: i, total: steps, message: `step ${i}/${steps}` },
          });
        }
      }
      return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
    },
  );
  return server;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  open: number;
  lastActive: number;
}

export async function startSdkStateful(): Promise<RealServer> {
  const app = createMcpExpressApp();
  const IDLE_MS = 30 * 60000;
  const MAX_SESSIONS = 1000;
  const sessions = new Map<string, Session>();
  const trackResponse = (session: Session, res: Response) => {
    if (!res.socket || res.destroyed) return;
    session.open++;
    res.on('close', () => {
      session.open--;
      session.lastActive = Date.now();
    });
  };
  const sweeper = setInterval(() => {
    const cutoff = Date.now() - IDLE_MS;
    for (const { transport, open, lastActive } of sessions.values()) {
      if (open === 0 && lastActive < cutoff) transport.close().catch(console.error);
    }
  }, 60000);
  sweeper.unref();

  app.post('/mcp', async (req: Request, res: Response) => {
    const sessionId = req.headers['mcp-session-id'] as string | undefined;
    try {
      const session = sessionId ? sessions.get(sessionId) : undefined;
      let transport: StreamableHTTPServerTransport;
      if (session) {
        transport = session.transport;
        trackResponse(session, res);
      } else if (!sessionId && isInitializeRequest(req.body)) {
        if (sessions.size >= MAX_SESSIONS) {
          res.status(503).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Too many open sessions' }, id: null });
          return;
        }
        const eventStore = new InMemoryEventStore();
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          eventStore, // Enable resumability
          onsessioninitialized: (sid) => {
            sessions.set(sid, { transport, open: 0, lastActive: Date.now() });
          },
        });
        transport.onclose = () => {
          const sid = transport.sessionId;
          if (sid && sessions.has(sid)) sessions.delete(sid);
        };
        const server = getServer();
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
        return;
      } else if (sessionId) {
        res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
        return;
      } else {
        res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null });
        return;
      }
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      console.error('Error handling MCP request:', error);
      if (!res.headersSent) {
        res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
      }
    }
  });

  // GET and DELETE find their session the same way (400 without an id, 404 for an unknown one)
  const sessionOf = (req: Request, res: Response) => {
    const sessionId = req.headers['mcp-session-id'] as string | undefined;
    if (!sessionId) {
      res.status(400).send('Missing session ID');
      return undefined;
    }
    const session = sessions.get(sessionId);
    if (!session) res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
    return session;
  };

  app.get('/mcp', async (req: Request, res: Response) => {
    const session = sessionOf(req, res);
    if (!session) return;
    trackResponse(session, res);
    await session.transport.handleRequest(req, res);
  });

  app.delete('/mcp', async (req: Request, res: Response) => {
    const session = sessionOf(req, res);
    if (!session) return;
    try {
      trackResponse(session, res);
      await session.transport.handleRequest(req, res);
    } catch (error) {
      console.error('Error handling session termination:', error);
      if (!res.headersSent) res.status(500).send('Error processing session termination');
    }
  });

  const httpServer = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  let closing: Promise<void> | undefined;
  return {
    name: 'TS SDK v1 stateful Streamable HTTP (simpleStreamableHttp + InMemoryEventStore)',
    url: `http://127.0.0.1:${address.port}/mcp`,
    callTool: `${SDK_SLOW_TOOL}={"steps":5,"intervalMs":600}`,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.allSettled(open.map((s) => s.transport.close()));
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
        await stopped;
      })()),
  };
}
