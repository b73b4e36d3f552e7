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
import { registerFixtureTools } from './sdkFixtureTools.ts';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: fastifyMcpApp.ts <port>');

function createServer() {
  const mcpServer = new McpServer({ name: 'agentready-fastify-mcp-fixture', version: '1.0.0' }, { capabilities: { logging: {} } });
  registerFixtureTools(mcpServer);
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
