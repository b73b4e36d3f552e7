// The URL list of `agentready batch`: one URL per line, `#` comments and blank lines
// ignored, duplicates (after normalisation) kept once, invalid lines reported with their
// line number. Parsing never throws: the caller decides whether problems are fatal (--strict).
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.ts';
import { parseTargetUrl } from './input.ts';

export interface ListEntry {
  /** the normalised URL (what is scanned, hashed and recorded) */
  url: string;
  /** 1-based line number of its first occurrence */
  line: number;
}

export interface ListProblem {
  line: number;
  /** one line: `urls.txt:7: "ftp://x" must be http:// or https:// (got ftp:)` */
  message: string;
}

export interface ParsedList {
  /** name used in messages: the file path, or `<stdin>` */
  source: string;
  entries: ListEntry[];
  invalid: ListProblem[];
  /** later lines whose URL normalises to one already listed */
  duplicates: { line: number; url: string; firstLine: number }[];
}

/** Longest URL accepted from a list (longer lines are almost certainly not URLs). */
export const MAX_URL_LENGTH = 8192;

/**
 * The canonical form of a target URL: WHATWG parsing (lower-case scheme and host, default
 * port dropped, dot segments resolved, percent-encoding normalised) without the fragment,
 * which is never sent to a server. Throws UsageError for anything `scan` would refuse.
 */
export function normaliseUrl(raw: string, where = 'URL'): string {
  const url = parseTargetUrl(raw, where);
  url.hash = '';
  return url.href;
}

export function parseUrlList(text: string, source: string): ParsedList {
  const entries: ListEntry[] = [];
  const invalid: ListProblem[] = [];
  const duplicates: ParsedList['duplicates'] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((rawLine, i) => {
    const line = i + 1;
    // a comment starts the line, or follows whitespace (a `#` inside a URL is a fragment)
    const content = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!content) return;
    const where = `${source}:${line}:`;
    if (content.length > MAX_URL_LENGTH) {
      invalid.push({ line, message: `${where} line is ${content.length} characters long (a URL may have at most ${MAX_URL_LENGTH})` });
      return;
    }
    if (/\s/.test(content)) {
      invalid.push({ line, message: `${where} "${shorten(content)}" holds more than one word (one URL per line; comments start with #)` });
      return;
    }
    let url: string;
    try {
      url = normaliseUrl(content, where);
    } catch (err) {
      invalid.push({ line, message: err instanceof UsageError ? err.message : `${where} ${(err as Error).message}` });
      return;
    }
    const first = seen.get(url);
    if (first !== undefined) {
      duplicates.push({ line, url, firstLine: first });
      return;
    }
    seen.set(url, line);
    entries.push({ url, line });
  });
  return { source, entries, invalid, duplicates };
}

/** Reads the list from a file, or from stdin for `-`; unreadable → UsageError (exit 2). */
export async function readUrlList(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<ParsedList> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return parseUrlList(decodeUtf8(Buffer.concat(chunks), '<stdin>'), '<stdin>');
  }
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the URL list (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})`);
  }
  return parseUrlList(decodeUtf8(buf, file), file);
}

function decodeUtf8(buf: Buffer, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new UsageError(`${source}: the URL list is not UTF-8 text`);
  }
}

function shorten(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
