// @hono/mcp 0.3.2 on Hono + @hono/node-server: the fixture app in honoMcpApp.ts, run as a child
// process (process.execPath honoMcpApp.ts <port>) on 127.0.0.1, MCP at /mcp. As in its README:
// one McpServer and one StreamableHTTPTransport without a session id generator, shared by every
// client. Slow tool: slow-progress (5 progress notifications, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const HONO_MCP_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';

export async function startHonoMcp(): Promise<RealServer> {
  const child = await startGatewayChild({
    label: '@hono/mcp app',
    script: fileURLToPath(new URL('./honoMcpApp.ts', import.meta.url)),
    args: ['{port}'],
  });
  return {
    name: '@hono/mcp (StreamableHTTPTransport /mcp, README setup)',
    url: `http://127.0.0.1:${child.port}/mcp`,
    callTool: HONO_MCP_SLOW_TOOL,
    close: child.close,
  };
}
