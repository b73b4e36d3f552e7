// Text hygiene shared by every format. Strings from the scanned server (headers, names,
// error messages, bodies) may carry terminal escapes, control characters or bidi overrides
// meant to spoof what a reader sees; they are removed before display. Escaping for the
// output syntax (HTML, Markdown, XML) is each format's own job, on top of this.

/** CSI / OSC / two-character ESC sequences and the 8-bit CSI. */
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
/** C0 (except tab and newline), DEL, C1, and the Unicode bidi embedding/override/isolate controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Half of a surrogate pair without its other half: not text, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Any character one of the replacements below could touch: CR, the controls (every escape
 * sequence starts with ESC or the 8-bit CSI, both controls) and surrogates. Most text has
 * none, and reports clean thousands of strings each, so those are returned as they are.
 */
const MAY_NEED_CLEANING = /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]/;

/** Removes terminal escapes and invisible control characters; keeps tabs and newlines. */
export function cleanText(s: string): string {
  if (!MAY_NEED_CLEANING.test(s)) return s;
  return s.replace(/\r\n?/g, '\n').replace(ANSI_SEQUENCE, '').replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** Whitespace that folding or trimming would change: not a plain space, two in a row, or at either end. */
const MAY_NEED_FOLDING = /[^\S ]| {2}|^ | $/;

/** cleanText, with every run of whitespace (newlines included) folded into one space. */
export function oneLine(s: string): string {
  const clean = cleanText(s);
  if (!MAY_NEED_FOLDING.test(clean)) return clean;
  return clean.replace(/\s+/g, ' ').trim();
}

/** Cuts at `max` characters (not inside a surrogate pair) and marks the cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

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

// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text for a terminal: ANSI escapes and control characters removed (a hostile server must not repaint it), one line, at most `max` characters. */
export function plain(s: string | undefined | null, max = 300): string {
  if (!s) return '';
  const t = s.replace(TERMINAL_CONTROL, '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
