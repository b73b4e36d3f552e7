// mcp-proxy 6.7.19 in front of @modelcontextprotocol/server-everything (stdio mode), run as its
// README says: `mcp-proxy --host 127.0.0.1 --port N -- <command> [args…]`. One process serves
// both transports (defaults): streamable HTTP at /mcp (sessionful for 2025-era clients, event
// store on by default, the 2026-07-28 leg on by default) and legacy HTTP+SSE at /sse. Every
// downstream session is multiplexed onto ONE upstream stdio connection. CORS on by default.
import { everythingStdioCommand, packageBin, startGatewayChild } from './gatewayChild.ts';
import { EVERYTHING_SLOW_TOOL } from './supergateway.ts';
import type { RealServer } from './types.ts';

export type McpProxyEndpoint = 'stream' | 'sse';

export interface McpProxyPair {
  stream: RealServer; // /mcp
  sse: RealServer; // /sse
  close(): Promise<void>;
}

/** One mcp-proxy process, both URLs (closing either RealServer closes the process). */
export async function startMcpProxyPair(): Promise<McpProxyPair> {
  const child = await startGatewayChild({
    label: 'mcp-proxy',
    script: packageBin('mcp-proxy', 'mcp-proxy'),
    args: ['--host', '127.0.0.1', '--port', '{port}', '--', ...everythingStdioCommand()],
  });
  const base = `http://127.0.0.1:${child.port}`;
  return {
    stream: { name: 'mcp-proxy (streamable HTTP /mcp)', url: `${base}/mcp`, callTool: EVERYTHING_SLOW_TOOL, close: child.close },
    sse: { name: 'mcp-proxy (legacy HTTP+SSE /sse)', url: `${base}/sse`, callTool: EVERYTHING_SLOW_TOOL, close: child.close },
    close: child.close,
  };
}

/** A launcher with a mode argument: its own mcp-proxy process, the chosen URL. */
export async function startMcpProxy(endpoint: McpProxyEndpoint): Promise<RealServer> {
  const pair = await startMcpProxyPair();
  return pair[endpoint];
}

export const startMcpProxyStream = (): Promise<RealServer> => startMcpProxy('stream');
export const startMcpProxySse = (): Promise<RealServer> => startMcpProxy('sse');
