// TS SDK v1 stateless Streamable HTTP (test/servers/sdkStateless.ts: a fresh McpServer +
// transport per POST, `sessionIdGenerator: undefined`, GET/DELETE → 405), as a RealServer.
import { startSdkStatelessServer } from '../../servers/sdkStateless.ts';
import type { RealServer } from './types.ts';

/** The demo servers' slow tool: 5 steps 600 ms apart (progress only with a progressToken). */
export const DEMO_CALL_TOOL = 'slow-count={"count":5,"intervalMs":600}';

export async function startSdkStateless(): Promise<RealServer> {
  const s = await startSdkStatelessServer();
  return { name: 'TS SDK v1 stateless Streamable HTTP', url: s.url, callTool: DEMO_CALL_TOOL, close: s.close };
}
