// A small FastMCP (fastmcp 4.20.16) server, started as a child process by fastmcp.ts:
//   node test/real/servers/fastmcpApp.ts <port> [auth]
// With `auth`: fastmcp's `authenticate` hook admits only `Authorization: Bearer <FASTMCP_TOKEN>`
// and refuses the rest with a bare 401 (no WWW-Authenticate), as its README's example does.
// httpStream transport on 127.0.0.1:<port>: streamable HTTP at /mcp and legacy SSE at /sse
// (both served by mcp-proxy's startHTTPServer under the hood). Defaults otherwise: stateful
// sessions, fastmcp's default ping (enabled for httpStream), default CORS.
import { FastMCP } from 'fastmcp';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: fastmcpApp.ts <port>');

const auth = process.argv[3] === 'auth';
const token = process.env.FASTMCP_TOKEN ?? 'agentready-fixture-token';
const server = new FastMCP({
  name: 'agentready-fastmcp-fixture', version: '1.0.0',
  ...(auth ? {
    authenticate: async (request: { headers: Record<string, string | string[] | undefined> }) => {
      if (request.headers.authorization !== `Bearer ${token}`) throw new Response(null, { status: 401, statusText: 'Unauthorized' });
      return { user: 'fixture' };
    },
  } : {}),
});

server.addTool({
  name: 'add',
  description: 'Adds two numbers',
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => String(a + b),
});

server.addTool({
  name: 'slow-progress',
  description: 'Counts `steps` steps `intervalMs` apart, reporting each with reportProgress.',
  parameters: z.object({
    steps: z.number().int().min(1).max(20).default(5),
    intervalMs: z.number().int().min(0).max(2000).default(600),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  execute: async ({ steps, intervalMs }, { reportProgress }) => {
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      await reportProgress({ progress: i, total: steps });
    }
    return `Done: ${steps} steps`;
  },
});

await server.start({
  transportType: 'httpStream',
  httpStream: { port, host: '127.0.0.1' },
});
