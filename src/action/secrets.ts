// Keeping header values out of everything the action writes. The runner masks them in the
// log once `::add-mask::` is printed, but not in files: the report folder becomes an
// artifact, and a server may echo a credential back (an error message quoting the token).
// The scanner already redacts the values it sends in the evidence; this is the second line:
// every occurrence left anywhere is replaced with ***, like the runner does in the log.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';

export const MASK = '***';

/**
 * Values shorter than this are not scrubbed from the files and text the action writes:
 * a short non-secret header (`X-Env: prod`) would shred the reports. The runner still
 * masks every value, whatever its length, in the log.
 */
export const MIN_SCRUB_LENGTH = 6;

/** Largest file rewritten (reports and evidence are far smaller; the cap bounds the work). */
const MAX_SCRUB_BYTES = 64 * 1024 * 1024;

export type Scrub = (s: string) => string;

/**
 * Replaces every secret with ***, longest first (so `Bearer abc` wins over `abc`). Also the
 * forms a secret takes inside JSON strings, URLs and HTML (escaped quotes and backslashes,
 * percent-encoding, entities), since reports store text that way.
 */
export function makeScrubber(secrets: string[], minLength = 1): Scrub {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < minLength) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
    forms.add(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    forms.add(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;'));
  }
  const list = [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
  if (!list.length) return (s) => s;
  const re = new RegExp(list.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (s) => s.replace(re, MASK);
}

/** A line-buffered stream filter: a secret split across two chunks is still caught. */
export function scrubStream(scrub: Scrub): Transform {
  let pending = '';
  return new Transform({
    transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback) {
      pending += chunk.toString();
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) {
        // a long line without a newline: pass most of it on, keep a tail that may hold a split secret
        if (pending.length > 64 * 1024) { const keep = 4096; this.push(scrub(pending.slice(0, -keep))); pending = pending.slice(-keep); }
        return done();
      }
      this.push(scrub(pending.slice(0, cut + 1)));
      pending = pending.slice(cut + 1);
      done();
    },
    flush(done: TransformCallback) {
      if (pending) this.push(scrub(pending));
      done();
    },
  });
}

/** Rewrites every file under `dir` that contains a secret; returns the files changed. */
export async function scrubDirectory(dir: string, scrub: Scrub): Promise<string[]> {
  const changed: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try { entries = await readdir(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { await walk(p); continue; }
      if (!e.isFile()) continue;
      if ((await stat(p)).size > MAX_SCRUB_BYTES) continue;
      const text = await readFile(p, 'utf8');
      const clean = scrub(text);
      if (clean !== text) { await writeFile(p, clean, 'utf8'); changed.push(p); }
    }
  };
  await walk(dir);
  return changed;
}
