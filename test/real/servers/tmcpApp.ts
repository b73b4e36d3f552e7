// A small tmcp (tmcp 1.20.0 + @tmcp/transport-http 0.9.0, valibot adapter) server, started as a
// child process by tmcp.ts:
//   node test/real/servers/tmcpApp.ts <port>
// tmcp is an MCP implementation independent of the official SDK. Its HttpTransport answers
// Web Requests; @hono/node-server serves it on 127.0.0.1:<port>, MCP at /mcp. Transport
// defaults otherwise (in-memory sessions, no CORS headers, no allowedOrigins), as in its README.
import { serve } from '@hono/node-server';
import { ValibotJsonSchemaAdapter } from '@tmcp/adapter-valibot';
import { HttpTransport } from '@tmcp/transport-http';
import { McpServer } from 'tmcp';
import * as v from 'valibot';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: tmcpApp.ts <port>');

const server = new McpServer(
  { name: 'agentready-tmcp-fixture', version: '1.0.0', description: 'agentready corpus fixture' },
  { adapter: new ValibotJsonSchemaAdapter(), capabilities: { tools: { listChanged: true }, logging: {} } },
);

server.tool(
  {
    name: 'add',
    description: 'Adds two numbers',
    schema: v.object({ a: v.number(), b: v.number() }),
  },
  async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
);

server.tool(
  {
    name: 'slow-progress',
    description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress.',
    schema: v.object({
      steps: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)), 5),
      intervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2000)), 600),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  // tmcp types handlers with the schema's input type, where defaulted fields are still optional
  async ({ steps = 5, intervalMs = 600 }) => {
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      server.progress(i, steps);
    }
    return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
  },
);

const transport = new HttpTransport(server, { path: '/mcp' });

serve({
  hostname: '127.0.0.1',
  port,
  fetch: async (request) => (await transport.respond(request)) ?? new Response('Not Found', { status: 404 }),
});
