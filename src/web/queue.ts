// The scan queue: a bounded queue in front of a fixed number of concurrent scans, shared
// fairly. Each client (its address, IPv6 per /64) may have only so many scans running and
// so many waiting; the next scan to start is the oldest one whose client is under its
// running share, so one client's backlog never holds every slot. The same URL with the same
// options is scanned at most once per dedupe window: later submitters get the scan already
// queued, running or just finished. Each scan writes its progress events to the store (the
// SSE stream's history, so a reconnecting client can resume) and tells live subscribers.
// The user's request headers live only in the in-memory job and in the scan's options,
// never in the store or a log.
import { createHash, randomBytes } from 'node:crypto';
import { scan as runScan } from '../engine/index.ts';
import type { ScanOptions } from '../contract/options.ts';
import type { BrowserProvider } from '../engine/index.ts';
import type { NetLimits } from '../contract/limits.ts';
import { renderEvidenceJson } from '../../reports/json.ts';
import { Result } from '../contract/result.ts';
import { Evidence } from '../contract/evidence.ts';
import type { ScanRow, ScanStore, StoredEvent } from './store.ts';
import { REFUSED_MESSAGE } from './target.ts';

/** 128 random bits, base64url: the scan's unguessable permanent id. */
export function newScanId(): string {
  return randomBytes(16).toString('base64url');
}
export const SCAN_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export class QueueFullError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('The scan queue is full; try again in a little while.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** One client already has its share of the queue: answered 429, the others are still served. */
export class ClientBusyError extends Error {
  readonly retryAfterSeconds: number;
  constructor(limit: number, retryAfterSeconds: number) {
    super(`You already have ${limit} scans queued or running; wait for one to finish.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface QueueOptions {
  store: ScanStore;
  /** scans running at once */
  concurrency: number;
  /** scans waiting (not yet running) before submissions get 503 */
  maxQueued: number;
  /** scans one client may have running at once (default: half the concurrency, at least 1) */
  perClientRunning?: number;
  /** scans one client may have waiting (default 2); beyond running + waiting: 429 */
  perClientQueued?: number;
  /** the same URL with the same options is scanned at most once per this many ms (default 5 min; 0 = off) */
  dedupeWindowMs?: number;
  /** the clock (tests); default Date.now */
  now?: () => number;
  /** options every scan starts from (deadline, windows, blockPrivate…) */
  scanOptions: ScanOptions;
  limits?: Partial<NetLimits>;
  browser?: BrowserProvider;
  /** Retry-After for a full queue */
  retryAfterSeconds?: number;
  /** lifecycle lines (never headers) */
  log?: (msg: string, fields: Record<string, unknown>) => void;
  /** the engine (tests may substitute a slow or failing one) */
  scan?: typeof runScan;
}

export interface Submission {
  /** the URL scanned (as typed, query values included) */
  url: string;
  headers: Record<string, string>;
  /** who submitted it (clientKey) */
  client: string;
  /** the URL as stored and shown (query values redacted unless the operator keeps them) */
  storedUrl?: string;
  /** on the public pages (default true) */
  listed?: boolean;
  /** removes secrets from the result and evidence before they are stored */
  scrub?: (text: string) => string;
}

interface Job extends Required<Submission> { id: string }

/** A submission's answer: the scan, and whether it was an earlier identical one. */
export interface Admitted { row: ScanRow; reused: boolean }

/** after the scan's own deadline and wind-down, how long before the slot is taken back anyway */
const WATCHDOG_GRACE_MS = 15_000;

export class ScanQueue {
  private readonly opts: QueueOptions;
  private readonly waiting: Job[] = [];
  private readonly running = new Map<string, Job>();
  /** dedupe key → the scan it started and when */
  private readonly recentByKey = new Map<string, { id: string; at: number }>();
  private readonly listeners = new Map<string, Set<(e: StoredEvent) => void>>();
  private closed = false;
  /** settles when every scan started by this queue has settled (for a clean close in tests) */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: QueueOptions) {
    this.opts = opts;
  }

  get stats(): { running: number; queued: number; concurrency: number; maxQueued: number } {
    return { running: this.running.size, queued: this.waiting.length, concurrency: this.opts.concurrency, maxQueued: this.opts.maxQueued };
  }

  private get perClientRunning(): number { return this.opts.perClientRunning ?? Math.max(1, Math.floor(this.opts.concurrency / 2)); }
  private get perClientQueued(): number { return this.opts.perClientQueued ?? 2; }
  private now(): number { return (this.opts.now ?? Date.now)(); }

  private runningOf(client: string): number {
    let n = 0;
    for (const j of this.running.values()) if (j.client === client) n++;
    return n;
  }

  /** What makes two submissions the same scan: the URL as scanned, the headers, the listing. */
  private static keyOf(s: Submission): string {
    const headers = Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]).sort();
    return createHash('sha256').update(JSON.stringify([s.url, headers, s.listed !== false])).digest('base64url');
  }

  /**
   * Queue a scan of an already checked URL, or hand back the identical scan submitted within
   * the dedupe window. Throws ClientBusyError when this client has its share, QueueFullError
   * when the queue is full.
   */
  submit(sub: Submission): Admitted {
    const retry = this.opts.retryAfterSeconds ?? 30;
    if (this.closed) throw new QueueFullError(retry);
    const key = ScanQueue.keyOf(sub);
    const window = this.opts.dedupeWindowMs ?? 5 * 60_000;
    const now = this.now();
    for (const [k, e] of this.recentByKey) if (now - e.at >= window) this.recentByKey.delete(k);
    const prior = window > 0 ? this.recentByKey.get(key) : undefined;
    if (prior) {
      const row = this.opts.store.getScan(prior.id);
      if (row && row.status !== 'failed') return { row, reused: true };
    }
    const waitingOfClient = this.waiting.filter((j) => j.client === sub.client).length;
    const share = this.perClientRunning + this.perClientQueued;
    if (waitingOfClient + this.runningOf(sub.client) >= share) throw new ClientBusyError(share, retry);
    const free = this.running.size < this.opts.concurrency;
    if (!free && this.waiting.length >= this.opts.maxQueued) throw new QueueFullError(retry);
    const id = newScanId();
    const job: Job = { id, url: sub.url, headers: sub.headers, client: sub.client, storedUrl: sub.storedUrl ?? sub.url, listed: sub.listed !== false, scrub: sub.scrub ?? ((t) => t) };
    const row = this.opts.store.createScan(id, job.storedUrl, job.listed);
    if (window > 0) this.recentByKey.set(key, { id, at: now });
    this.waiting.push(job);
    this.opts.log?.('scan queued', { scan: id, url: job.storedUrl, client: sub.client });
    this.pump();
    return { row, reused: false }; // as submitted: queued (it may already have started)
  }

  /** 1-based place in the queue, or undefined when not waiting. */
  position(id: string): number | undefined {
    const i = this.waiting.findIndex((j) => j.id === id);
    return i < 0 ? undefined : i + 1;
  }

  /** Live events of one scan (those stored after the call). */
  subscribe(id: string, fn: (e: StoredEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) { set = new Set(); this.listeners.set(id, set); }
    set.add(fn);
    return () => {
      const s = this.listeners.get(id);
      if (!s) return;
      s.delete(fn);
      if (s.size === 0) this.listeners.delete(id);
    };
  }

  /**
   * Stop: nothing new starts, and running scans are abandoned (their outcome is not
   * written; the store marks them failed when it is opened next). Waits for nothing
   * unless `drain` is set, in which case it waits for the running scans to settle.
   */
  async close(drain = false): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    this.listeners.clear();
    if (drain) await Promise.allSettled([...this.inFlight]);
  }

  /** Settles once every scan this queue started has settled (whatever close() did). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private emit(id: string, e: StoredEvent): void {
    for (const fn of this.listeners.get(id) ?? []) {
      try { fn(e); } catch { /* a broken listener must not break the scan */ }
    }
  }

  private record(id: string, write: () => StoredEvent): void {
    if (this.closed || this.opts.store.isClosed) return;
    this.emit(id, write());
  }

  /** The oldest waiting job whose client is under its running share. */
  private next(): Job | undefined {
    const i = this.waiting.findIndex((j) => this.runningOf(j.client) < this.perClientRunning);
    return i < 0 ? undefined : this.waiting.splice(i, 1)[0];
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.opts.concurrency) {
      const job = this.next();
      if (!job) break;
      this.running.set(job.id, job);
      const p = this.run(job).finally(() => {
        this.running.delete(job.id);
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
  }

  private async run(job: Job): Promise<void> {
    const { store } = this.opts;
    this.record(job.id, () => store.markRunning(job.id));
    this.opts.log?.('scan started', { scan: job.id });
    const options: ScanOptions = { ...this.opts.scanOptions, headers: job.headers };
    let settled = false;
    const finish = (write: () => StoredEvent, msg: string, fields: Record<string, unknown>) => {
      if (settled) return;
      settled = true;
      this.record(job.id, write);
      if (!this.closed) this.opts.log?.(msg, { scan: job.id, ...fields });
    };
    let watchdog: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      watchdog = setTimeout(() => {
        finish(() => store.markFailed(job.id, `the scan did not finish within its deadline (${Math.round(options.deadlineMs / 1000)} s)`), 'scan abandoned', {});
        resolve();
      }, options.deadlineMs + WATCHDOG_GRACE_MS);
      watchdog.unref?.();
    });
    const work = (async () => {
      try {
        const { evidence, result } = await (this.opts.scan ?? runScan)({
          url: job.url, options, limits: this.opts.limits, browser: this.opts.browser,
          onProgress: (e) => {
            if (settled) return;
            this.record(job.id, () => store.appendEvent(job.id, 'progress', { probe: e.probe, phase: e.phase, at: e.at, ...(e.note ? { note: e.note } : {}) }));
          },
        });
        const blocked = !result.reachable ? evidence.transcript.find((x) => x.error?.kind === 'blocked') : undefined;
        if (blocked && !evidence.transcript.some((x) => x.response)) {
          finish(() => store.markFailed(job.id, REFUSED_MESSAGE), 'scan refused', {});
        } else {
          // held to the schemas before they are stored and served (the server loads zod anyway)
          Result.parse(result);
          Evidence.parse(evidence);
          const clean = JSON.parse(job.scrub(JSON.stringify(result))) as Result;
          // the scrubbed text stays JSON: only characters inside strings are replaced, by ones needing no escape
          const evidenceJson = job.scrub(renderEvidenceJson(evidence));
          finish(() => store.markDone(job.id, clean, evidenceJson), 'scan done', { score: result.scores.overall, tier: result.tier, ms: evidence.durationMs });
        }
      } catch (err) {
        finish(() => store.markFailed(job.id, `scanner error: ${err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)}`), 'scan failed', {});
      }
    })();
    await Promise.race([work, timedOut]);
    clearTimeout(watchdog);
  }
}
