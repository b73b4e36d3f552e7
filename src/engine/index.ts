// The engine's one door for the front doors (the CLI, the web form, the Action, the batch
// runner): scan a target, judge saved evidence again, and the few policies a front door
// applies before it scans (the SSRF address policy, the stdio command parser). Front doors
// import nothing below the engine but through here; the contracts they share live in
// src/contract/.
export { scan, gather, type ScanInput } from './scan.ts';
export { scanStdio } from './scanStdio.ts';
export { gatherWebSocket } from './scanWebSocket.ts';
export { loadRuleSet } from './scan.ts';
export { DEFAULT_STDIO_OPTIONS } from '../gather/stdio.ts';
export { CommandParseError, parseCommand } from '../net/stdioProcess.ts';
export { forbiddenAddressReason, refusalChannel, reportRefusal } from '../net/ssrf.ts';
export { createBrowserProvider } from '../browser/provider.ts';
export type { BrowserProvider } from '../browser/types.ts';
