// @rekog/mcp-nest 2.0.5 on NestJS 12 + Express: the fixture app in mcpNestApp.ts, run as a
// child process on 127.0.0.1, MCP at /mcp. Default (README Quick Start): stateless, dual era.
// `stateful`: statefulMode (sessions, GET stream). Slow tool: slow-progress (5 progress
// notifications, 600 ms apart).
import { fileURLToPath } from 'node:url';
import { startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export const MCP_NEST_SLOW_TOOL = 'slow-progress={"steps":5,"intervalMs":600}';

export async function startMcpNest(stateful = false): Promise<RealServer> {
  const child = await startGatewayChild({
    label: `@rekog/mcp-nest app${stateful ? ' (stateful)' : ''}`,
    script: fileURLToPath(new URL('./mcpNestApp.ts', import.meta.url)),
    args: stateful ? ['{port}', 'stateful'] : ['{port}'],
  });
  return {
    name: `@rekog/mcp-nest (StreamableHttpTransport /mcp, ${stateful ? 'statefulMode' : 'Quick Start: stateless'})`,
    url: `http://127.0.0.1:${child.port}/mcp`,
    callTool: MCP_NEST_SLOW_TOOL,
    close: child.close,
  };
}

export const startMcpNestStateful = (): Promise<RealServer> => startMcpNest(true);
