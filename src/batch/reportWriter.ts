// Where a batch renders and writes its report folders. On the scanning thread, rendering and
// writing cost about as much CPU as the scan itself, and the event loop that hundreds of live
// scans share waited on them. So the batch renders only result.json and evidence.json here
// (validated first: a malformed Result fails on this thread) and hands those texts
// to a worker thread, which renders the other formats from them and writes the folder on the
// second core (figures: bench/RESULTS.md). The files are byte for byte those `agentready scan`
// writes (test/batch/reportWriter.test.ts).
//
// If the worker dies (a bug: it only renders what was already validated), the folders it held
// are reported as not written (ReportWorkerLost: the batch records those endpoints as skipped,
// so --resume scans them again) and every later folder is written on this thread. The texts
// are not kept here for a retry: held while the worker is busy, they outlive two scavenges
// and fill old space (bench/RESULTS.md).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Evidence } from '../contract/evidence.ts';
import { Result } from '../contract/result.ts';
import { renderEvidenceJson, renderJson, type Format, type JsonTexts, type WriteOptions, type WrittenReport } from '../../reports/index.ts';
import { withJson, writeOutputs } from '../../reports/output.ts';

export interface ReportWriter {
  /** Writes the formats (plus result.json and evidence.json) into `dir`; rejects as writeOutputs does. */
  write(result: Result, evidence: Evidence | undefined, dir: string, formats: Format[], options?: WriteOptions): Promise<WrittenReport[]>;
  /** Waits for the folders in flight (a worker of the writer's own is then stopped; the shared one is kept). */
  close(): Promise<void>;
}

/** What one message to the worker carries: result.json and evidence.json as renderJson/renderEvidenceJson made them. */
export interface ReportJob { id: number; json: JsonTexts; dir: string; formats: Format[]; options: WriteOptions }
export type ReportReply = { id: number; files: WrittenReport[] } | { id: number; error: string };

/**
 * A batch scans for hours, hostile servers included, and loads zod anyway (its config): what it
 * writes is held to the schemas first, so a malformed Result fails here, not in whoever reads the
 * folder. (`agentready scan` leaves that to the test suite, to load no zod: reports/json.ts.)
 */
function checked(result: Result, evidence: Evidence | undefined): void {
  Result.parse(result);
  if (evidence) Evidence.parse(evidence);
}

/** Writes on the calling thread (single scans). */
export const inlineReportWriter: ReportWriter = {
  write: async (result, evidence, dir, formats, options = {}) => {
    checked(result, evidence);
    return writeOutputs(result, evidence, dir, formats, options);
  },
  close: async () => {},
};

/**
 * The worker's young generation. What it allocates is report text, dead once written, so a
 * small nursery costs it little, and V8 would otherwise size it from the machine's memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 };

interface Pending { resolve: (files: WrittenReport[]) => void; reject: (err: Error) => void }

/** The report worker died holding this endpoint's folder: nothing was written for it. */
export class ReportWorkerLost extends Error {}

/**
 * One worker thread and the folders it holds. The default one is shared by every batch in the
 * process and kept between them (unreferenced while idle, so it never keeps the process up):
 * its renderers are compiled and warm for the next batch, as the main thread's would be.
 */
class ReportThread {
  #worker: Worker | undefined;
  #pending = new Map<number, Pending>();
  #seq = 0;
  failure: string | undefined;

  constructor(script: URL) {
    const worker = new Worker(script, { resourceLimits: WORKER_LIMITS });
    worker.on('message', (reply: ReportReply) => this.#settle(reply));
    worker.on('error', (err) => this.#retire(`report worker failed: ${err.message}`));
    worker.on('exit', (code) => this.#retire(`report worker exited (code ${code})`));
    worker.unref();
    this.#worker = worker;
  }

  get alive(): boolean { return this.#worker !== undefined; }

  post(fields: Omit<ReportJob, 'id'>): Promise<WrittenReport[]> {
    const job: ReportJob = { id: ++this.#seq, ...fields };
    return new Promise((resolve, reject) => {
      this.#worker!.postMessage(job);
      this.#pending.set(job.id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker!.ref(); // an answer is due: keep the process up for it
    });
  }

  async terminate(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) { worker.removeAllListeners('exit'); await worker.terminate(); }
  }

  #settle(reply: ReportReply): void {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.files);
  }

  /** The worker is gone: what it held is lost (and rescanned on --resume). */
  #retire(why: string): void {
    if (!this.#worker) return;
    this.failure ??= why;
    this.#worker = undefined;
    for (const { reject } of this.#pending.values()) reject(new ReportWorkerLost(`${why} before writing the reports`));
    this.#pending.clear();
  }
}

let shared: ReportThread | undefined;

export class WorkerReportWriter implements ReportWriter {
  readonly #thread: ReportThread;
  readonly #own: boolean;
  #inFlight = new Set<Promise<unknown>>();

  /** `script`: a worker entry of its own (tests give a failing one); default: the shared report worker */
  constructor(script?: URL) {
    this.#own = script !== undefined;
    if (script) this.#thread = new ReportThread(script);
    else {
      if (!shared?.alive) shared = new ReportThread(defaultScript());
      this.#thread = shared;
    }
  }

  /** why the worker stopped being used (it failed or exited), if it did */
  get failure(): string | undefined { return this.#thread.failure; }

  async write(result: Result, evidence: Evidence | undefined, dir: string, formats: Format[], options: WriteOptions = {}): Promise<WrittenReport[]> {
    // a worker gone (a bug) leaves later folders to this thread
    if (!this.#thread.alive) return inlineReportWriter.write(result, evidence, dir, formats, options);
    checked(result, evidence);
    const json: JsonTexts = { result: renderJson(result), ...(evidence ? { evidence: renderEvidenceJson(evidence) } : {}) };
    const written = this.#thread.post({ json, dir, formats: withJson(formats), options });
    this.#inFlight.add(written);
    try {
      return await written;
    } finally {
      this.#inFlight.delete(written);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    if (this.#own) await this.#thread.terminate();
  }
}

/** The worker is this module's sibling: .ts in a checkout, .js in the compiled package. */
function defaultScript(): URL {
  return new URL(`./reportWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
}
