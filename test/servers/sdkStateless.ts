// SDK v1 Streamable HTTP in stateless mode (`sessionIdGenerator: undefined`), wired as the
// SDK's simpleStatelessStreamableHttp example does: a fresh McpServer + transport for every
// POST, no Mcp-Session-Id ever, GET and DELETE → 405.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createDemoMcpServer } from '../../src/demo/demoTools.ts';
import { jsonRpcError, MAX_REQUEST_BODY_BYTES, sendJson, startHttpServer } from '../../src/demo/httpServer.ts';
import type { ListenOptions, RunningServer } from '../../src/demo/types.ts';

export async function startSdkStatelessServer(options: ListenOptions = {}): Promise<RunningServer> {
  const running = await startHttpServer(
    async (req, res, origin) => {
      if (new URL(req.url ?? '/', origin).pathname !== '/mcp') {
        sendJson(res, 404, jsonRpcError(-32000, 'Not Found'));
        return;
      }
      if (req.method !== 'POST') {
        // Same answer the SDK example gives: nothing to stream or terminate without sessions.
        sendJson(res, 405, jsonRpcError(-32000, 'Method not allowed.'), { Allow: 'POST' });
        return;
      }
      const server = createDemoMcpServer('agentready-sdk-stateless-test');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
      });
      res.on('close', () => {
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
    },
    options,
  );
  return { url: running.url, origin: running.origin, close: running.close };
}
