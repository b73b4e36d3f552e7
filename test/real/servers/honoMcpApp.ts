// A small @hono/mcp (0.3.2) server, started as a child process by honoMcp.ts:
//   node test/real/servers/honoMcpApp.ts <port>
// Exactly the README's setup: one official-SDK McpServer (v1) connected to one @hono/mcp
// StreamableHTTPTransport created with no options (so no session ids: stateless), mounted with
// app.all('/mcp') on Hono and served by @hono/node-server on 127.0.0.1:<port>. The transport is
// @hono/mcp's own implementation on Hono's SSE streaming, not the SDK's.
import { serve } from '@hono/node-server';
import { StreamableHTTPTransport } from '@hono/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Hono } from 'hono';
import { registerFixtureTools } from './sdkFixtureTools.ts';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: honoMcpApp.ts <port>');

const mcpServer = new McpServer({ name: 'agentready-hono-mcp-fixture', version: '1.0.0' }, { capabilities: { logging: {} } });

registerFixtureTools(mcpServer);

const transport = new StreamableHTTPTransport();
const app = new Hono();

app.all('/mcp', async (c) => {
  if (!mcpServer.isConnected()) await mcpServer.connect(transport);
  return transport.handleRequest(c);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
