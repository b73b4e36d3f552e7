// @modelcontextprotocol/server-everything 2026.8.31, `streamableHttp` mode, run as its README
// says (`mcp-server-everything streamableHttp`, port from the PORT env; host-less listen pinned
// to 127.0.0.1 by the loopback preload). Endpoint: /mcp. Per-session SDK v1 transport with the
// package's OWN InMemoryEventStore (random UUID ids; replays every event after the given id,
// whatever its stream), permissive `cors({origin:'*'})`, no Origin/Host validation.
import { packageBin, startChildServer } from './child.ts';
import type { RealServer } from './types.ts';

/** 5 steps over 3 s; progress is sent only when the request carries a progressToken. */
export const EVERYTHING_CALL_TOOL = 'trigger-long-running-operation={"duration":3,"steps":5}';

export async function startEverythingStreamable(): Promise<RealServer> {
  const child = await startChildServer({
    label: 'server-everything streamableHttp',
    bin: packageBin('@modelcontextprotocol/server-everything', 'mcp-server-everything'),
    args: ['streamableHttp'],
    env: { PORT: '{port}' },
  });
  return {
    name: 'server-everything (streamable HTTP)',
    url: `http://127.0.0.1:${child.port}/mcp`,
    callTool: EVERYTHING_CALL_TOOL,
    close: child.close,
  };
}
