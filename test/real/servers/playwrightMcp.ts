// @playwright/mcp 0.0.86, run as its README says for a standalone HTTP server:
// `playwright-mcp --port N --host 127.0.0.1 --headless` (plus `--executable-path` to Debian's
// chromium, so it never looks for a downloaded browser). One process serves both transports:
// streamable HTTP (sessionful) at /mcp and legacy HTTP+SSE at /sse. No tool is ever called, so
// no browser starts. Host header checked against localhost/127.0.0.1/[::1]:N; Origin not checked.
import { packageBin, startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export type PlaywrightMcpEndpoint = 'stream' | 'sse';

const CHROMIUM = '/usr/bin/chromium';

export async function startPlaywrightMcp(endpoint: PlaywrightMcpEndpoint): Promise<RealServer> {
  const child = await startGatewayChild({
    label: 'playwright-mcp',
    script: packageBin('@playwright/mcp', 'playwright-mcp'),
    args: ['--port', '{port}', '--host', '127.0.0.1', '--headless', '--executable-path', CHROMIUM],
  });
  const base = `http://127.0.0.1:${child.port}`;
  return endpoint === 'stream'
    ? { name: 'playwright-mcp (streamable HTTP /mcp)', url: `${base}/mcp`, close: child.close }
    : { name: 'playwright-mcp (legacy HTTP+SSE /sse)', url: `${base}/sse`, close: child.close };
}

export const startPlaywrightMcpStream = (): Promise<RealServer> => startPlaywrightMcp('stream');
export const startPlaywrightMcpSse = (): Promise<RealServer> => startPlaywrightMcp('sse');
