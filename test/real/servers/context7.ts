// @upstash/context7-mcp 4.1.1, run as its README says: `context7-mcp --transport http --port N`.
// Built on the TS SDK v2 (`createMcpHandler`, stateless: no Mcp-Session-Id, GET/DELETE → 405,
// 2026-07-28 served natively and 2025-era requests through the legacy fallback). Its own CORS
// middleware answers every request with `Access-Control-Allow-Origin: *`. It listens with
// `app.listen(port)` (every interface), so the loopback preload pins it to 127.0.0.1.
// In HTTP mode it also starts an embedded Prometheus exporter (127.0.0.1:9464 by default); the
// launcher gives it a free loopback port of its own so parallel runs cannot collide.
// No API key: initialize, tools/list and ping need none; the tools (never called here) would
// reach context7.com.
import { freePort, packageBin, startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export async function startContext7(): Promise<RealServer> {
  const metricsPort = await freePort();
  const child = await startGatewayChild({
    label: 'context7-mcp',
    script: packageBin('@upstash/context7-mcp', 'context7-mcp'),
    args: ['--transport', 'http', '--port', '{port}'],
    env: { OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) },
    loopbackPreload: true,
  });
  return { name: 'context7-mcp (streamable HTTP, stateless)', url: `http://127.0.0.1:${child.port}/mcp`, close: child.close };
}
