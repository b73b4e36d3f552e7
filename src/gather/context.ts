// What every probe gets: the target, the network door, the user's options, and a way to
// say it has started and finished (live progress for the web form and the CLI).
import type { NetClient } from '../net/client.ts';

export interface ScanOptions {
  /** skip the long observation windows (keep-alive cadence, buffering) */
  quick: boolean;
  /** the whole scan ends by then, with a report */
  deadlineMs: number;
  /** longest the GET stream is watched (it stops earlier once answered) */
  streamWindowMs: number;
  /** longest acceptable SSE silence (proxies cut idle streams; Cloudflare at 100 s) */
  keepAliveMaxMs: number;
  /** headers added to every request except the unauthenticated auth-discovery ones */
  headers: Record<string, string>;
  /** a tool that is safe to call, with its JSON arguments */
  callTool?: { name: string; arguments: Record<string, unknown> };
  /** how long the tool-call stream is watched */
  toolCallWindowMs: number;
  /** refuse private/loopback targets (web form) */
  blockPrivate: boolean;
  /** run the real-browser check when a browser is available (--no-browser: false) */
  browser?: boolean;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  quick: false,
  deadlineMs: 90_000,
  streamWindowMs: 35_000,
  keepAliveMaxMs: 30_000,
  headers: {},
  toolCallWindowMs: 30_000,
  blockPrivate: false,
};

export type ProgressEvent = { probe: string; phase: 'start' | 'done'; at: number; note?: string };

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
