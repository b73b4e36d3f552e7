// TS SDK v2 (@modelcontextprotocol/server 2.x) 2026-07-28 stateless server, modern only
// (createMcpHandler legacy:'reject'; test/servers/modern.ts), as a RealServer. No slow tool
// (only `echo`), so no callTool.
import { startModernServer } from '../../servers/modern.ts';
import type { RealServer } from './types.ts';

export async function startSdkV2Modern(): Promise<RealServer> {
  const s = await startModernServer({ legacy: false });
  return { name: 'TS SDK v2 2026-07-28 stateless (modern only)', url: s.url, close: s.close };
}
