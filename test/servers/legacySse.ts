// The deprecated 2024-11-05 HTTP+SSE transport, via SDK v1's SSEServerTransport:
// GET /sse opens the stream, whose first event is `endpoint` with the relative POST URL
// `/messages?sessionId=<id>`; POST /messages?sessionId=<id> answers 202 "Accepted" and the
// JSON-RPC response arrives as a `message` event on the GET stream. No event ids, no
// keep-alive, no Origin validation (the SDK's deprecated options are left off).
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createDemoMcpServer } from '../../src/demo/demoTools.ts';
import { startHttpServer } from '../../src/demo/httpServer.ts';
import type { ListenOptions, RunningServer } from '../../src/demo/types.ts';

export const LEGACY_SSE_PATH = '/sse';
export const LEGACY_MESSAGES_PATH = '/messages';

/**
 * `url` is the `/sse` URL; `origin` is where `/messages` lives too. `protectPosts`: the SDK's own
 * DNS-rebinding protection (allowedHosts/allowedOrigins), which it applies to POSTs only.
 * `sharedServer`: one McpServer for every connection, as the SDK README's HTTP+SSE example has
 * it; SDK 1.32's `connect()` then throws "Already connected to a transport" for the second client.
 */
export async function startLegacySseServer(options: ListenOptions & { protectPosts?: boolean; sharedServer?: boolean } = {}): Promise<RunningServer> {
  const { protectPosts, sharedServer, ...listen } = options;
  const shared = sharedServer ? createDemoMcpServer('agentready-legacy-sse-test') : undefined;
  const transports = new Map<string, SSEServerTransport>();

  const running = await startHttpServer(
    async (req, res, origin) => {
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && url.pathname === LEGACY_SSE_PATH) {
        const transport = new SSEServerTransport(LEGACY_MESSAGES_PATH, res, protectPosts
          ? { enableDnsRebindingProtection: true, allowedHosts: [new URL(origin).host], allowedOrigins: [origin] }
          : undefined);
        const server = shared ?? createDemoMcpServer('agentready-legacy-sse-test');
        transports.set(transport.sessionId, transport);
        // Set before connect(): the server chains its own close handling after ours.
        transport.onclose = () => transports.delete(transport.sessionId);
        try {
          await server.connect(transport); // writes the headers and the `endpoint` event
        } catch (err) {
          transports.delete(transport.sessionId);
          // what Express's default error handler sends for the README example
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/html' }).end(`<pre>${String(err)}</pre>`);
        }
        return;
      }
      if (req.method === 'POST' && url.pathname === LEGACY_MESSAGES_PATH) {
        const transport = transports.get(url.searchParams.get('sessionId') ?? '');
        if (transport === undefined) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Session not found');
          return;
        }
        await transport.handlePostMessage(req, res); // reads at most the SDK's 4 MB
        return;
      }
      res.writeHead(url.pathname === LEGACY_SSE_PATH || url.pathname === LEGACY_MESSAGES_PATH ? 405 : 404).end();
    },
    {
      ...listen,
      path: LEGACY_SSE_PATH,
      beforeClose: async () => {
        const open = [...transports.values()];
        transports.clear();
        await Promise.allSettled(open.map((t) => t.close()));
      },
    },
  );
  return { url: running.url, origin: running.origin, close: running.close };
}
