// Text hygiene shared by every format. Strings from the scanned server (headers, names,
// error messages, bodies) may carry terminal escapes, control characters or bidi overrides
// meant to spoof what a reader sees; they are removed before display. Escaping for the
// output syntax (HTML, Markdown, XML) is each format's own job, on top of this.

export { boundedLine, cleanText, oneLine, truncate } from '../src/contract/text.ts';
import { oneLine, truncate } from '../src/contract/text.ts';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** Millisecond precision, for arrival times where a few ms matter (bursts). */
export function formatMsPrecise(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Only http(s) URLs become links; anything else (javascript:, data:, garbage) stays text. */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Text for a terminal: escapes and control characters removed (a hostile server must not repaint it), one line, at most `max` characters. */
export function plain(s: string | undefined | null, max = 300): string {
  return s ? truncate(oneLine(s), max - 1) : '';
}
