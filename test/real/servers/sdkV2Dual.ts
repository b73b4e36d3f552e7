// TS SDK v2 (@modelcontextprotocol/server 2.x) dual-era server: 2026-07-28 plus the SDK's
// default 2025-era fallback (createMcpHandler legacy:'stateless'; test/servers/modern.ts), as
// a RealServer. The 2025 leg is stateless (no Mcp-Session-Id). No slow tool (only `echo`).
import { startModernServer } from '../../servers/modern.ts';
import type { RealServer } from './types.ts';

export async function startSdkV2Dual(): Promise<RealServer> {
  const s = await startModernServer({ legacy: true });
  return { name: 'TS SDK v2 dual-era (2026-07-28 + stateless 2025 fallback)', url: s.url, close: s.close };
}
