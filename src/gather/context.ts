// What every probe gets: the target, the network door, the user's options, and a way to
// say it has started and finished (live progress for the web form and the CLI).
import type { NetClient } from '../net/client.ts';
import type { ProgressEvent, ScanOptions } from '../contract/options.ts';

export { DEFAULT_SCAN_OPTIONS, type ProgressEvent, type ScanOptions } from '../contract/options.ts';

export interface ScanContext {
  url: URL;
  client: NetClient;
  options: ScanOptions;
  progress(e: Omit<ProgressEvent, 'at'>): void;
  /** the origin a browser agent would have (used for CORS) */
  browserOrigin: string;
  /** an origin no server should trust (used for Origin validation) */
  evilOrigin: string;
  /** sessions we opened, closed with DELETE at the end (good manners) */
  openedSessions: Set<string>;
}

export const BROWSER_ORIGIN = 'https://browser-agent.example';
export const EVIL_ORIGIN = 'https://evil.example';
/**
 * The browser client of a server on loopback is a local web app, not a site on the internet: the
 * MCP Inspector's origin stands for them (a local server that admits only such origins is right).
 */
export const LOCAL_BROWSER_ORIGIN = 'http://localhost:6274';

/** Run a probe with start/done progress; a probe that throws becomes an incident, not a crash. */
export async function runProbe<T>(ctx: ScanContext, name: string, incidents: { probe: string; message: string }[], fn: () => Promise<T>): Promise<T | undefined> {
  ctx.progress({ probe: name, phase: 'start' });
  try {
    return await fn();
  } catch (err) {
    incidents.push({ probe: name, message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
    return undefined;
  } finally {
    ctx.progress({ probe: name, phase: 'done' });
  }
}
