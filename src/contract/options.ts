// What a scan is asked to do: the options every front door fills in (flags, form fields,
// Action inputs, batch config) and the engine reads.

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
