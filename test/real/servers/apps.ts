// MCP servers shipped as applications (a product's own server, not a framework or gateway),
// each started on 127.0.0.1 as a RealServer. Wire facts per server: test/real/transcripts/*.md.
export type { RealServer } from './types.ts';
export { startContext7 } from './context7.ts';
export { startPlaywrightMcp, startPlaywrightMcpStream, startPlaywrightMcpSse, type PlaywrightMcpEndpoint } from './playwrightMcp.ts';
export { startNotionMcp, type NotionMcpServer } from './notionMcp.ts';
