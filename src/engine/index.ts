// The engine's one door for the front doors (the CLI, the web form, the Action, the batch
// runner): scan a target, judge saved evidence again, and the few policies a front door
// applies before it scans (the SSRF address policy, the stdio command parser). Front doors
// import nothing below the engine but through here; the contracts they share live in
// src/contract/.
export { scan, gather, type ScanInput } from './scan.ts';
export { loadRuleSet } from './scan.ts';
export { CommandParseError, parseCommand } from '../net/stdioProcess.ts';
export type { StdioScanInput } from './scanStdio.ts';
export type { WsScanInput } from './scanWebSocket.ts';

// stdio and ws:// scans load their modules when asked for: a URL scan starts without them
import type { StdioScanInput } from './scanStdio.ts';
import type { WsScanInput } from './scanWebSocket.ts';
export const scanStdio = async (input: StdioScanInput) => (await import('./scanStdio.ts')).scanStdio(input);
export const gatherWebSocket = async (input: WsScanInput) => (await import('./scanWebSocket.ts')).gatherWebSocket(input);
/** The stdio scan's defaults (its deadline, its limits). */
export const loadStdioDefaults = async () => (await import('../gather/stdio.ts')).DEFAULT_STDIO_OPTIONS;
export { forbiddenAddressReason, refusalChannel, reportRefusal } from '../net/ssrf.ts';
export { createBrowserProvider } from '../browser/provider.ts';
export type { BrowserProvider } from '../browser/types.ts';
