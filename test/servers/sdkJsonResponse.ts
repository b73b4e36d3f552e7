// SDK v1 Streamable HTTP, stateful, with `enableJsonResponse: true`: POST requests are
// answered with one application/json body (no SSE, so no event ids, priming or retry on
// POST; notifications emitted during a request are dropped). Minimal operator setup, as in
// the SDK's jsonResponseStreamableHttp example: no event store, no Origin validation, no CORS.
import { createDemoMcpServer } from '../../src/demo/demoTools.ts';
import { jsonRpcError, MAX_REQUEST_BODY_BYTES, sendJson, startHttpServer } from '../../src/demo/httpServer.ts';
import { SdkSessionRouter } from '../../src/demo/sdkSessions.ts';
import type { ListenOptions, RunningServer } from '../../src/demo/types.ts';

export interface SdkJsonResponseServerOptions extends ListenOptions {
  /** Keep-alive comment interval on the GET stream (default: the SDK's 15000). */
  keepAliveMs?: number;
}

export async function startSdkJsonResponseServer(options: SdkJsonResponseServerOptions = {}): Promise<RunningServer> {
  const router = new SdkSessionRouter({
    createServer: () => createDemoMcpServer('agentready-sdk-json-response-test'),
    transportOptions: {
      enableJsonResponse: true,
      keepAliveMs: options.keepAliveMs,
      maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    },
  });
  const running = await startHttpServer(
    async (req, res, origin) => {
      if (new URL(req.url ?? '/', origin).pathname !== '/mcp') {
        sendJson(res, 404, jsonRpcError(-32000, 'Not Found'));
        return;
      }
      await router.handle(req, res);
    },
    { host: options.host, port: options.port, beforeClose: () => router.closeAll() },
  );
  return { url: running.url, origin: running.origin, close: running.close };
}
