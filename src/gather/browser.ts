// The real-browser check. Header inspection guesses what a browser will allow; a
// browser knows. Inside headless Chromium, on a page whose origin is the scanner's
// browser-agent origin, this probe does what a browser MCP client does with fetch/EventSource
// and records every step as reached / blocked / refused / timed out, with the browser's own
// console text, its CORS verdict and the status the network layer saw (even when script
// could not read it). It never judges: rules/D7/browser-*.ts do.
import dns from 'node:dns/promises';
import net from 'node:net';
import type { BrowserArtifact, BrowserStep, BrowserStepName } from '../contract/browserArtifact.ts';
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import type { BrowserProvider, BrowserSession, NetRecord } from '../browser/types.ts';
import { pageFetch, pageLegacy, type PageFetchResult, type PageFetchSpec, type PageLegacyResult } from '../browser/pageClient.ts';
import { initializeParams, rpcSpec, SESSION_REVISIONS_NEWEST_FIRST, type Session } from './mcp.ts';
import { asCandidates, prmCandidates } from './auth.ts';
import { streamHeaders } from './stream.ts';
import { parseWwwAuthenticate } from '../contract/wwwAuthenticate.ts';
import { forbiddenAddressReason } from '../net/ssrf.ts';

export type { BrowserProvider } from '../browser/types.ts';

// ---- the artifact ------------------------------------------------------------------------
// Defined in src/contract/browserArtifact.ts; only its types here, so a scan starts without zod.
export type { BrowserArtifact, BrowserStep, BrowserStepName } from '../contract/browserArtifact.ts';

// ---- budget ------------------------------------------------------------------------------

/** The whole probe, however many steps it takes. */
export const BROWSER_BUDGET_MS = 8_000;
const STEP_MS = 3_000;
const STREAM_FIRST_CHUNK_MS = 1_500;
const LEGACY_MS = 4_000;
const MIN_STEP_MS = 300;
const CLIP = 400;

const clip = (s: string, n = CLIP) => (s.length > n ? `${s.slice(0, n)}…` : s);

class OutOfTime extends Error {}

// ---- the probe ---------------------------------------------------------------------------

export async function probeBrowser(ctx: ScanContext, probes: Partial<Probes>, provider: BrowserProvider | undefined): Promise<BrowserArtifact | undefined> {
  if (!provider) return undefined;
  const t0 = performance.now();
  const base = { headerProbeOrigin: ctx.browserOrigin, allowedOrigins: [] as string[], steps: [] as BrowserStep[], console: [], refusedRequests: [] };
  const flow = flowOf(probes);
  // Nothing to connect to: do not even start a browser.
  if (flow === 'none') return { available: false, unavailableReason: 'not run: no MCP transport was identified', flow, ...base, durationMs: ms(t0) };
  if (ctx.options.blockPrivate && ctx.url.protocol === 'http:') {
    // The page would be plain http, where Local Network Access cannot guard against a target
    // name that resolves to a private address; and an https page may not call http (mixed content).
    return { available: false, unavailableReason: 'not run: scans that refuse private targets run the browser check on https endpoints only', flow, ...base, durationMs: ms(t0) };
  }
  // Time: never past the scan's deadline (with room to close the context).
  const scanLeft = ctx.options.deadlineMs - ctx.client.now() - 1_000;
  if (scanLeft < 1_500) return { available: false, unavailableReason: 'not run: too little time left in the scan', flow, ...base, durationMs: ms(t0) };
  const scanEndAt = performance.now() + scanLeft;
  // A first launch may be slow (a loaded CI machine: seconds); it goes on for later scans, but this
  // one waits for it at most one budget.
  const launchEndAt = performance.now() + Math.min(BROWSER_BUDGET_MS, scanLeft);
  const reason = await withTimeout(provider.unavailableReason(), Math.max(0, launchEndAt - performance.now() - 1_000))
    .catch(() => 'the browser did not start within this scan\'s time for the browser check');
  if (reason) return { available: false, unavailableReason: reason, flow, ...base, durationMs: ms(t0) };
  // The steps get their own budget from here: a slow launch must not leave them no time, which
  // would turn a loaded machine into an "inconclusive" verdict about the server.
  const endAt = Math.min(performance.now() + BROWSER_BUDGET_MS, scanEndAt);
  if (endAt - performance.now() < 1_500) return { available: false, unavailableReason: 'not run: too little time left in the scan after the browser started', flow, ...base, durationMs: ms(t0) };

  const run = new Runner(ctx, provider, endAt, probes.target?.isLoopback ?? false);
  const scanSignal = ctx.client.signal;
  const onAbort = () => { run.abort('the scan deadline'); };
  scanSignal?.addEventListener('abort', onAbort, { once: true });
  if (scanSignal?.aborted) onAbort();
  // a step stuck past the budget is cut 1.5 s later, but never later than 0.5 s before the scan must end
  const hardStop = setTimeout(() => run.abort('the browser budget'), Math.max(0, Math.min(endAt + 1_500, scanEndAt + 500) - performance.now()));
  let incomplete: string | undefined;
  let protocolVersion: string | undefined;
  try {
    await run.allow(ctx.url.origin);
    if (flow === 'session') protocolVersion = await sessionFlow(run, ctx, probes);
    else if (flow === 'stateless') await statelessFlow(run, ctx);
    else if (flow === 'legacy') await legacyFlow(run, ctx, probes);
    await authFlow(run, ctx, flow, probes);
  } catch (err) {
    incomplete = run.aborted ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
  } finally {
    clearTimeout(hardStop);
    scanSignal?.removeEventListener('abort', onAbort);
    await run.close();
  }
  if (run.openFailure && run.steps.length === 0) {
    return { available: false, unavailableReason: `the browser could not be used: ${run.openFailure}`, flow, ...base, durationMs: ms(t0) };
  }
  return {
    available: true,
    ...(run.version ? { browserVersion: run.version } : {}),
    ...(run.pageOrigin ? { pageOrigin: run.pageOrigin } : {}),
    headerProbeOrigin: ctx.browserOrigin,
    flow,
    ...(protocolVersion ? { protocolVersion } : {}),
    allowedOrigins: [...run.allowed],
    steps: run.steps,
    ...(run.authRequired !== undefined ? { authRequired: run.authRequired } : {}),
    console: run.consoleAll.slice(0, 40),
    refusedRequests: run.refused.slice(0, 10),
    ...(incomplete ? { incomplete } : {}),
    ...(run.launchMs !== undefined ? { launchMs: run.launchMs } : {}),
    ...(run.openMs !== undefined ? { openMs: run.openMs } : {}),
    durationMs: ms(t0),
  };
}

function ms(t0: number): number { return Math.round(performance.now() - t0); }

export function flowOf(probes: Partial<Probes>): BrowserArtifact['flow'] {
  const era = probes.era;
  if (!era) return 'none';
  if (era.era === 'session') return 'session';
  if (era.era === 'stateless') return 'stateless';
  if (era.era === 'legacy') return probes.legacy?.sseUrl ? 'legacy' : 'none';
  return era.authBlocked ? 'auth-only' : 'none';
}

/** One browser context for the scan, reopened with a wider allow-list when a metadata URL needs it. */
class Runner {
  readonly steps: BrowserStep[] = [];
  readonly allowed = new Set<string>();
  readonly consoleAll: BrowserArtifact['console'] = [];
  readonly refused: string[] = [];
  session: BrowserSession | undefined;
  version: string | undefined;
  pageOrigin: string | undefined;
  launchMs: number | undefined;
  openMs: number | undefined;
  openFailure: string | undefined;
  aborted: string | undefined;
  authRequired: boolean | undefined;
  private seq = 0;
  private readonly ctx: ScanContext;
  private readonly provider: BrowserProvider;
  private readonly endAt: number;
  private readonly pageScheme: 'https' | 'http';

  constructor(ctx: ScanContext, provider: BrowserProvider, endAt: number, targetIsLoopback: boolean) {
    this.ctx = ctx;
    this.provider = provider;
    this.endAt = endAt;
    // An https page may call loopback http (potentially trustworthy), not other http: that is mixed content.
    this.pageScheme = ctx.url.protocol === 'http:' && !targetIsLoopback ? 'http' : 'https';
  }

  left(): number { return this.endAt - performance.now(); }

  abort(why: string): void {
    if (this.aborted) return;
    this.aborted = `cut short by ${why}`;
    void this.close();
  }

  /** Make `origin` reachable from the page; false when the scan's policy forbids it. */
  async allow(origin: string): Promise<boolean> {
    if (this.aborted) throw new OutOfTime(this.aborted);
    if (this.allowed.has(origin) && this.session) return true;
    if (!this.allowed.has(origin)) {
      if (this.ctx.options.blockPrivate && origin !== this.ctx.url.origin && await forbidden(origin)) return false;
      this.allowed.add(origin);
    }
    await this.reopen();
    return true;
  }

  private async reopen(): Promise<void> {
    await this.close();
    if (this.left() < MIN_STEP_MS * 2) throw new OutOfTime('the browser budget ran out');
    try {
      this.session = await this.provider.openSession({
        allow: [...this.allowed], pageScheme: this.pageScheme, privateNetwork: !this.ctx.options.blockPrivate,
        waitMs: Math.max(0, this.left() - 2_000),
      });
    } catch (err) {
      this.openFailure = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
      throw err;
    }
    if (this.aborted) { await this.close(); throw new OutOfTime(this.aborted); }
    this.version = this.session.browserVersion;
    this.pageOrigin = this.session.pageOrigin;
    if (this.session.launchMs !== undefined) this.launchMs = (this.launchMs ?? 0) + this.session.launchMs;
    this.openMs = (this.openMs ?? 0) + this.session.openMs;
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (!s) return;
    this.harvest(s);
    await s.close().catch(() => {});
  }

  /** Keep what the closing context logged that is not attached to a step (and refused requests). */
  private harvest(s: BrowserSession): void {
    const log = s.log();
    for (const c of log.console) {
      if (this.consoleAll.length < 60) this.consoleAll.push({ type: c.type, text: clip(c.text, 600), at: c.at, ...(c.tag ? { step: c.tag.split('#')[0] } : {}) });
    }
    for (const r of log.requests) {
      // Anything that failed outside the allow-list went to the black-hole proxy.
      if (r.errorText && !this.isAllowed(r.url) && !r.url.startsWith(s.pageOrigin) && !this.refused.includes(r.url)) this.refused.push(clip(r.url, 300));
    }
  }

  /** A Local Network Access refusal in a scan that refuses private targets is the scanner's doing. */
  policy(b: ReturnType<typeof classifyBlock>): ReturnType<typeof classifyBlock> {
    if (b.by === 'local-network' && this.ctx.options.blockPrivate) {
      return { by: 'scanner-allowlist', reason: `the scan does not let the browser reach private or loopback addresses (${b.reason})` };
    }
    return b;
  }

  isAllowed(url: string): boolean {
    try { return this.allowed.has(new URL(url).origin); } catch { return false; }
  }

  private budget(wanted: number): number {
    const t = Math.min(wanted, this.left());
    if (this.aborted) throw new OutOfTime(this.aborted);
    if (t < MIN_STEP_MS) throw new OutOfTime('the browser budget ran out');
    return Math.round(t);
  }

  /** One fetch in the page, with everything the browser said about it. */
  async fetch(name: BrowserStepName, label: string, spec: Omit<PageFetchSpec, 'timeoutMs'> & { timeoutMs?: number }): Promise<Fetched> {
    const timeoutMs = this.budget(spec.timeoutMs ?? STEP_MS);
    const s = this.session;
    if (!s) throw new OutOfTime(this.aborted ?? 'the browser context is closed');
    const tag = `${name}#${++this.seq}`;
    s.tag(tag);
    const full: PageFetchSpec = { ...spec, timeoutMs };
    let result: PageFetchResult | undefined;
    let evalError: string | undefined;
    try {
      result = await withTimeout(s.evaluate(pageFetch, full), timeoutMs + 1_500);
    } catch (err) {
      evalError = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
    }
    await s.settle(tag, 300).catch(() => {});
    const log = s.log();
    const mine = log.requests.filter((r) => r.tag === tag);
    const main = [...mine].reverse().find((r) => !r.preflight && r.type !== 'Preflight');
    const pre = mine.find((r) => r.preflight || r.type === 'Preflight');
    const consoleLines = log.console.filter((c) => c.tag === tag && (c.type === 'error' || c.type === 'warning' || c.type === 'pageerror')).map((c) => clip(c.text));
    const step: BrowserStep = {
      name, label, method: spec.method, url: clip(spec.url, 2000),
      requestHeaders: Object.keys(spec.headers),
      outcome: 'reached',
      console: [...new Set(consoleLines)].slice(0, 6),
      ms: result?.ms ?? timeoutMs,
    };
    decorate(step, main, pre);
    if (!result) {
      if (this.aborted) throw new OutOfTime(this.aborted);
      Object.assign(step, { outcome: 'timeout', reason: `the page did not finish the request (${evalError ?? 'no result'})` });
    } else if (!result.responded) {
      step.scriptError = result.error;
      // our own abort at the timeout shows as net::ERR_ABORTED: that is a timeout, not a block
      if (result.timedOut && !main?.corsError && (!main?.errorText || /ERR_ABORTED/.test(main.errorText))) {
        Object.assign(step, { outcome: 'timeout', timedOutAt: result.timedOut, reason: `no response within ${timeoutMs} ms` });
      } else {
        const b = this.policy(classifyBlock(main, pre, step.console, (u) => this.isAllowed(u)));
        Object.assign(step, { outcome: 'blocked', blockedBy: b.by, reason: b.reason });
      }
    } else {
      step.status = result.status;
      if (result.contentType) step.contentType = clip(result.contentType, 120);
      step.readable = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k, v === null ? null : clip(v, 500)]));
      if (result.rpc) {
        const code = typeof result.rpc.error?.code === 'number' ? result.rpc.error.code : undefined;
        const message = typeof result.rpc.error?.message === 'string' ? clip(result.rpc.error.message, 200) : undefined;
        step.rpc = { answered: result.rpc.answered, ...(code !== undefined ? { errorCode: code } : {}), ...(message ? { errorMessage: message } : {}) };
      }
      if (result.firstChunk !== undefined) step.firstChunk = clip(result.firstChunk, 200);
      if (result.timedOut) step.timedOutAt = result.timedOut;
      if (result.redirected) step.note = `redirected to ${clip(result.finalUrl ?? '?', 200)}`;
    }
    return { step, result, main };
  }

  record(step: BrowserStep): BrowserStep {
    this.steps.push(step);
    return step;
  }

  skip(name: BrowserStepName, label: string, method: string, url: string, reason: string): void {
    this.record({ name, label, method, url: clip(url, 2000), requestHeaders: [], outcome: 'skipped', reason, console: [], ms: 0 });
  }

  /** The 2024-11-05 conversation: EventSource, `endpoint` event, POST initialize, `message`. */
  async legacy(sseUrl: string, init: { body: string; rpcId: number; headers: Record<string, string> }): Promise<void> {
    const timeoutMs = this.budget(LEGACY_MS);
    const s = this.session;
    if (!s) throw new OutOfTime(this.aborted ?? 'the browser context is closed');
    const tag = `legacy-connect#${++this.seq}`;
    s.tag(tag);
    let result: PageLegacyResult | undefined;
    let evalError: string | undefined;
    try {
      result = await withTimeout(s.evaluate(pageLegacy, { sseUrl, timeoutMs, initialize: init }), timeoutMs + 1_500);
    } catch (err) {
      evalError = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
    }
    await s.settle(tag, 300).catch(() => {});
    if (!result && this.aborted) throw new OutOfTime(this.aborted);
    const log = s.log();
    const mine = log.requests.filter((r) => r.tag === tag);
    const consoleLines = [...new Set(log.console.filter((c) => c.tag === tag && c.type !== 'log' && c.type !== 'info' && c.type !== 'debug').map((c) => clip(c.text)))];
    const esRec = mine.find((r) => r.type === 'EventSource' || (r.method === 'GET' && !r.preflight));
    const postMain = mine.find((r) => r.method === 'POST' && !r.preflight);
    const postPre = mine.find((r) => r.preflight || r.type === 'Preflight');
    const isCors = (line: string) => /event ?source|resource at/i.test(line) || (esRec !== undefined && line.includes(esRec.url));

    const connect: BrowserStep = {
      name: 'legacy-connect', label: 'EventSource GET (waiting for the `endpoint` event)', method: 'GET', url: clip(sseUrl, 2000),
      requestHeaders: ['accept', 'cache-control'], outcome: 'reached', console: consoleLines.filter(isCors).slice(0, 6), ms: result?.ms ?? timeoutMs,
    };
    decorate(connect, esRec, undefined);
    if (!result) Object.assign(connect, { outcome: 'timeout', reason: `the page did not finish (${evalError ?? 'no result'})` });
    else if (result.endpoint !== undefined) connect.note = `endpoint event: ${clip(result.endpoint, 200)}`;
    else if (result.timedOut === 'open' || (result.timedOut === 'endpoint' && result.opened)) {
      Object.assign(connect, { outcome: 'timeout', timedOutAt: result.timedOut, reason: result.opened ? 'the stream opened but sent no `endpoint` event in time' : `no response within ${timeoutMs} ms` });
    } else {
      const b = this.policy(classifyBlock(esRec, undefined, connect.console, (u) => this.isAllowed(u)));
      Object.assign(connect, { outcome: 'blocked', blockedBy: b.by, reason: result.opened ? 'the stream closed before the `endpoint` event' : b.reason });
      if (esRec?.status !== undefined && !esRec.corsError && result.errorState === 2 && esRec.status >= 400) Object.assign(connect, { outcome: 'refused', blockedBy: undefined, status: esRec.status, reason: `the SSE URL answered ${esRec.status}` });
    }
    this.record(connect);
    if (!result || result.endpoint === undefined) return;

    const postUrl = result.endpointUrl ?? sseUrl;
    const post: BrowserStep = {
      name: 'legacy-initialize', label: 'POST initialize to the endpoint; response expected as a `message` event', method: 'POST', url: clip(postUrl, 2000),
      requestHeaders: Object.keys(init.headers), outcome: 'reached', console: consoleLines.filter((l) => !isCors(l)).slice(0, 6), ms: result.ms,
    };
    decorate(post, postMain, postPre);
    if (!this.isAllowed(postUrl)) {
      Object.assign(post, { outcome: 'blocked', blockedBy: 'scanner-allowlist', reason: 'the endpoint is on another origin, which the scanner does not let the browser reach' });
    } else if (!result.post) {
      Object.assign(post, { outcome: 'timeout', reason: 'the POST did not complete in time' });
    } else if (!result.post.responded) {
      const b = this.policy(classifyBlock(postMain, postPre, post.console, (u) => this.isAllowed(u)));
      Object.assign(post, { outcome: 'blocked', blockedBy: b.by, reason: b.reason, scriptError: result.post.error });
    } else if ((result.post.status ?? 0) >= 400) {
      Object.assign(post, { outcome: 'refused', status: result.post.status, reason: `the POST was answered ${result.post.status}` });
    } else if (!result.answered) {
      Object.assign(post, { outcome: 'timeout', status: result.post.status, timedOutAt: 'message', reason: 'the initialize response did not arrive on the stream in time' });
    } else {
      post.status = result.post.status;
    }
    this.record(post);
  }
}

interface Fetched { step: BrowserStep; result?: PageFetchResult; main?: NetRecord }

function decorate(step: BrowserStep, main: NetRecord | undefined, pre: NetRecord | undefined): void {
  if (main?.status !== undefined) step.networkStatus = main.status;
  if (main?.headers && Object.keys(main.headers).length) step.wireHeaders = main.headers;
  if (main?.corsError) step.corsError = main.corsError;
  if (main?.corsParameter) step.corsParameter = main.corsParameter;
  if (main?.errorText && !/ERR_ABORTED/.test(main.errorText)) step.netError = main.errorText;
  if (pre?.status !== undefined) step.preflightStatus = pre.status;
  if (pre?.headers && Object.keys(pre.headers).length) {
    step.preflightHeaders = Object.fromEntries(Object.entries(pre.headers).filter(([k]) => k.startsWith('access-control-')));
  }
}

const PREFLIGHT_ERRORS = new Set(['HeaderDisallowedByPreflightResponse', 'MethodDisallowedByPreflightResponse', 'InvalidAllowMethodsPreflightResponse', 'InvalidAllowHeadersPreflightResponse']);

export function classifyBlock(main: NetRecord | undefined, pre: NetRecord | undefined, consoleLines: string[], allowed: (url: string) => boolean): { by: NonNullable<BrowserStep['blockedBy']>; reason: string } {
  const cors = main?.corsError;
  const param = main?.corsParameter ? ` (${main.corsParameter})` : '';
  if (cors) {
    if (/LocalNetwork|PrivateNetwork/.test(cors)) return { by: 'local-network', reason: `Local Network Access refused it: ${cors}${param}` };
    if (cors.startsWith('Preflight') || PREFLIGHT_ERRORS.has(cors)) return { by: 'cors-preflight', reason: `the CORS preflight failed: ${cors}${param}` };
    return { by: 'cors', reason: `CORS refused the response: ${cors}${param}` };
  }
  if (main?.blockedReason === 'mixed-content' || consoleLines.some((l) => /Mixed Content/i.test(l))) return { by: 'mixed-content', reason: 'mixed content: an https page may not call a plain-http endpoint' };
  // not on the allow-list: it went to the black-hole proxy (reset or proxy error)
  if (main?.errorText && main.url && !allowed(main.url)) return { by: 'scanner-allowlist', reason: `the scanner kept the browser from ${clip(main.url, 200)} (outside the scan's allow-list)` };
  if (pre?.errorText && !main?.errorText) return { by: 'cors-preflight', reason: `the preflight failed: ${pre.errorText}` };
  if (main?.errorText) return { by: 'network', reason: `network error: ${main.errorText}` };
  if (consoleLines.some((l) => /CORS policy/i.test(l))) return { by: 'cors', reason: 'CORS refused it (see the console text)' };
  return { by: 'other', reason: 'the request failed before reaching the network' };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms); }),
  ]);
}

async function forbidden(origin: string): Promise<boolean> {
  try {
    const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) return forbiddenAddressReason(host) !== undefined;
    const addrs = await dns.lookup(host, { all: true });
    return addrs.length === 0 || addrs.some((a) => forbiddenAddressReason(a.address) !== undefined);
  } catch {
    return true;
  }
}

// ---- the conversations ------------------------------------------------------------------

const rpcRead = (spec: ReturnType<typeof rpcSpec>, readHeaders: string[] = []): Omit<PageFetchSpec, 'timeoutMs'> => ({
  url: spec.url, method: 'POST', headers: spec.headers ?? {}, body: spec.body, read: 'rpc',
  ...(spec.rpcId !== undefined ? { rpcId: spec.rpcId } : {}), readHeaders,
});

const headerNames = (h: Record<string, string>, keys: string[]) => keys.filter((k) => h[k] !== undefined).map(displayName).join(', ');
function displayName(h: string): string {
  const map: Record<string, string> = { 'mcp-session-id': 'Mcp-Session-Id', 'mcp-protocol-version': 'MCP-Protocol-Version', 'mcp-method': 'Mcp-Method', 'mcp-name': 'Mcp-Name', authorization: 'Authorization' };
  return map[h] ?? h;
}

/** Session era: initialize, read Mcp-Session-Id, notifications/initialized, tools/list, the GET stream. */
async function sessionFlow(run: Runner, ctx: ScanContext, probes: Partial<Probes>): Promise<string> {
  const negotiated = probes.initialize?.protocolVersion;
  const version = negotiated && SESSION_REVISIONS_NEWEST_FIRST.includes(negotiated) ? negotiated : probes.era?.sessionRevision ?? '2025-11-25';
  const init = rpcSpec(ctx, { probe: 'browser', label: 'initialize', method: 'initialize', params: initializeParams(version) });
  const i = await run.fetch('initialize', `POST initialize (${version})`, rpcRead(init, ['mcp-session-id', 'mcp-protocol-version']));
  const step = i.step;
  const wireSid = i.main?.headers?.['mcp-session-id'];
  const readSid = i.result?.headers['mcp-session-id'] ?? undefined;
  if (wireSid) ctx.openedSessions.add(wireSid);
  if (step.outcome === 'reached') judgeRpc(step, 'initialize');
  if (step.outcome === 'reached' && wireSid && !readSid) {
    Object.assign(step, {
      outcome: 'blocked', blockedBy: 'header-not-exposed',
      reason: 'the response carries Mcp-Session-Id, but script cannot read it: it is not in Access-Control-Expose-Headers',
    });
  }
  run.record(step);
  const result = i.result?.rpc?.result as { protocolVersion?: unknown } | undefined;
  const agreed = typeof result?.protocolVersion === 'string' ? result.protocolVersion : version;
  const usable = step.outcome === 'reached' || step.blockedBy === 'header-not-exposed';
  if (!usable) {
    for (const [n, l, m] of [['initialized', 'POST notifications/initialized', 'POST'], ['tools-list', 'POST tools/list', 'POST'], ['get-stream', 'GET stream', 'GET']] as const) {
      run.skip(n, l, m, ctx.url.href, `initialize did not succeed in the browser (${step.outcome})`);
    }
    return agreed;
  }
  // Go on even when the id was unreadable (with the id seen on the wire), so that one report
  // shows every browser problem, not only the first.
  const session: Session = { ...(readSid ?? wireSid ? { sessionId: readSid ?? wireSid } : {}), protocolVersion: agreed };
  const note = !readSid && wireSid ? 'used the session id seen on the wire: a real browser client could not have read it' : undefined;
  const withHeaders = headerNames({ ...(session.sessionId ? { 'mcp-session-id': '1' } : {}), 'mcp-protocol-version': '1', ...lower(ctx.options.headers) }, ['mcp-session-id', 'mcp-protocol-version', 'authorization']);

  const n = rpcSpec(ctx, { probe: 'browser', label: 'notifications/initialized', method: 'notifications/initialized', notification: true, session });
  const ns = await run.fetch('initialized', `POST notifications/initialized with ${withHeaders}`, { ...rpcRead(n), read: 'none' });
  if (ns.step.outcome === 'reached' && (ns.step.status ?? 0) >= 400) Object.assign(ns.step, { outcome: 'refused', reason: `answered ${ns.step.status}` });
  if (note) ns.step.note = note;
  run.record(ns.step);

  const tl = rpcSpec(ctx, { probe: 'browser', label: 'tools/list', method: 'tools/list', params: {}, session });
  const ts = await run.fetch('tools-list', `POST tools/list with ${withHeaders}`, rpcRead(tl));
  if (ts.step.outcome === 'reached') judgeRpc(ts.step, 'tools/list');
  if (note) ts.step.note = note;
  run.record(ts.step);

  const gs = await run.fetch('get-stream', `GET stream (Accept: text/event-stream) with ${withHeaders}`, {
    url: ctx.url.href, method: 'GET', headers: streamHeaders(ctx, session), read: 'stream', firstChunkMs: STREAM_FIRST_CHUNK_MS,
    readHeaders: ['content-type'],
  });
  if (gs.step.outcome === 'reached' && (gs.step.status ?? 0) >= 400) Object.assign(gs.step, { outcome: 'refused', reason: `answered ${gs.step.status}` });
  if (gs.step.outcome === 'reached' && gs.step.firstChunk === undefined) gs.step.note = `the stream opened; nothing arrived within ${STREAM_FIRST_CHUNK_MS} ms`;
  if (note && !gs.step.note) gs.step.note = note;
  run.record(gs.step);
  return agreed;
}

/** Stateless 2026-07-28: server/discover and tools/list with the modern headers and `_meta`. */
async function statelessFlow(run: Runner, ctx: ScanContext): Promise<void> {
  const d = rpcSpec(ctx, { probe: 'browser', label: 'server/discover', method: 'server/discover', params: {}, modern: true });
  const ds = await run.fetch('discover', 'POST server/discover with MCP-Protocol-Version, Mcp-Method', rpcRead(d));
  if (ds.step.outcome === 'reached') judgeRpc(ds.step, 'server/discover');
  run.record(ds.step);
  if (ds.step.outcome !== 'reached') {
    run.skip('tools-list', 'POST tools/list', 'POST', ctx.url.href, `server/discover did not succeed in the browser (${ds.step.outcome})`);
    return;
  }
  const tl = rpcSpec(ctx, { probe: 'browser', label: 'tools/list', method: 'tools/list', params: {}, modern: true });
  const ts = await run.fetch('tools-list', 'POST tools/list with MCP-Protocol-Version, Mcp-Method', rpcRead(tl));
  if (ts.step.outcome === 'reached') judgeRpc(ts.step, 'tools/list');
  run.record(ts.step);
}

async function legacyFlow(run: Runner, ctx: ScanContext, probes: Partial<Probes>): Promise<void> {
  const sseUrl = probes.legacy!.sseUrl!;
  if (!await run.allow(new URL(sseUrl).origin)) {
    run.skip('legacy-connect', 'EventSource GET', 'GET', sseUrl, 'the SSE URL is outside what the scan may reach');
    return;
  }
  const endpoint = probes.legacy?.endpointUrl;
  if (endpoint) { try { await run.allow(new URL(endpoint).origin); } catch (err) { if (err instanceof OutOfTime) throw err; } }
  const init = rpcSpec(ctx, { probe: 'browser', label: 'initialize', method: 'initialize', params: initializeParams('2024-11-05') });
  const headers = { ...lower(ctx.options.headers), 'content-type': 'application/json' };
  await run.legacy(sseUrl, { body: init.body!, rpcId: init.rpcId!, headers });
}

/** The unauthenticated request, its 401, WWW-Authenticate, and the metadata it leads to. */
async function authFlow(run: Runner, ctx: ScanContext, flow: BrowserArtifact['flow'], probes: Partial<Probes>): Promise<void> {
  if (flow === 'legacy') return; // EventSource cannot send credentials; nothing a browser could discover
  const first = run.steps.find((s) => s.name === 'initialize' || s.name === 'discover');
  const userHeaders = Object.keys(ctx.options.headers).length > 0;
  const firstStatus = first?.networkStatus ?? first?.status;
  if (first && !userHeaders && firstStatus !== undefined && firstStatus !== 401) {
    run.authRequired = false; // the same anonymous request already went through
    return;
  }
  if (first && !userHeaders && firstStatus === undefined && (first.outcome === 'blocked' || first.outcome === 'timeout')) {
    // The challenge request would be the very same request: reuse what it showed instead of sending it twice.
    run.record({ ...first, name: 'challenge', label: `unauthenticated ${first.label} (the same request as above, not sent twice)` });
    return;
  }
  const modern = flow === 'stateless';
  const version = probes.era?.sessionRevision ?? '2025-11-25';
  const spec = rpcSpec(ctx, {
    probe: 'browser', label: 'unauthenticated', method: modern ? 'server/discover' : 'initialize',
    params: modern ? {} : initializeParams(version), modern, anonymous: true,
  });
  const c = await run.fetch('challenge', `unauthenticated POST ${modern ? 'server/discover' : 'initialize'} (expecting 401 + WWW-Authenticate)`, {
    ...rpcRead(spec, ['www-authenticate']), read: 'none',
  });
  const step = c.step;
  const wireStatus = step.networkStatus ?? step.status;
  const sid = c.main?.headers?.['mcp-session-id'];
  if (sid) ctx.openedSessions.add(sid);
  if (wireStatus === undefined) {
    run.record(step); // blocked or timed out before any status: auth unknown
    return;
  }
  run.authRequired = wireStatus === 401;
  if (!run.authRequired) {
    step.note = `answered ${wireStatus}: no authentication required`;
    run.record(step);
    return;
  }
  const wireWww = c.main?.headers?.['www-authenticate'];
  const readWww = c.result?.headers['www-authenticate'] ?? undefined;
  if (step.outcome === 'reached' && wireWww && !readWww) {
    Object.assign(step, {
      outcome: 'blocked', blockedBy: 'header-not-exposed',
      reason: 'the 401 carries WWW-Authenticate, but script cannot read it: it is not in Access-Control-Expose-Headers',
    });
  } else if (step.outcome === 'reached' && !wireWww) {
    step.note = 'the 401 carries no WWW-Authenticate';
  }
  run.record(step);

  // Protected-resource metadata: the challenge's pointer (if script could read it), then well-known URLs.
  const candidates: { url: string; via: 'www-authenticate' | 'well-known' }[] = [];
  if (readWww) {
    const bearer = parseWwwAuthenticate(readWww).find((ch) => ch.scheme.toLowerCase() === 'bearer');
    const rm = bearer?.params.resource_metadata;
    if (rm) { try { candidates.push({ url: new URL(rm, ctx.url).href, via: 'www-authenticate' }); } catch { /* not a URL */ } }
  }
  for (const u of prmCandidates(ctx.url)) if (!candidates.some((x) => x.url === u)) candidates.push({ url: u, via: 'well-known' });
  let doc: Record<string, unknown> | undefined;
  for (const cand of candidates.slice(0, 3)) {
    const got = await metadata(run, 'prm', cand.url, `GET protected-resource metadata (${cand.via})`);
    if (!got) continue;
    got.step.via = cand.via;
    run.record(got.step);
    if (got.doc) { doc = got.doc; break; }
  }
  if (!doc) return;
  const servers = Array.isArray(doc.authorization_servers) ? doc.authorization_servers.filter((s): s is string => typeof s === 'string') : [];
  let issuer: URL;
  try { issuer = new URL(servers[0] ?? ''); } catch { return; }
  for (const url of asCandidates(issuer)) {
    const got = await metadata(run, 'as-metadata', url, 'GET authorization-server metadata');
    if (!got) continue;
    got.step.via = 'prm';
    run.record(got.step);
    if (got.doc || got.step.outcome === 'blocked') break;
  }
}

async function metadata(run: Runner, name: 'prm' | 'as-metadata', url: string, label: string): Promise<{ step: BrowserStep; doc?: Record<string, unknown> } | undefined> {
  let origin: string;
  try { origin = new URL(url).origin; } catch { return undefined; }
  if (!/^https?:/.test(url)) return undefined;
  if (!await run.allow(origin)) {
    run.skip(name, label, 'GET', url, 'the URL resolves to a private address, which this scan may not reach');
    return undefined;
  }
  const f = await run.fetch(name, label, { url, method: 'GET', headers: { accept: 'application/json' }, read: 'json', readHeaders: [] });
  const step = f.step;
  let doc: Record<string, unknown> | undefined;
  if (step.outcome === 'reached') {
    const json = f.result?.json;
    if (step.status !== 200) Object.assign(step, { outcome: 'refused', reason: `answered ${step.status}` });
    else if (typeof json === 'object' && json !== null && !Array.isArray(json)) doc = json as Record<string, unknown>;
    else Object.assign(step, { outcome: 'refused', reason: `not a JSON object (${f.result?.jsonError ?? 'unexpected JSON'})` });
  }
  return { step, ...(doc ? { doc } : {}) };
}

/** An rpc step that script could read: did the server answer as MCP? */
function judgeRpc(step: BrowserStep, method: string): void {
  const status = step.status ?? 0;
  if (status >= 400) {
    Object.assign(step, { outcome: 'refused', reason: `${method} was answered ${status}${step.rpc?.errorMessage ? ` (${step.rpc.errorMessage})` : ''}` });
  } else if (step.rpc?.errorCode !== undefined) {
    Object.assign(step, { outcome: 'refused', reason: `${method} returned JSON-RPC error ${step.rpc.errorCode}${step.rpc.errorMessage ? `: ${step.rpc.errorMessage}` : ''}` });
  } else if (!step.rpc?.answered) {
    if (step.timedOutAt) Object.assign(step, { outcome: 'timeout', reason: `the ${method} response did not arrive within the step's time` });
    else Object.assign(step, { outcome: 'refused', reason: `no JSON-RPC response to ${method} in the body` });
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
