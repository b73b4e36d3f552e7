// fastify-mcp 3.0.0 (stateful Streamable HTTP on Fastify 5 and the SDK v1 transport): the fixture
// app in fastifyMcpApp.ts, run as a child process on 127.0.0.1, MCP at /mcp. Slow tool:
// slow-progress (5 progress notifications, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const FASTIFY_MCP_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';

export async function startFastifyMcp(): Promise<RealServer> {
  const child = await startGatewayChild({
    label: 'fastify-mcp app',
    script: fileURLToPath(new URL('./fastifyMcpApp.ts', import.meta.url)),
    args: ['{port}'],
  });
  return {
    name: 'fastify-mcp (streamableHttp, stateful, /mcp)',
    url: `http://127.0.0.1:${child.port}/mcp`,
    callTool: FASTIFY_MCP_SLOW_TOOL,
    close: child.close,
  };
}
