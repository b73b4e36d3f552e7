// A small fastify-mcp (3.0.0, Fastify 5 + the official SDK v1) server, started as a child process
// by fastifyMcp.ts:
//   node test/real/servers/fastifyMcpApp.ts <port>
// Its README's setup with `stateful: true`: `app.register(streamableHttp, { stateful: true,
// mcpEndpoint: '/mcp', sessions: new Sessions(), createServer })`, where createServer returns a
// fresh McpServer's `.server`; listening on 127.0.0.1:<port>. fastify-mcp keeps its own session
// map and answers requests it cannot route (no, unknown or ended session id) itself.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { fastify } from 'fastify';
import { Sessions, streamableHttp } from 'fastify-mcp';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: fastifyMcpApp.ts <port>');

function createServer() {
  const mcpServer = new McpServer({ name: 'agentready-fastify-mcp-fixture', version: '1.0.0' }, { capabilities: { logging: {} } });
  mcpServer.registerTool('add', {
    description: 'Adds two numbers',
    inputSchema: { a: z.number(), b: z.number() },
  }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  mcpServer.registerTool('slow-progress', {
    description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress.',
    inputSchema: { steps: z.number().int().min(1).max(20).default(5), intervalMs: z.number().int().min(0).max(2000).default(600) },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async ({ steps, intervalMs }, extra) => {
    const progressToken = extra._meta?.progressToken;
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (progressToken !== undefined) {
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: i, total: steps } });
      }
    }
    return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
  });
  return mcpServer.server;
}

const app = fastify();
app.register(streamableHttp, {
  stateful: true,
  mcpEndpoint: '/mcp',
  sessions: new Sessions<StreamableHTTPServerTransport>(),
  createServer,
});
await app.listen({ port, host: '127.0.0.1' });
