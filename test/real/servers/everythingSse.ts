// @modelcontextprotocol/server-everything 2026.8.31, `sse` mode (legacy 2024-11-05 HTTP+SSE),
// run as its README says (`mcp-server-everything sse`, port from the PORT env; host-less listen
// pinned to 127.0.0.1 by the loopback preload). GET /sse opens the stream (first event
// `endpoint` with `/message?sessionId=…`); POST /message?sessionId=… answers 202 and the
// JSON-RPC answer arrives on the stream. A POST with an unknown or missing sessionId is never
// answered (the handler only logs), so clients must bound it with a timeout.
import { EVERYTHING_CALL_TOOL } from './everythingStreamable.ts';
import { packageBin, startChildServer } from './child.ts';
import type { RealServer } from './types.ts';

export async function startEverythingSse(): Promise<RealServer> {
  const child = await startChildServer({
    label: 'server-everything sse',
    bin: packageBin('@modelcontextprotocol/server-everything', 'mcp-server-everything'),
    args: ['sse'],
    env: { PORT: '{port}' },
  });
  return {
    name: 'server-everything (legacy HTTP+SSE)',
    url: `http://127.0.0.1:${child.port}/sse`,
    callTool: EVERYTHING_CALL_TOOL,
    close: child.close,
  };
}
