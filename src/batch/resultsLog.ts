// <out>/results.jsonl: one complete JSON line per finished endpoint, appended as each scan
// ends. Every append is one write(2) of whole lines on an O_APPEND descriptor, followed by
// fdatasync, so a crash or SIGKILL leaves at most one partial line at the very end — the
// reader ignores it, and `--resume` cuts it off before appending again. The manifest,
// index.html and summary.md are always rebuilt from this file.
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { Entry } from './entry.ts';

export const RESULTS_FILE = 'results.jsonl';

export interface ReadLog {
  /** last entry per URL, in first-seen order */
  entries: Map<string, Entry>;
  /** complete lines that did not parse or validate (1-based line numbers) */
  badLines: number[];
  /** bytes of a trailing partial line (a write cut short), 0 if none */
  partialBytes: number;
  /** byte length of the complete lines */
  completeBytes: number;
}

/** Reads a results log; a missing file reads as empty. Never throws on content. */
export async function readResultsLog(file: string): Promise<ReadLog> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: new Map(), badLines: [], partialBytes: 0, completeBytes: 0 };
    throw err;
  }
  const end = buf.lastIndexOf(0x0a) + 1; // everything after the last newline is a cut-short write
  const entries = new Map<string, Entry>();
  const badLines: number[] = [];
  const text = buf.subarray(0, end).toString('utf8');
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line.trim()) continue;
    let parsed: unknown;
    try { parsed = JSON.parse(line); } catch { badLines.push(lineNo); continue; }
    const r = Entry.safeParse(parsed);
    if (!r.success) { badLines.push(lineNo); continue; }
    entries.delete(r.data.url); // the latest line for a URL wins, at its latest position
    entries.set(r.data.url, r.data);
  }
  return { entries, badLines, partialBytes: buf.length - end, completeBytes: end };
}

/** Cuts a trailing partial line off, so the next append starts on a fresh line. */
export async function repairResultsLog(file: string, log: ReadLog): Promise<void> {
  if (log.partialBytes > 0) await truncate(file, log.completeBytes);
}

/**
 * Appends entries, one whole line each. Appends that arrive while a write is in flight are
 * coalesced into the next single write (still whole lines), so a fleet of concurrent scans
 * costs a handful of syscalls, not one fsync each.
 */
export class ResultsLogWriter {
  readonly file: string;
  #handle: FileHandle;
  #pending: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;
  #sync: boolean;

  private constructor(file: string, handle: FileHandle, sync: boolean) {
    this.file = file;
    this.#handle = handle;
    this.#sync = sync;
  }

  /** `fresh`: start an empty log (a new batch); otherwise append (resume). */
  static async open(file: string, opts: { fresh: boolean; sync?: boolean }): Promise<ResultsLogWriter> {
    const handle = await open(file, opts.fresh ? 'w' : 'a');
    if (opts.fresh) await handle.close();
    return new ResultsLogWriter(file, opts.fresh ? await open(file, 'a') : handle, opts.sync ?? true);
  }

  append(entry: Entry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    return new Promise<void>((done, fail) => {
      this.#pending.push({ line, done, fail });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length) {
      const batch = this.#pending.splice(0);
      try {
        const buf = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
        for (let off = 0; off < buf.length;) off += (await this.#handle.write(buf, off, buf.length - off)).bytesWritten;
        if (this.#sync) await this.#handle.datasync();
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.fail(err);
      }
    }
    this.#flushing = undefined;
  }

  async close(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    await this.#handle.close();
  }
}
