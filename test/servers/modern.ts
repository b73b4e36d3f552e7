// A 2026-07-28 ("modern", stateless) MCP server: @modelcontextprotocol/server 2.4.0's
// createMcpHandler behind node:http (our own small bridge, nodeWebBridge.ts).
// `legacy: false` → createMcpHandler(..., { legacy: 'reject' }) (modern-only);
// `legacy: true`  → { legacy: 'stateless' } (the SDK default: 2025-era requests are served
// by a fresh SDK v1-style stateless transport per request).
//
// WIRE FACTS, observed by experiment against this module (SDK 2.4.0), both variants unless noted:
//
// server/discover — the minimal request that succeeds:
//   POST /mcp
//   Content-Type: application/json                 (anything else → 415, id-less -32000)
//   MCP-Protocol-Version: 2026-07-28               (required once the body carries the envelope)
//   Mcp-Method: server/discover                    (required on every modern request)
//   Accept: application/json, text/event-stream   (NOT checked: JSON-only or no Accept also → 200)
//   {"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{
//     "io.modelcontextprotocol/protocolVersion":"2026-07-28",
//     "io.modelcontextprotocol/clientCapabilities":{}}}}
//   (those two _meta keys are the required "envelope"; clientInfo is optional)
// → 200, Content-Type: application/json (no Mcp-Session-Id, no SSE, no CORS headers):
//   {"result":{"supportedVersions":["2026-07-28"],"capabilities":{"tools":{"listChanged":true}},
//    "resultType":"complete","ttlMs":0,"cacheScope":"private",
//    "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"agentready-modern-test","version":"1.0.0"}}},
//    "jsonrpc":"2.0","id":1}
//
// Validation ladder (all 400 + application/json, JSON-RPC error carrying the request id):
// - no envelope, no headers ("claim-less"): reject → 400 -32022 "Unsupported protocol version:
//   the request did not name a protocol version", data {supported:["2026-07-28"]};
//   legacy → routed to the 2025 stateless leg → 200 text/event-stream with a -32601
//   "Method not found" event (a claim-less POST is a 2025-era request there).
// - MCP-Protocol-Version: 2026-07-28 but no _meta → -32602 "…missing the required per-request
//   envelope key(s): _meta"; _meta without clientCapabilities → -32602 "Invalid _meta envelope…".
// - envelope present, MCP-Protocol-Version header absent → -32020 HeaderMismatch
//   (data.mismatch {header:"(missing)", body:"…"}); Mcp-Method absent → -32020; Mcp-Method
//   different from the body method → -32020; tools/call without Mcp-Name → -32020.
// - header 1999-01-01 with envelope 2026-07-28 → -32020 (mismatch wins); header and envelope
//   both 1999-01-01 → -32022 data {supported:["2026-07-28"], requested:"1999-01-01"}.
// - header MCP-Protocol-Version: 2025-11-25 without envelope: reject → -32022 (requested
//   "2025-11-25"); legacy → 2025 leg → 200 SSE "Method not found".
// - unknown modern method (valid envelope + headers) → 404 with -32601 "Method not found".
// - modern notification (valid envelope + headers) → 202, empty body.
//
// initialize with protocolVersion 2025-11-25 (no MCP headers):
//   reject → 400 -32022 "Unsupported protocol version: 2025-11-25",
//            data {supported:["2026-07-28"], requested:"2025-11-25"};
//   legacy → 200 text/event-stream (Cache-Control: no-cache, no-transform; X-Accel-Buffering: no),
//            one `event: message` (no id:, no priming, no retry:) with the InitializeResult
//            (protocolVersion 2025-11-25; an unknown requested version is answered with 2025-11-25),
//            and NO Mcp-Session-Id (stateless).
// GET, DELETE, OPTIONS (any headers) → 405, Allow: POST, id-less -32000 "Method not allowed.".
// Bad MCP-Protocol-Version (1999-01-01) without envelope: reject → 400 -32022 (with id);
//   legacy → the 2025 leg answers 400 id-less -32000 "Bad Request: Unsupported protocol
//   version: 1999-01-01 (supported versions: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05, 2024-10-07)".
// No Origin validation and no CORS at all: `Origin: https://evil.example` is served (200).
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { startHttpServer } from '../../src/demo/httpServer.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import { sendWebResponse, toWebRequest } from './nodeWebBridge.ts';

export interface ModernServerOptions {
  /** Also serve 2025-era clients (`initialize`) through the SDK's stateless legacy fallback. */
  legacy: boolean;
  port?: number;
}

function createModernMcpServer(): McpServer {
  const server = new McpServer({ name: 'agentready-modern-test', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the given text unchanged.', inputSchema: z.object({ text: z.string().max(10_000) }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

/** A 2026-07-28 (stateless) server: modern-only with `legacy: false`, dual-era with `legacy: true`. */
export async function startModernServer(options: ModernServerOptions): Promise<RunningServer> {
  const handler = createMcpHandler(createModernMcpServer, {
    legacy: options.legacy ? 'stateless' : 'reject',
    maxRequestBodySize: 1024 * 1024,
  });
  const running = await startHttpServer(
    async (req, res, origin) => {
      if (new URL(req.url ?? '/', origin).pathname !== '/mcp') {
        res.writeHead(404).end();
        return;
      }
      await sendWebResponse(await handler.fetch(toWebRequest(req, res, origin)), res);
    },
    { port: options.port, beforeClose: () => handler.close() },
  );
  return { url: running.url, origin: running.origin, close: running.close };
}
