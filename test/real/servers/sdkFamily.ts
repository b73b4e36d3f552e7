// The SDK family of real MCP servers (test/real/transcripts/ says what each does on the wire).
export type { RealServer } from './types.ts';
export { startEverythingStreamable, EVERYTHING_CALL_TOOL } from './everythingStreamable.ts';
export { startEverythingSse } from './everythingSse.ts';
export { startSdkStateful, SDK_SLOW_TOOL } from './sdkStateful.ts';
export { startSdkStateless, DEMO_CALL_TOOL } from './sdkStateless.ts';
export { startSdkJsonResponse } from './sdkJsonResponse.ts';
export { startSdkV2Modern } from './sdkV2Modern.ts';
export { startSdkV2Dual } from './sdkV2Dual.ts';
