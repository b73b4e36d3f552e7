// One headless Chromium, launched on first use and shared by every scan that is given this
// provider (the CLI's scan, batch and the web server each make one). Each scan gets its own
// context (no shared cookies, cache or storage) whose network is locked down to the page and
// the origins the probe names; everything else goes to a black-hole proxy and fails.
//
// No request interception is used anywhere (see pageServer.ts: Playwright would answer CORS
// preflights itself). The network log comes from a CDP session with the Network domain
// enabled, which observes without intercepting.
import { existsSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { PAGE_HOST, PAGE_PATH, startPageServer, type PageServer } from './pageServer.ts';
import type { BrowserLog, BrowserProvider, BrowserSession, BrowserSessionOptions, ConsoleRecord, NetRecord } from './types.ts';

/** Flags for a quiet, offline-by-default headless Chromium (no updates, sync, translate…). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps',
  '--disable-extensions', '--no-default-browser-check', '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** Where Chromium usually lives, after AGENTREADY_CHROMIUM. */
const CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium', '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export interface BrowserProviderOptions {
  /** the Chromium binary (default: $AGENTREADY_CHROMIUM, then the usual install paths) */
  executablePath?: string;
  /** give up launching after this long (default 20 s) */
  launchTimeoutMs?: number;
  /**
   * Contexts open at once (default 8): each is a renderer process, so a batch of hundreds of
   * concurrent scans shares a few; the others wait for a slot (see BrowserSessionOptions.waitMs).
   */
  maxSessions?: number;
  /**
   * Close Chromium once no session has been open for this long; the next session launches it
   * again. A one-URL scan frees it as soon as the browser check is done instead of closing it
   * after the scan; a long-running server does not hold it while nobody scans. Default: keep it.
   */
  idleCloseMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** The Chromium to use, or why there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, explicit?: string): { path: string } | { reason: string } {
  const wanted = explicit ?? env.AGENTREADY_CHROMIUM;
  if (wanted) return existsSync(wanted) ? { path: wanted } : { reason: `the Chromium at ${wanted}${explicit ? '' : ' (AGENTREADY_CHROMIUM)'} does not exist` };
  for (const c of CANDIDATES) if (existsSync(c)) return { path: c };
  return { reason: `no Chromium found (looked in ${CANDIDATES.slice(0, 4).join(', ')}…); install chromium or set AGENTREADY_CHROMIUM` };
}

/** `host:port` for a Chromium proxy-bypass rule (the effective port, so default ports match too). */
export function bypassEntry(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

interface Running {
  browser: Browser;
  version: string;
  pages: PageServer;
  blackhole: net.Server;
  blackholePort: number;
  launchMs: number;
  /** the first session pays for the launch */
  launchCharged: boolean;
}

const KEEP_HEADERS = /^(access-control-|mcp-|www-authenticate$|content-type$|location$|vary$|allow$)/;
const MAX_REQUESTS = 200;
const RETRY_LAUNCH_MS = 5 * 60_000;
const MAX_CONSOLE = 100;

export function createBrowserProvider(opts: BrowserProviderOptions = {}): BrowserProvider {
  let running: Promise<Running> | undefined;
  let failure: { reason: string; at: number } | undefined;
  let closed = false;
  const open = new Set<{ close(): Promise<void> }>();
  const maxSessions = Math.max(1, opts.maxSessions ?? 8);
  let active = 0;
  const waiters: (() => void)[] = [];
  let idleTimer: NodeJS.Timeout | undefined;
  /** sessions being opened (launching, waiting for a slot): not idle */
  let opening = 0;
  /** browsers closed for idleness: their 'disconnected' is expected, not a crash */
  const retired = new WeakSet<Browser>();
  let retiring: Promise<void> = Promise.resolve();

  function acquire(waitMs: number): Promise<void> {
    if (active < maxSessions) { active++; return Promise.resolve(); }
    return new Promise<void>((resolve, reject) => {
      const wake = () => { clearTimeout(timer); active++; resolve(); };
      const timer = setTimeout(() => {
        const i = waiters.indexOf(wake);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`the shared browser was busy (${maxSessions} scans were using it) for ${waitMs} ms`));
      }, Math.max(0, waitMs));
      waiters.push(wake);
    });
  }
  function release(): void {
    active--;
    waiters.shift()?.();
    if (active === 0 && opts.idleCloseMs !== undefined && !closed) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(retireIdle, opts.idleCloseMs).unref();
    }
  }

  function retireIdle(): void {
    if (active > 0 || opening > 0 || closed || !running) return;
    const was = running;
    running = undefined;
    retiring = Promise.all([retiring, was.then(shutDown, () => {})]).then(() => {});
  }

  async function shutDown(r: Running): Promise<void> {
    retired.add(r.browser);
    await r.browser.close().catch(() => {});
    r.blackhole.close();
    await r.pages.close();
  }

  async function launch(): Promise<Running> {
    const found = findChromium(opts.env ?? process.env, opts.executablePath);
    if ('reason' in found) throw new Error(found.reason);
    const t0 = performance.now();
    const pages = await startPageServer();
    const blackhole = net.createServer((sock) => sock.destroy());
    try {
      await new Promise<void>((resolve, reject) => { blackhole.once('error', reject); blackhole.listen(0, '127.0.0.1', () => resolve()); });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: found.path,
        headless: true,
        timeout: opts.launchTimeoutMs ?? 20_000,
        args: [
          ...CHROMIUM_ARGS,
          `--host-resolver-rules=${pages.hostResolverRules}`,
          `--ignore-certificate-errors-spki-list=${pages.spki}`,
          `--ip-address-space-overrides=${pages.ipAddressSpaceOverrides}`,
        ],
      });
      browser.on('disconnected', () => {
        if (closed || retired.has(browser)) return; // close() and retireIdle() release everything themselves
        running = undefined; // crashed or killed: the next session relaunches
        blackhole.close();
        void pages.close();
      });
      return {
        browser, version: browser.version(), pages, blackhole,
        blackholePort: (blackhole.address() as AddressInfo).port,
        launchMs: Math.round(performance.now() - t0), launchCharged: false,
      };
    } catch (err) {
      blackhole.close();
      await pages.close();
      throw err;
    }
  }

  function ensure(): Promise<Running> {
    if (closed) return Promise.reject(new Error('the browser provider is closed'));
    // A failed launch is not retried for every scan of a batch, only after a while (long-running servers).
    if (failure && performance.now() - failure.at < RETRY_LAUNCH_MS) return Promise.reject(new Error(failure.reason));
    running ??= launch().then((r) => { failure = undefined; return r; }, (err: unknown) => {
      failure = { reason: `Chromium could not be started: ${firstLine(err)}`, at: performance.now() };
      running = undefined;
      throw new Error(failure.reason);
    });
    return running;
  }

  async function openSession(o: BrowserSessionOptions): Promise<BrowserSession> {
    clearTimeout(idleTimer);
    opening++;
    let r: Running;
    try {
      r = await ensure();
      await acquire(o.waitMs ?? 10_000);
    } finally {
      opening--;
    }
    const t0 = performance.now();
    const now = () => Math.round(performance.now() - t0);
    const launchMs = r.launchCharged ? undefined : r.launchMs;
    r.launchCharged = true;
    const bypass = ['<-loopback>', `${PAGE_HOST}:443`, `${PAGE_HOST}:80`];
    for (const a of o.allow) { const e = bypassEntry(a); if (e && !bypass.includes(e)) bypass.push(e); }
    let context: BrowserContext;
    const contextOptions = {
      proxy: { server: `http://127.0.0.1:${r.blackholePort}`, bypass: bypass.join(',') },
      serviceWorkers: 'block' as const,
      acceptDownloads: false,
    };
    try {
      // Local Network Access: granted unless the scan refuses private targets; then Chromium itself
      // refuses loopback/private addresses, after DNS (no rebinding window).
      context = o.privateNetwork
        ? await r.browser.newContext({ ...contextOptions, permissions: ['local-network-access'] }).catch(() => r.browser.newContext(contextOptions))
        : await r.browser.newContext(contextOptions);
    } catch (err) {
      release();
      throw err;
    }
    let closedHere = false;
    const handle = {
      close: async () => {
        if (closedHere) return;
        closedHere = true;
        open.delete(handle);
        await context.close().catch(() => {});
        release();
      },
    };
    open.add(handle);
    try {
      const page: Page = await context.newPage();
      const cdp: CDPSession = await context.newCDPSession(page);
      const log: BrowserLog = { console: [], requests: [] };
      const byId = new Map<string, NetRecord>();
      let tag: string | undefined;
      const rec = (id: string): NetRecord => {
        let x = byId.get(id);
        if (!x) {
          x = { id, url: '', method: '', preflight: false, settled: false, at: now(), ...(tag ? { tag } : {}) };
          byId.set(id, x);
          if (log.requests.length < MAX_REQUESTS) log.requests.push(x);
        }
        return x;
      };
      const keep = (headers: Record<string, unknown> | undefined): Record<string, string> => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers ?? {})) {
          const name = k.toLowerCase();
          if (KEEP_HEADERS.test(name)) out[name] = String(v).slice(0, 500);
        }
        return out;
      };
      // biome-ignore lint/suspicious/noExplicitAny: CDP events arrive as untyped JSON
      type Ev = Record<string, any>;
      cdp.on('Network.requestWillBeSent', (e: Ev) => {
        const x = rec(e.requestId);
        x.url = String(e.request?.url ?? '').slice(0, 2000);
        x.method = String(e.request?.method ?? '');
        if (e.type) x.type = String(e.type);
        if (e.initiator?.type === 'preflight') {
          x.preflight = true;
          if (e.initiator.requestId) {
            x.preflightFor = String(e.initiator.requestId);
            const main = byId.get(x.preflightFor);
            if (main?.tag) x.tag = main.tag;
          }
        }
        if (e.redirectResponse) x.settled = false; // a redirect hop: the record now follows the new URL
      });
      cdp.on('Network.responseReceivedExtraInfo', (e: Ev) => {
        const x = rec(e.requestId);
        if (typeof e.statusCode === 'number') x.status = e.statusCode;
        x.headers = keep(e.headers);
      });
      cdp.on('Network.responseReceived', (e: Ev) => {
        const x = rec(e.requestId);
        if (typeof e.response?.status === 'number') x.status ??= e.response.status;
        x.headers ??= keep(e.response?.headers);
        if (e.type && !x.type) x.type = String(e.type);
        x.settled = true;
      });
      cdp.on('Network.loadingFinished', (e: Ev) => { rec(e.requestId).settled = true; });
      cdp.on('Network.loadingFailed', (e: Ev) => {
        const x = rec(e.requestId);
        x.errorText = String(e.errorText ?? '').slice(0, 200);
        if (e.corsErrorStatus?.corsError) {
          x.corsError = String(e.corsErrorStatus.corsError);
          if (e.corsErrorStatus.failedParameter) x.corsParameter = String(e.corsErrorStatus.failedParameter).slice(0, 200);
        }
        if (e.blockedReason) x.blockedReason = String(e.blockedReason);
        if (e.type && !x.type) x.type = String(e.type);
        x.settled = true;
      });
      await cdp.send('Network.enable', {});
      const addConsole = (c: Omit<ConsoleRecord, 'at' | 'tag'>) => {
        if (log.console.length < MAX_CONSOLE) log.console.push({ ...c, text: c.text.slice(0, 1000), at: now(), ...(tag ? { tag } : {}) });
      };
      page.on('console', (m) => addConsole({ type: m.type(), text: m.text() }));
      page.on('pageerror', (err) => addConsole({ type: 'pageerror', text: `${err.name}: ${err.message}` }));

      const pageOrigin = `${o.pageScheme}://${PAGE_HOST}`;
      await page.goto(`${pageOrigin}${PAGE_PATH}`, { timeout: 10_000, waitUntil: 'load' });
      tag = undefined;
      log.console.length = 0; // page-load noise is not the target's
      const openMs = now();

      return {
        pageOrigin,
        browserVersion: r.version,
        ...(launchMs !== undefined ? { launchMs } : {}),
        openMs,
        evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate<R, A>(fn as Parameters<Page["evaluate"]>[0] as never, arg),
        tag: (t: string) => { tag = t; },
        settle: async (t: string, maxMs: number) => {
          const end = performance.now() + maxMs;
          for (;;) {
            const pendingNow = log.requests.some((x) => x.tag === t && !x.settled);
            if (!pendingNow || performance.now() >= end) break;
            await new Promise((res) => setTimeout(res, 10));
          }
          await new Promise((res) => setTimeout(res, 15)); // console lines trail the network events
        },
        log: () => log,
        close: handle.close,
      };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  return {
    async unavailableReason() {
      if (closed) return 'the browser provider is closed';
      try {
        await ensure();
        return undefined;
      } catch (err) {
        return firstLine(err);
      }
    },
    openSession,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(idleTimer);
      await Promise.all([...open].map((s) => s.close()));
      const r = await running?.catch(() => undefined);
      running = undefined;
      await Promise.all([retiring, r && shutDown(r)]);
    },
  };
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Playwright's launch errors carry a long log after the first line
  return (msg.split('\n').find((l) => l.trim()) ?? msg).trim().slice(0, 300);
}
