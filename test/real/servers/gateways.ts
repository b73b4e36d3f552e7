// The gateway / framework / reverse-proxy family of real MCP servers, each started on
// 127.0.0.1 as a RealServer. Wire facts per server: test/real/transcripts/*.md.
export type { RealServer } from './types.ts';
export {
  startSupergateway,
  startSupergatewaySse,
  startSupergatewayStateful,
  startSupergatewayStateless,
  startSupergatewayWs,
  EVERYTHING_SLOW_TOOL,
  type SupergatewayMode,
} from './supergateway.ts';
export { startMcpProxy, startMcpProxyPair, startMcpProxyStream, startMcpProxySse, type McpProxyEndpoint } from './mcpProxy.ts';
export { startFastmcp, startFastmcpStream, startFastmcpSse, FASTMCP_SLOW_TOOL, type FastmcpEndpoint } from './fastmcp.ts';
export { startNginx, startNginxBuffered, startNginxSse, type NginxVariant, type NginxUpstream } from './nginx.ts';
export { startTmcp, TMCP_SLOW_TOOL } from './tmcp.ts';
export { startHonoMcp, HONO_MCP_SLOW_TOOL } from './honoMcp.ts';
export { startMcpHandler, startMcpHandlerAuth, MCP_HANDLER_SLOW_TOOL, MCP_HANDLER_TOKEN } from './mcpHandler.ts';
export { startMastraMcp } from './mastraMcp.ts';
export { startMcpNest, startMcpNestStateful, MCP_NEST_SLOW_TOOL } from './mcpNest.ts';
export { startFastifyMcp, FASTIFY_MCP_SLOW_TOOL } from './fastifyMcp.ts';
