// TS SDK v1 stateful Streamable HTTP with `enableJsonResponse: true`
// (test/servers/sdkJsonResponse.ts), as a RealServer. Progress notifications of slow-count are
// dropped on the wire (one application/json body per POST).
import { startSdkJsonResponseServer } from '../../servers/sdkJsonResponse.ts';
import { DEMO_CALL_TOOL } from './sdkStateless.ts';
import type { RealServer } from './types.ts';

export async function startSdkJsonResponse(): Promise<RealServer> {
  const s = await startSdkJsonResponseServer();
  return { name: 'TS SDK v1 stateful JSON-response mode', url: s.url, callTool: DEMO_CALL_TOOL, close: s.close };
}
