// supergateway 4.0.0 in front of @modelcontextprotocol/server-everything (stdio mode), run as
// its README says: `supergateway --stdio "<cmd>" --port N [--outputTransport …] [--stateful]`.
// supergateway has no host option (`app.listen(port)`), so the loopback preload pins it to
// 127.0.0.1. No --cors (its default: CORS off).
//  - sse:                GET /sse (endpoint event → /message?sessionId=…), POST /message
//  - streamable stateful: /mcp, one stdio child PER SESSION
//  - streamable stateless: /mcp, one stdio child PER POST (auto-initialize), GET/DELETE 405
//  - ws:                 ws://…/message, one stdio child shared by every WebSocket client
import { everythingStdioCommand, packageBin, shellJoin, startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

/** server-everything's long-running tool: 5 progress steps over 3 s (progress needs a progressToken). */
export const EVERYTHING_SLOW_TOOL = 'trigger-long-running-operation={"duration":3,"steps":5}';

export type SupergatewayMode = 'sse' | 'streamableHttp-stateful' | 'streamableHttp-stateless' | 'ws';

const NAMES: Record<SupergatewayMode, string> = {
  sse: 'supergateway (stdio → SSE)',
  'streamableHttp-stateful': 'supergateway (stdio → streamable HTTP, stateful)',
  'streamableHttp-stateless': 'supergateway (stdio → streamable HTTP, stateless)',
  ws: 'supergateway (stdio → WebSocket)',
};

export async function startSupergateway(mode: SupergatewayMode): Promise<RealServer> {
  const outputTransport = mode.startsWith('streamableHttp') ? 'streamableHttp' : mode;
  const args = ['--stdio', shellJoin(everythingStdioCommand()), '--port', '{port}', '--outputTransport', outputTransport];
  if (mode === 'streamableHttp-stateful') args.push('--stateful');
  const child = await startGatewayChild({
    label: NAMES[mode],
    script: packageBin('supergateway', 'supergateway'),
    args,
    loopbackPreload: true,
  });
  const base = `127.0.0.1:${child.port}`;
  const url =
    mode === 'sse' ? `http://${base}/sse` : mode === 'ws' ? `ws://${base}/message` : `http://${base}/mcp`;
  return { name: NAMES[mode], url, callTool: EVERYTHING_SLOW_TOOL, close: child.close };
}

export const startSupergatewaySse = (): Promise<RealServer> => startSupergateway('sse');
export const startSupergatewayStateful = (): Promise<RealServer> => startSupergateway('streamableHttp-stateful');
export const startSupergatewayStateless = (): Promise<RealServer> => startSupergateway('streamableHttp-stateless');
export const startSupergatewayWs = (): Promise<RealServer> => startSupergateway('ws');
