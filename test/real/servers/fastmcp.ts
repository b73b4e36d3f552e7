// fastmcp 4.20.16: the fixture app in fastmcpApp.ts, run as a child process
// (process.execPath fastmcpApp.ts <port>) on 127.0.0.1. One process serves streamable HTTP at
// /mcp and legacy HTTP+SSE at /sse. Slow tool: slow-progress (5 × reportProgress, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const FASTMCP_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';

export type FastmcpEndpoint = 'mcp' | 'sse';

/** `auth`: the app's `authenticate` hook demands a bearer token (see fastmcpApp.ts). */
export async function startFastmcp(endpoint: FastmcpEndpoint, opts: { auth?: boolean } = {}): Promise<RealServer> {
  const child = await startGatewayChild({
    label: 'fastmcp app',
    script: fileURLToPath(new URL('./fastmcpApp.ts', import.meta.url)),
    args: ['{port}', ...(opts.auth ? ['auth'] : [])],
  });
  return {
    name: `${endpoint === 'mcp' ? 'fastmcp (httpStream /mcp)' : 'fastmcp (legacy HTTP+SSE /sse)'}${opts.auth ? ' behind authenticate' : ''}`,
    url: `http://127.0.0.1:${child.port}/${endpoint}`,
    callTool: FASTMCP_SLOW_TOOL,
    close: child.close,
  };
}

export const startFastmcpStream = (): Promise<RealServer> => startFastmcp('mcp');
export const startFastmcpSse = (): Promise<RealServer> => startFastmcp('sse');
