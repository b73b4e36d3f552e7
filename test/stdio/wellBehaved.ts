// A well-behaved stdio MCP server: the SDK's StdioServerTransport, logs on stderr only,
// exits when stdin closes. Run with `node test/stdio/wellBehaved.ts`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerDemoTools } from '../../src/demo/demoTools.ts';

const server = new McpServer({ name: 'agentready-stdio-well-behaved', version: '1.0.0' }, { capabilities: { logging: {} } });
registerDemoTools(server);
console.error('[well-behaved] starting on stdio');
const transport = new StdioServerTransport();
// the SDK does not end the process itself: stdin's end is the client's "shut down"
process.stdin.on('end', () => { console.error('[well-behaved] stdin closed, exiting'); void server.close().then(() => process.exit(0)); });
await server.connect(transport);
console.error('[well-behaved] ready');
