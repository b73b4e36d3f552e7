// The real-server corpus: MCP servers people deploy, installed from npm (pinned in the lockfile)
// and nginx from Debian, each started on loopback. Transcripts of what each does on the wire:
// test/real/transcripts/.
import type { RealServer } from './servers/types.ts';
import { startEverythingStreamable } from './servers/everythingStreamable.ts';
import { startEverythingSse } from './servers/everythingSse.ts';
import { startSdkStateful } from './servers/sdkStateful.ts';
import { startSdkStateless } from './servers/sdkStateless.ts';
import { startSdkJsonResponse } from './servers/sdkJsonResponse.ts';
import { startSdkV2Modern } from './servers/sdkV2Modern.ts';
import { startSdkV2Dual } from './servers/sdkV2Dual.ts';
import { startSupergateway } from './servers/supergateway.ts';
import { startMcpProxyStream, startMcpProxySse } from './servers/mcpProxy.ts';
import { startFastmcpStream, startFastmcpSse } from './servers/fastmcp.ts';
import { startNginxBuffered, startNginxSse } from './servers/nginx.ts';
import { startTmcp } from './servers/tmcp.ts';
import { startHonoMcp } from './servers/honoMcp.ts';
import { startMcpHandler, startMcpHandlerAuth } from './servers/mcpHandler.ts';
import { startMastraMcp } from './servers/mastraMcp.ts';
import { startMcpNest, startMcpNestStateful } from './servers/mcpNest.ts';
import { startFastifyMcp } from './servers/fastifyMcp.ts';
import { startContext7 } from './servers/context7.ts';
import { startPlaywrightMcpStream, startPlaywrightMcpSse } from './servers/playwrightMcp.ts';
import { startNotionMcp } from './servers/notionMcp.ts';

export type { RealServer };

export const CORPUS: Record<string, () => Promise<RealServer>> = {
  'everything-streamable': startEverythingStreamable,
  'everything-sse': startEverythingSse,
  'sdk-stateful': startSdkStateful,
  'sdk-stateless': startSdkStateless,
  'sdk-json': startSdkJsonResponse,
  'sdk-v2-modern': startSdkV2Modern,
  'sdk-v2-dual': startSdkV2Dual,
  'supergateway-sse': () => startSupergateway('sse'),
  'supergateway-stateful': () => startSupergateway('streamableHttp-stateful'),
  'supergateway-stateless': () => startSupergateway('streamableHttp-stateless'),
  'supergateway-ws': () => startSupergateway('ws'),
  'mcp-proxy-stream': startMcpProxyStream,
  'mcp-proxy-sse': startMcpProxySse,
  'fastmcp-stream': startFastmcpStream,
  'fastmcp-sse': startFastmcpSse,
  'nginx-buffered': startNginxBuffered,
  'nginx-sse': startNginxSse,
  tmcp: startTmcp,
  'hono-mcp': startHonoMcp,
  'mcp-handler': startMcpHandler,
  'mcp-handler-auth': startMcpHandlerAuth,
  'mastra-mcp': startMastraMcp,
  'mcp-nest': startMcpNest,
  'mcp-nest-stateful': startMcpNestStateful,
  'fastify-mcp': startFastifyMcp,
  context7: startContext7,
  'playwright-mcp': startPlaywrightMcpStream,
  'playwright-mcp-sse': startPlaywrightMcpSse,
  'notion-mcp': startNotionMcp,
};

/** Scan settings of the corpus tests: thresholds scaled down so a run takes seconds, not minutes. */
export const REAL_SCAN = { keepAliveMaxMs: 3_000, streamWindowMs: 5_000, deadlineMs: 45_000, toolCallWindowMs: 15_000 };

export function callToolOption(spec: string | undefined): { name: string; arguments: Record<string, unknown> } | undefined {
  if (!spec) return undefined;
  const i = spec.indexOf('=');
  return i < 0 ? { name: spec, arguments: {} } : { name: spec.slice(0, i), arguments: JSON.parse(spec.slice(i + 1)) as Record<string, unknown> };
}
