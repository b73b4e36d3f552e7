// mcp-handler 2.4.0 (on @modelcontextprotocol/server 2.x) in Hono + @hono/node-server: the
// fixture app in mcpHandlerApp.ts, run as a child process on 127.0.0.1, MCP at /api/mcp (the
// README's route). Dual era: 2026-07-28 natively, 2025-era clients through the SDK's stateless
// fallback. `auth`: behind withMcpAuth({ required: true }) with RFC 9728 metadata. Slow tool:
// slow-progress (5 progress notifications, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const MCP_HANDLER_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';
/** The one token the `auth` fixture accepts. */
export const MCP_HANDLER_TOKEN = 'fixture-token';

export async function startMcpHandler(auth = false): Promise<RealServer> {
  const child = await startGatewayChild({
    label: `mcp-handler app${auth ? ' (auth)' : ''}`,
    script: fileURLToPath(new URL('./mcpHandlerApp.ts', import.meta.url)),
    args: auth ? ['{port}', 'auth'] : ['{port}'],
  });
  return {
    name: `mcp-handler (Hono, /api/mcp${auth ? ', withMcpAuth required' : ''})`,
    url: `http://127.0.0.1:${child.port}/api/mcp`,
    callTool: MCP_HANDLER_SLOW_TOOL,
    close: child.close,
  };
}

export const startMcpHandlerAuth = (): Promise<RealServer> => startMcpHandler(true);
