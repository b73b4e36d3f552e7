// Every real loopback server the scanner is tested against.
export type { RunningServer } from '../../src/demo/types.ts';
export { MCP_PATH, SCANNER_CORS_ORIGIN, SCANNER_EVIL_ORIGIN } from '../../src/demo/types.ts';
export { startWellBehavedServer, type WellBehavedServerOptions } from '../../src/demo/wellBehaved.ts';
export {
  ALL_FLAWS,
  startFlawedServer,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Flaw,
  type FlawedServerOptions,
} from '../../src/demo/flawed.ts';
export { startSdkStatelessServer } from './sdkStateless.ts';
export { startSdkJsonResponseServer, type SdkJsonResponseServerOptions } from './sdkJsonResponse.ts';
export { LEGACY_MESSAGES_PATH, LEGACY_SSE_PATH, startLegacySseServer } from './legacySse.ts';
export { startModernServer, type ModernServerOptions } from './modern.ts';
