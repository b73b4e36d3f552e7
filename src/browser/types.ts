// The contract between the scan's browser probe (src/gather/browser.ts) and whatever supplies
// browsers (src/browser/provider.ts: one Chromium shared by many scans). Only types here, so
// that importing the scan never loads playwright-core.

/** Supplies an isolated browser context per scan; batch and serve share one browser across scans. */
export interface BrowserProvider {
  /** why no browser is available (launches it on first use), or undefined when one is */
  unavailableReason(): Promise<string | undefined>;
  /**
   * A fresh context (no shared cookies/cache) with one page loaded at the browser-agent origin.
   * Its network reaches the page and `allow` only: everything else is refused.
   */
  openSession(opts: BrowserSessionOptions): Promise<BrowserSession>;
  /** closes every open context, the browser and the page server */
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  /** origins (`scheme://host[:port]`) the page may reach besides itself */
  allow: string[];
  /** https (the default) or http (for plain-http targets that are not loopback: no mixed content) */
  pageScheme: 'https' | 'http';
  /**
   * May the page reach loopback and private addresses? false for scans that refuse private
   * targets (the web form): Chromium's Local Network Access then refuses them.
   */
  privateNetwork: boolean;
  /** how long to wait for a free slot when the shared browser is busy (default 10 s) */
  waitMs?: number;
}

export interface BrowserSession {
  /** the page's origin: what the browser sends as Origin */
  pageOrigin: string;
  browserVersion: string;
  /** ms spent launching the browser for this session (first use only) */
  launchMs?: number;
  /** ms from openSession to a loaded page (context + page + navigation) */
  openMs: number;
  /** run a self-contained function in the page */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** attribute network and console events from now on to `tag` (one step of the probe) */
  tag(tag: string): void;
  /** wait (at most maxMs) until the requests tagged `tag` failed, finished or got a response */
  settle(tag: string, maxMs: number): Promise<void>;
  /** what the browser logged and did so far */
  log(): BrowserLog;
  close(): Promise<void>;
}

export interface BrowserLog {
  console: ConsoleRecord[];
  requests: NetRecord[];
}

export interface ConsoleRecord {
  tag?: string;
  /** console message type (error, warning, log…) or "pageerror" */
  type: string;
  text: string;
  /** ms since the session opened */
  at: number;
}

/** One request as the browser's network layer saw it (CDP Network domain, no interception). */
export interface NetRecord {
  id: string;
  tag?: string;
  url: string;
  method: string;
  /** CDP resource type: Fetch, Preflight, EventSource, Document… */
  type?: string;
  /** a CORS preflight, and the request it was for */
  preflight: boolean;
  preflightFor?: string;
  /** status and (lowercased) headers as they arrived, whether or not script could read them */
  status?: number;
  headers?: Record<string, string>;
  /** net error text (net::ERR_FAILED…), with Chromium's CORS verdict when CORS failed */
  errorText?: string;
  corsError?: string;
  corsParameter?: string;
  blockedReason?: string;
  /** finished, failed or at least got response headers */
  settled: boolean;
  at: number;
}
