// `agentready serve`: the scan-by-URL web form. Fastify with its plugins (formbody for the
// form, rate-limit per client, helmet for security headers), a SQLite store that survives
// restarts, a bounded scan queue, live progress over SSE, permanent report URLs, badges,
// per-URL history and a small JSON API. Safe to expose: targets that are or resolve to
// private/loopback/metadata addresses are refused (unless --allow-private), both here
// before queuing and by the scan's own network layer on every connection and redirect.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { DEFAULT_SCAN_OPTIONS, type ScanOptions } from '../contract/options.ts';
import type { BrowserProvider } from '../engine/index.ts';
import type { NetLimits } from '../contract/limits.ts';
import { refusalChannel } from '../engine/index.ts';
import { clientKey, fastifyTrustProxy, type TrustProxy } from './clients.ts';
import { SCAN_ID_PATTERN, ScanQueue, type QueueOptions } from './queue.ts';
import { queryScrubber, redactQuery } from './redact.ts';
import { ScanStore, type PurgeReport, type ScanRow } from './store.ts';
import { checkTarget, type LookupAll } from './target.ts';
import { renderError, type PageContext } from './views.ts';
import { apiRoutes } from './routes/api.ts';
import { badgeRoutes } from './routes/badges.ts';
import { pageRoutes } from './routes/pages.ts';
import { progressRoutes } from './routes/progress.ts';
import { HTML, type WebRoutes } from './routes/shared.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the query parameters the route reads (each at most once); any other is a 400 */
    query?: readonly string[];
  }
}

export interface WebServerOptions {
  /** default 8080; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** directory of the SQLite database (created if needed); ':memory:' for a throwaway store */
  dataDir?: string;
  /** scan loopback/private targets too (local use); shown in every page footer */
  allowPrivate?: boolean;
  /** scans running at once (default 4) */
  concurrency?: number;
  /** scans waiting before submissions get 503 (default 50) */
  maxQueued?: number;
  /** the whole scan's deadline, ms (default: the scanner's default) */
  scanDeadlineMs?: number;
  /** scan options every web scan starts from (tests: short windows) */
  scanOptions?: Partial<ScanOptions>;
  limits?: Partial<NetLimits>;
  /** a browser for the real-browser check, shared by every scan */
  browser?: BrowserProvider;
  /** per-client limits; `false` turns them off */
  rateLimit?: false | {
    /** scan submissions (form and API together) per window (default 10) */
    submitMax?: number;
    /** every other request per window (default 300) */
    requestMax?: number;
    /** default 60 000 */
    windowMs?: number;
  };
  /** SSE keep-alive comment interval (default 15 000) */
  sseKeepAliveMs?: number;
  /** SSE `retry:` advice (default 2 000) */
  sseRetryMs?: number;
  /** progress streams open at once (default 1 000) */
  maxStreams?: number;
  /** progress streams one client may hold open (default 10) */
  maxStreamsPerClient?: number;
  /** scans one client may have running at once (default: half of concurrency, at least 1) */
  perClientRunning?: number;
  /** scans one client may have waiting (default 2) */
  perClientQueued?: number;
  /** the same URL with the same options is scanned at most once per this many ms (default 5 min; 0 = off) */
  dedupeWindowMs?: number;
  /** store and show query values as typed (default: each value is [redacted]) */
  keepQueryValues?: boolean;
  /** finished scans older than this many days are deleted (default 30; 0 = kept forever) */
  retainDays?: number;
  /** the oldest finished scans are deleted while the database holds more than this (default 1 GiB; 0 = no cap) */
  maxDbBytes?: number;
  /** how often retention runs (default hourly; it also runs at start) */
  purgeIntervalMs?: number;
  /** the clock (tests); default Date.now */
  now?: () => number;
  /** request body limit in bytes (default 64 KiB) */
  bodyLimit?: number;
  /** DNS for the pre-queue SSRF check (tests) */
  lookup?: LookupAll;
  /** behind reverse proxies: how many hops, or which proxy addresses/CIDRs, may name the client in X-Forwarded-For */
  trustProxy?: TrustProxy | false;
  /** absolute base URL for badge snippets (default: from the request) */
  publicUrl?: string;
  /** Retry-After when the queue is full (default 30 s) */
  retryAfterSeconds?: number;
  /** Fastify's logger (default off); request bodies and headers are never logged */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** the scan engine (tests) */
  scan?: QueueOptions['scan'];
}

export interface WebServer {
  /** http://host:port */
  url: string;
  app: FastifyInstance;
  store: ScanStore;
  queue: ScanQueue;
  /** apply retention now (it also runs at start and every purgeIntervalMs) */
  purge(): PurgeReport;
  /**
   * Stop at once, as a crash would as far as scans are concerned: running and queued
   * scans are abandoned and marked failed when the store is next opened.
   */
  close(): Promise<void>;
}

const DEFAULTS = {
  port: 8080, host: '127.0.0.1', dataDir: './agentready-data', concurrency: 4, maxQueued: 50,
  submitMax: 10, requestMax: 300, windowMs: 60_000, sseKeepAliveMs: 15_000, sseRetryMs: 2_000,
  maxStreams: 1_000, maxStreamsPerClient: 10, bodyLimit: 64 * 1024, retryAfterSeconds: 30,
  retainDays: 30, maxDbBytes: 1024 * 1024 * 1024, purgeIntervalMs: 60 * 60_000,
};

const DAY_MS = 24 * 60 * 60_000;

const WEB_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  scriptSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const allowPrivate = options.allowPrivate === true;
  const ctx: PageContext = { allowPrivate };
  const store = new ScanStore(o.dataDir, { now: options.now });
  const scanOptions: ScanOptions = {
    ...DEFAULT_SCAN_OPTIONS,
    ...options.scanOptions,
    ...(options.scanDeadlineMs !== undefined ? { deadlineMs: options.scanDeadlineMs } : {}),
    headers: {},
    blockPrivate: !allowPrivate,
  };
  delete scanOptions.callTool; // never call a stranger's tools

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: o.bodyLimit,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    // a slow client cannot hold a connection forever before its request is in
    requestTimeout: 30_000,
    connectionTimeout: 0,
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  const log = (msg: string, fields: Record<string, unknown>) => app.log.info(fields, msg);
  // what a refused target resolved to is for the operator only; the requester gets one generic text
  const logRefusal = (detail: unknown) => app.log.warn({ refused: detail }, 'target refused');
  refusalChannel.subscribe(logRefusal);
  const queue = new ScanQueue({
    store, concurrency: o.concurrency, maxQueued: o.maxQueued, scanOptions, limits: options.limits,
    browser: options.browser, retryAfterSeconds: o.retryAfterSeconds, log, scan: options.scan,
    perClientRunning: options.perClientRunning, perClientQueued: options.perClientQueued,
    dedupeWindowMs: options.dedupeWindowMs, now: options.now,
  });
  if (store.recovered.length) app.log.warn({ scans: store.recovered }, `${store.recovered.length} scan(s) interrupted by a restart were marked failed`);
  const openStreams = new Set<ServerResponse>();
  const streamsByClient = new Map<string, number>();

  const purge = (): PurgeReport => {
    const report = store.purge({ maxAgeMs: o.retainDays * DAY_MS, maxBytes: o.maxDbBytes });
    if (report.byAge + report.bySize > 0) app.log.info(report, 'retention: old scans deleted');
    return report;
  };
  purge();
  const purgeTimer = setInterval(() => { if (!store.isClosed) purge(); }, o.purgeIntervalMs);
  purgeTimer.unref();

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: WEB_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(formbody, { bodyLimit: o.bodyLimit });
  app.removeContentTypeParser('text/plain');
  const rl = options.rateLimit === false ? undefined : {
    submitMax: options.rateLimit?.submitMax ?? o.submitMax,
    requestMax: options.rateLimit?.requestMax ?? o.requestMax,
    windowMs: options.rateLimit?.windowMs ?? o.windowMs,
  };
  const keyGenerator = (req: FastifyRequest) => clientKey(req.ip);
  if (rl) await app.register(rateLimit, { global: true, max: rl.requestMax, timeWindow: rl.windowMs, keyGenerator });
  const noLimit: FastifyContextConfig = rl ? { rateLimit: false } : {};
  // one limiter shared by the form and the API (a route-level limit would count them apart)
  const submitLimiter = rl ? app.createRateLimit({ max: rl.submitMax, timeWindow: rl.windowMs, keyGenerator }) : undefined;
  const submitLimit = {
    config: { ...noLimit },
    onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
      await sameOriginOnly(req);
      if (!submitLimiter) return;
      const r = await submitLimiter(req);
      if (r.isAllowed || !r.isExceeded) return; // isAllowed: on the allow list
      reply.header('retry-after', String(Math.max(1, r.ttlInSeconds)));
      throw Object.assign(new Error('rate limited'), { statusCode: 429 });
    },
  };

  // Every route names the query parameters it reads; anything else, or one given twice, is a
  // 400 here rather than an array reaching code that expects a string.
  app.addHook('onRequest', async (req) => {
    if (req.is404) return;
    const allowed = req.routeOptions.config?.query ?? [];
    for (const [name, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
      const shown = name.slice(0, 40);
      if (!allowed.includes(name)) {
        throw badRequest(`Unknown query parameter "${shown}": ${allowed.length ? `this address takes only ${allowed.join(', ')}` : 'this address takes none'}.`);
      }
      if (Array.isArray(value)) throw badRequest(`The query parameter "${shown}" is given more than once.`);
    }
  });

  // A scan submitted from another site's page (a form posting here, or a script) is refused:
  // browsers say where a request comes from (Sec-Fetch-Site, or Origin in older ones);
  // clients that are not browsers send neither and are let through.
  const ownHosts = new Set<string>(options.publicUrl ? [new URL(options.publicUrl).host.toLowerCase()] : []);
  const sameOriginOnly = async (req: FastifyRequest) => {
    const site = req.headers['sec-fetch-site'];
    // Sec-Fetch-Site first: under our no-referrer policy a browser's own same-origin form
    // post carries `Origin: null`, which only the fetch metadata tells apart from a foreign one
    if (typeof site === 'string') {
      if (site !== 'same-origin' && site !== 'none') throw crossSite();
      return;
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    let host: string;
    try { host = new URL(origin).host.toLowerCase(); } catch { throw crossSite(); }
    if (host !== req.host.toLowerCase() && !ownHosts.has(host)) throw crossSite();
  };

  const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/') || (/\bjson\b/.test(String(req.headers.accept ?? '')) && !/text\/html/.test(String(req.headers.accept ?? '')));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    let message: string;
    if (status === 429) message = `Too many requests from your address; try again in ${reply.getHeader('retry-after') ?? 'a few'} seconds.`;
    else if (status === 413) message = `The request body is larger than ${o.bodyLimit} bytes.`;
    else if (status === 415) message = 'Unsupported content type: send the form (application/x-www-form-urlencoded) or JSON to the API.';
    else if (status >= 500) { req.log.error({ err }, 'request failed'); message = 'Something went wrong on our side.'; }
    else message = err.message || 'Bad request.';
    if (wantsJson(req)) return reply.code(status).type('application/json').send({ error: message });
    return reply.code(status).type(HTML).send(renderError(ctx, status === 429 ? 'Slow down' : status >= 500 ? 'Server error' : 'Bad request', message));
  });
  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req)) return reply.code(404).type('application/json').send({ error: 'not found' });
    return reply.code(404).type(HTML).send(renderError(ctx, 'Not found', 'There is nothing at this address. Scan ids are long and exact: check the link.'));
  });

  // --- the routes, one plugin each (src/web/routes/) ------------------------------------
  /**
   * A checked target, queued (or the identical scan already there), or the TargetError to
   * show. Scans run with headers or a query string are unlisted: what credentials unlock is
   * not for the public pages.
   */
  const admit = async (req: FastifyRequest, rawUrl: unknown, readHeaders: () => Record<string, string>, unlisted: boolean) => {
    const url = await checkTarget(rawUrl, { allowPrivate, lookup: options.lookup });
    const headers = readHeaders();
    const hasQuery = url.search.length > 1;
    return queue.submit({
      url: url.href, headers, client: clientKey(req.ip),
      listed: !unlisted && !hasQuery && Object.keys(headers).length === 0,
      ...(hasQuery && options.keepQueryValues !== true ? { storedUrl: redactQuery(url), scrub: queryScrubber(url) } : {}),
    });
  };

  const findScan = (id: string): ScanRow | undefined => (SCAN_ID_PATTERN.test(id) ? store.getScan(id) : undefined);
  const routes: WebRoutes = { ctx, store, queue, options, noLimit, submitLimit, admit, findScan, openStreams, streamsByClient, o };
  await app.register(pageRoutes, routes);
  await app.register(apiRoutes, routes);
  await app.register(progressRoutes, routes);
  await app.register(badgeRoutes, routes);

  app.addHook('onClose', async () => {
    clearInterval(purgeTimer);
    refusalChannel.unsubscribe(logRefusal);
    for (const res of openStreams) res.end();
    openStreams.clear();
  });

  try {
    await app.listen({ port: o.port, host: o.host });
  } catch (err) {
    clearInterval(purgeTimer);
    refusalChannel.unsubscribe(logRefusal);
    await queue.close();
    store.close();
    throw err;
  }
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    app, store, queue, purge,
    close: () => closing ??= (async () => {
      await queue.close();
      for (const res of openStreams) res.end();
      await app.close();
      store.close();
    })(),
  };
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

function crossSite(): Error {
  return Object.assign(new Error("Scans are submitted from this site's own form or by API clients, not from another site's page."), { statusCode: 403 });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
