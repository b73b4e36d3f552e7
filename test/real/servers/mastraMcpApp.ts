// A small @mastra/mcp (2.0.0, with @mastra/core 1.71.0) server, started as a child process by
// mastraMcp.ts:
//   node test/real/servers/mastraMcpApp.ts <port>
// Exactly its reference docs' setup: `new MCPServer({ id, name, version, tools })` and a plain
// node:http server calling `server.startHTTP({ url, httpPath: '/mcp', req, res })` for every
// request, on 127.0.0.1:<port>. @mastra/mcp 2.x serves only 2026-07-28 (its own copy of the
// official SDK v2, createMcpHandler with legacy: 'reject'); no request guards (`options` omitted).
import http from 'node:http';
import { createTool } from '@mastra/core/tools';
import { MCPServer } from '@mastra/mcp';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: mastraMcpApp.ts <port>');

const add = createTool({
  id: 'add',
  description: 'Adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});

const server = new MCPServer({ id: 'agentready-mastra-fixture', name: 'agentready-mastra-fixture', version: '1.0.0', tools: { add } });

const httpServer = http.createServer(async (req, res) => {
  await server.startHTTP({ url: new URL(req.url || '', `http://127.0.0.1:${port}`), httpPath: '/mcp', req, res });
});
httpServer.listen(port, '127.0.0.1');
