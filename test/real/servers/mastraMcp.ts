// @mastra/mcp 2.0.0 MCPServer.startHTTP behind node:http: the fixture app in mastraMcpApp.ts,
// run as a child process on 127.0.0.1, MCP at /mcp. Stateless 2026-07-28 only (2025-era
// initialize is refused). No slow tool (Mastra tools report no MCP progress).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export async function startMastraMcp(): Promise<RealServer> {
  const child = await startGatewayChild({
    label: '@mastra/mcp app',
    script: fileURLToPath(new URL('./mastraMcpApp.ts', import.meta.url)),
    args: ['{port}'],
  });
  return { name: '@mastra/mcp (MCPServer.startHTTP /mcp)', url: `http://127.0.0.1:${child.port}/mcp`, close: child.close };
}
