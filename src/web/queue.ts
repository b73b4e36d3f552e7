// The scan queue: a bounded FIFO in front of a fixed number of concurrent scans. Each scan
// writes its progress events to the store (they are the SSE stream's history, so a
// reconnecting client can resume) and tells live subscribers. The user's request headers
// live only in the in-memory job and in the scan's options, never in the store or a log.
import { randomBytes } from 'node:crypto';
import { scan as runScan } from '../engine/scan.ts';
import type { ScanOptions } from '../gather/context.ts';
import type { BrowserProvider } from '../gather/browser.ts';
import type { NetLimits } from '../net/limits.ts';
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

export interface QueueOptions {
  store: ScanStore;
  /** scans running at once */
  concurrency: number;
  /** scans waiting (not yet running) before submissions get 503 */
  maxQueued: number;
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

interface Job { id: string; url: string; headers: Record<string, string> }

/** after the scan's own deadline and wind-down, how long before the slot is taken back anyway */
const WATCHDOG_GRACE_MS = 15_000;

export class ScanQueue {
  private readonly opts: QueueOptions;
  private readonly waiting: Job[] = [];
  private readonly running = new Set<string>();
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

  /** Queue a scan of an already checked URL; throws QueueFullError when the queue is full. */
  submit(url: string, headers: Record<string, string>): ScanRow {
    if (this.closed) throw new QueueFullError(this.opts.retryAfterSeconds ?? 30);
    const free = this.running.size < this.opts.concurrency;
    if (!free && this.waiting.length >= this.opts.maxQueued) throw new QueueFullError(this.opts.retryAfterSeconds ?? 30);
    const id = newScanId();
    const row = this.opts.store.createScan(id, url);
    this.waiting.push({ id, url, headers });
    this.opts.log?.('scan queued', { scan: id, url });
    this.pump();
    return row; // as submitted: queued (it may already have started)
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

  private pump(): void {
    while (!this.closed && this.running.size < this.opts.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running.add(job.id);
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
          finish(() => store.markDone(job.id, result, evidence), 'scan done', { score: result.scores.overall, tier: result.tier, ms: evidence.durationMs });
        }
      } catch (err) {
        finish(() => store.markFailed(job.id, `scanner error: ${err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)}`), 'scan failed', {});
      }
    })();
    await Promise.race([work, timedOut]);
    clearTimeout(watchdog);
  }
}
