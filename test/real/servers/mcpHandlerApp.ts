// A small mcp-handler (2.4.0, Vercel's adapter on the official SDK v2 @modelcontextprotocol/server)
// server, started as a child process by mcpHandler.ts:
//   node test/real/servers/mcpHandlerApp.ts <port> [auth]
// As its README mounts it in Hono ("Hono routes using c.req.raw"): createMcpHandler's
// web-standard handler on app.all('/api/mcp'), served by @hono/node-server on 127.0.0.1:<port>.
// With `auth`, the authorization setup of its docs: withMcpAuth(handler, verifyToken,
// { required: true }) and protectedResourceHandler at /.well-known/oauth-protected-resource
// (with its OPTIONS handler), pointing at an authorization server on this same origin whose
// RFC 8414 metadata the app serves (a deployer's AS; mcp-handler implements only the resource
// server side). The only valid token is `fixture-token`.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createMcpHandler, metadataCorsOptionsRequestHandler, protectedResourceHandler, withMcpAuth } from 'mcp-handler';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: mcpHandlerApp.ts <port> [auth]');
const withAuth = process.argv[3] === 'auth';
const origin = `http://127.0.0.1:${port}`;

const handler = createMcpHandler(
  (server) => {
    server.registerTool(
      'add',
      { description: 'Adds two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
      async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
    );
    server.registerTool(
      'slow-progress',
      {
        description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress.',
        inputSchema: z.object({
          steps: z.number().int().min(1).max(20).default(5),
          intervalMs: z.number().int().min(0).max(2000).default(600),
        }),
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async ({ steps, intervalMs }, ctx) => {
        const progressToken = ctx.mcpReq._meta?.progressToken;
        for (let i = 1; i <= steps; i++) {
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
          if (progressToken !== undefined) {
            await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: i, total: steps } });
          }
        }
        return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
      },
    );
  },
  { serverInfo: { name: 'agentready-mcp-handler-fixture', version: '1.0.0' }, telemetry: false },
);

const verifyToken = async (_req: Request, bearerToken?: string) =>
  bearerToken === 'fixture-token' ? { token: bearerToken, clientId: 'fixture-client', scopes: ['mcp'] } : undefined;

const mcp = withAuth ? withMcpAuth(handler, verifyToken, { required: true }) : handler;

const app = new Hono();
app.all('/api/mcp', (c) => mcp(c.req.raw));
if (withAuth) {
  const prm = protectedResourceHandler({ authServerUrls: [origin] });
  app.get('/.well-known/oauth-protected-resource', (c) => prm(c.req.raw));
  app.options('/.well-known/oauth-protected-resource', () => metadataCorsOptionsRequestHandler()());
  app.get('/.well-known/oauth-authorization-server', (c) =>
    c.json({
      issuer: origin,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/token`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
    }, 200, { 'Access-Control-Allow-Origin': '*' }),
  );
}

serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
