// A stdio MCP server that prints a banner and a progress line to stdout before serving
// (the classic mistake), and logs nothing to stderr. Otherwise well-behaved (SDK transport).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerDemoTools } from '../../src/demo/demoTools.ts';

console.log('Weather MCP server v1.2 starting…');
process.stdout.write('loading [=====     ] 50%\r loading [==========] 100%\n');
const server = new McpServer({ name: 'agentready-stdio-banner', version: '1.0.0' });
registerDemoTools(server);
process.stdin.on('end', () => { void server.close().then(() => process.exit(0)); });
await server.connect(new StdioServerTransport());
