// tmcp 1.20.0 with @tmcp/transport-http 0.9.0: the fixture app in tmcpApp.ts, run as a child
// process (process.execPath tmcpApp.ts <port>) on 127.0.0.1, MCP at /mcp. Session-era clients
// (initialize) and stateless 2026-07-28 clients share the endpoint. Slow tool: slow-progress
// (5 progress notifications, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const TMCP_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';

export async function startTmcp(): Promise<RealServer> {
  const child = await startGatewayChild({
    label: 'tmcp app',
    script: fileURLToPath(new URL('./tmcpApp.ts', import.meta.url)),
    args: ['{port}'],
  });
  return {
    name: 'tmcp (HttpTransport /mcp)',
    url: `http://127.0.0.1:${child.port}/mcp`,
    callTool: TMCP_SLOW_TOOL,
    close: child.close,
  };
}
