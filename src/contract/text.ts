// The one sanitiser for untrusted text (anything a scanned server or a user sent): terminal
// escapes, invisible control characters, bidi overrides and lone surrogates removed, then
// folded onto one line and bounded where a line is wanted. Every report, rule detail and
// terminal line goes through here; escaping for an output syntax (HTML, Markdown, XML) is
// each format's own job on top.

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

/** Any value as one clean line of at most `max` characters (non-strings as JSON). */
export function boundedLine(value: unknown, max: number): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else { try { s = JSON.stringify(value) ?? String(value); } catch { s = String(value); } }
  return truncate(oneLine(s), max);
}
