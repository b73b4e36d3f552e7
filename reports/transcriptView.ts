// The wire transcript as the HTML report shows it: one view per exchange (status line,
// timings, headers, body excerpt) and, for event streams, a timeline of when events and
// keep-alive comments arrived, so a reader can see *why* a stream rule failed.
// Everything here is display text; the template escapes it.
import type { Exchange, SseRecord } from '../src/contract/evidence.ts';
import { cleanText, formatBytes, formatMs, formatMsPrecise, oneLine, truncate } from './text.ts';

/** Display limits: the report stays readable and bounded whatever the evidence holds. */
const LIMITS = { body: 16_000, headerValue: 2_000, eventData: 300, eventRows: 200, markers: 1_000, keyHeaders: 6 };

export interface NameValue { name: string; value: string }

/** `#x12` for exchange "x12"; other ids are made anchor-safe under an `x-` prefix. */
export function exchangeAnchor(id: string): string {
  return /^x\d+$/.test(id) ? id : `x-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

// Read off the CommonJS module: an ESM `import … from 'node:http'` copies every export, and one
// of them (WebSocket) is a getter that loads Node's bundled undici (~25 ms at every start).
const STATUS_CODES = process.getBuiltinModule('node:http').STATUS_CODES;

function reason(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

/** Path and query when the URL is on the scanned origin, else the whole URL. */
export function displayUrl(url: string, baseOrigin: string | undefined): string {
  try {
    const u = new URL(url);
    return baseOrigin && u.origin === baseOrigin ? `${u.pathname}${u.search}` : u.href;
  } catch {
    return url;
  }
}

export function outcomeOf(x: Exchange): { text: string; tone: 'ok' | 'warn' | 'bad' } {
  if (x.response) {
    const s = x.response.status;
    return { text: reason(s), tone: s < 300 ? 'ok' : s < 400 || s === 405 ? 'warn' : 'bad' };
  }
  if (x.error) return { text: `${x.error.kind} error`, tone: 'bad' };
  return { text: 'no response', tone: 'bad' };
}

/** Headers that usually explain a rule's verdict, in this order. */
const KEY_HEADERS = [
  'content-type', 'x-accel-buffering', 'cache-control', 'mcp-session-id', 'access-control-allow-origin',
  'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-expose-headers',
  'www-authenticate', 'allow', 'location', 'strict-transport-security', 'content-encoding', 'server', 'via',
];

/** Request headers that carry credentials. The scanner redacts them; this is a second lock. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);
const LOOKS_REDACTED = /redacted|\*{3}|…|\[hidden\]/i;

function headerRows(headers: Record<string, string>, kind: 'request' | 'response'): NameValue[] {
  return Object.entries(headers).map(([name, value]) => {
    let shown = value;
    if (kind === 'request' && CREDENTIAL_HEADERS.has(name.toLowerCase()) && !LOOKS_REDACTED.test(value)) {
      const scheme = /^\s*(\w+)\s+\S/.exec(value)?.[1];
      shown = `${scheme ? `${scheme} ` : ''}[redacted]`;
    }
    return { name: oneLine(name), value: truncate(cleanText(shown), LIMITS.headerValue) };
  });
}

/** JSON bodies are pretty-printed for reading; anything else is shown as received. */
function bodyText(body: string): string {
  const trimmed = body.trim();
  // Indentation grows with nesting depth: deep JSON would balloon (quadratically), so only
  // shallow documents are pretty-printed, and never into much more than they were.
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length < 64_000 && nestingDepth(trimmed) <= MAX_PRETTY_DEPTH) {
    try {
      const pretty = JSON.stringify(JSON.parse(trimmed), null, 2);
      if (pretty.length <= trimmed.length * 4 + 1024) return pretty;
    } catch { /* not JSON after all: show it raw */ }
  }
  return body;
}

const MAX_PRETTY_DEPTH = 32;

/** Deepest bracket nesting, ignoring brackets inside strings; stops counting past the limit. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') { if (++depth > max) max = depth; if (max > MAX_PRETTY_DEPTH) return max; }
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

// ---- what a rule shows about each exchange it cites ----

export interface ExchangeRef {
  id: string;
  /** set when the transcript is in the report */
  href?: string;
  line: string;
  keyHeaders: NameValue[];
  note?: string;
}

export function exchangeRef(id: string, x: Exchange | undefined, baseOrigin: string | undefined): ExchangeRef {
  if (!x) return { id, line: `exchange ${id} (not in the attached transcript)`, keyHeaders: [] };
  const o = outcomeOf(x);
  const line = `${id}: ${oneLine(x.request.method)} ${displayUrl(oneLine(x.request.url), baseOrigin)} → ${o.text}`;
  const headers = x.response?.headers ?? {};
  const keyHeaders = KEY_HEADERS.filter((h) => headers[h] !== undefined)
    .slice(0, LIMITS.keyHeaders)
    .map((h) => ({ name: h, value: truncate(oneLine(headers[h]), 200) }));
  const sse = x.response?.sse;
  const note = x.error
    ? truncate(oneLine(`${x.error.kind}: ${x.error.message}`), 300)
    : sse ? streamSummary(x, sse) : undefined;
  return { id, href: `#${exchangeAnchor(id)}`, line, keyHeaders, ...(note ? { note } : {}) };
}

// ---- SSE timeline ----

interface Silence { from: number; to: number }

/** The longest stretch with neither an event nor a comment, from the headers to the end of watching. */
function longestSilence(x: Exchange, sse: SseRecord): Silence | null {
  const start = x.response?.headersAt ?? 0;
  const end = x.response?.endAt ?? x.durationMs;
  const times = [...sse.events.map((e) => e.t), ...sse.comments.map((c) => c.t)].filter((t) => t >= start).sort((a, b) => a - b);
  let prev = start;
  let best: Silence | null = null;
  for (const t of [...times, end]) {
    if (t - prev > (best ? best.to - best.from : 0)) best = { from: prev, to: t };
    prev = Math.max(prev, t);
  }
  return best;
}

function streamSummary(x: Exchange, sse: SseRecord): string {
  const events = sse.events.length + sse.droppedEvents;
  const comments = sse.comments.length + sse.droppedComments;
  const gap = longestSilence(x, sse);
  const watched = formatMs(x.response?.endAt ?? x.durationMs);
  return `${events} event${events === 1 ? '' : 's'}, ${comments} comment${comments === 1 ? '' : 's'} in ${watched}` +
    (gap ? `; longest silence ${formatMs(gap.to - gap.from)}` : '');
}

export interface TimelineMark { x: string; title: string }
export interface TimelineRow { at: string; kind: string; id: string; event: string; data: string }
export interface TimelineView {
  caption: string;
  endLabel: string;
  events: TimelineMark[];
  comments: TimelineMark[];
  headersX: string;
  /** width of the stretch before the response headers arrived (0 when immediate) */
  waitW: string;
  gap?: { x: string; w: string; label: string };
  rows: TimelineRow[];
  moreRows: number;
  rowsTotal: number;
  problems: string[];
}

const WIDTH = 1000;

export function sseTimeline(x: Exchange): TimelineView | undefined {
  const r = x.response;
  const sse = r?.sse;
  if (!r || !sse) return undefined;
  const lastSeen = Math.max(0, ...sse.events.map((e) => e.t), ...sse.comments.map((c) => c.t));
  const span = Math.max(1, r.endAt ?? 0, x.durationMs, lastSeen);
  const at = (t: number) => (Math.min(Math.max(t, 0), span) / span * WIDTH).toFixed(1);
  const gap = longestSilence(x, sse);
  const events = sse.events.slice(0, LIMITS.markers).map((e) => ({
    x: at(e.t),
    title: truncate(oneLine(`event at ${formatMsPrecise(e.t)}${e.id !== undefined ? ` id=${e.id}` : ''}${e.event ? ` (${e.event})` : ''}`), 200),
  }));
  const comments = sse.comments.slice(0, LIMITS.markers).map((c) => ({ x: at(c.t), title: truncate(oneLine(`comment at ${formatMsPrecise(c.t)}: ${c.text}`), 200) }));
  const merged: (TimelineRow & { t: number })[] = [
    ...sse.events.map((e) => ({
      t: e.t, at: formatMsPrecise(e.t), kind: 'event', id: e.id === undefined ? '' : oneLine(e.id), event: oneLine(e.event ?? ''),
      data: truncate(oneLine(e.data), LIMITS.eventData) + (e.truncated ? ' [cut by scanner]' : ''),
    })),
    ...sse.comments.map((c) => ({ t: c.t, at: formatMsPrecise(c.t), kind: 'comment', id: '', event: '', data: truncate(oneLine(`: ${c.text}`), LIMITS.eventData) })),
    ...sse.retries.map((rt) => ({ t: rt.t, at: formatMsPrecise(rt.t), kind: 'retry', id: '', event: '', data: `retry: ${rt.ms} ms` })),
  ].sort((a, b) => a.t - b.t);
  const problems = [
    ...(sse.droppedEvents ? [`${sse.droppedEvents} more events arrived but were not kept (event cap).`] : []),
    ...(sse.droppedComments ? [`${sse.droppedComments} more comments arrived but were not kept.`] : []),
    ...sse.parseErrors.map((p) => `Framing problem: ${truncate(oneLine(p), 300)}`),
  ];
  const caption =
    `${streamSummary(x, sse)}${gap ? ` (${formatMs(gap.from)} → ${formatMs(gap.to)})` : ''}. ` +
    `Response headers at ${formatMs(r.headersAt)}` +
    (r.firstByteAt !== undefined ? `, first byte at ${formatMs(r.firstByteAt)}` : '') +
    `; reading stopped: ${r.endedBy}.`;
  return {
    caption,
    endLabel: formatMs(span),
    events,
    comments,
    headersX: at(r.headersAt),
    waitW: at(r.headersAt),
    ...(gap && gap.to > gap.from ? { gap: { x: at(gap.from), w: (Number(at(gap.to)) - Number(at(gap.from))).toFixed(1), label: `silent for ${formatMs(gap.to - gap.from)}` } } : {}),
    rows: merged.slice(0, LIMITS.eventRows).map(({ t: _t, ...row }) => row),
    moreRows: Math.max(0, merged.length - LIMITS.eventRows),
    rowsTotal: merged.length,
    problems,
  };
}

// ---- one exchange in the transcript ----

export interface ExchangeView {
  id: string;
  anchor: string;
  probe: string;
  label: string;
  method: string;
  url: string;
  shortUrl: string;
  outcome: string;
  outcomeTone: 'ok' | 'warn' | 'bad';
  duration: string;
  timings: NameValue[];
  requestHeaders: NameValue[];
  requestBody?: string;
  responseHeaders: NameValue[];
  responseBody?: string;
  responseNotes: string[];
  error?: string;
  timeline?: TimelineView;
  citedBy: { id: string; href: string }[];
}

export function exchangeView(x: Exchange, baseOrigin: string | undefined, citedBy: { id: string; href: string }[]): ExchangeView {
  const o = outcomeOf(x);
  const r = x.response;
  const timings: NameValue[] = [
    { name: 'probe', value: oneLine(x.probe) },
    { name: 'started', value: `+${formatMs(x.startedAt)} into the scan` },
    { name: 'duration', value: formatMs(x.durationMs) },
    ...(r ? [
      { name: 'headers at', value: formatMs(r.headersAt) },
      ...(r.firstByteAt !== undefined ? [{ name: 'first byte at', value: formatMs(r.firstByteAt) }] : []),
      ...(r.endAt !== undefined ? [{ name: 'ended at', value: formatMs(r.endAt) }] : []),
      { name: 'body', value: `${formatBytes(r.bodyBytes)}${r.bodyTruncated ? ' (excerpt)' : ''}, reading stopped: ${r.endedBy}` },
      ...(r.httpVersion ? [{ name: 'HTTP version', value: oneLine(r.httpVersion) }] : []),
      ...(r.remoteAddress ? [{ name: 'remote address', value: oneLine(r.remoteAddress) }] : []),
    ] : []),
  ];
  const notes: string[] = [];
  if (r?.rpc) {
    const rpc = r.rpc;
    notes.push(`JSON-RPC (${rpc.framing}): ${rpc.messages} message(s), ${rpc.responses} response(s), ${rpc.requests} request(s), ${rpc.notifications} notification(s); ${rpc.answered ? 'our request was answered' : 'no answer to our request'}.`);
    if (rpc.error) notes.push(truncate(oneLine(`JSON-RPC error ${rpc.error.code ?? ''}: ${rpc.error.message ?? ''}`), 500));
    for (const bad of rpc.invalid.slice(0, 5)) notes.push(truncate(oneLine(`Not JSON-RPC: ${bad}`), 300));
  }
  if (r?.tls) {
    const t = r.tls;
    notes.push(oneLine(`TLS ${t.protocol ?? ''}: certificate ${t.authorized ? 'trusted' : `not trusted (${t.authorizationError ?? 'unknown reason'})`}` +
      `${t.certSubject ? `, subject ${t.certSubject}` : ''}${t.certIssuer ? `, issuer ${t.certIssuer}` : ''}${t.validTo ? `, valid to ${t.validTo}` : ''}`));
  }
  return {
    id: x.id,
    anchor: exchangeAnchor(x.id),
    probe: oneLine(x.probe),
    label: oneLine(x.label),
    method: oneLine(x.request.method),
    url: oneLine(x.request.url),
    shortUrl: displayUrl(oneLine(x.request.url), baseOrigin),
    outcome: o.text,
    outcomeTone: o.tone,
    duration: formatMs(x.durationMs),
    timings,
    requestHeaders: headerRows(x.request.headers, 'request'),
    ...(x.request.body ? { requestBody: truncate(cleanText(bodyText(x.request.body)), LIMITS.body) } : {}),
    responseHeaders: r ? headerRows(r.headers, 'response') : [],
    ...(r?.body ? { responseBody: truncate(cleanText(bodyText(r.body)), LIMITS.body) } : {}),
    responseNotes: notes,
    ...(x.error ? { error: truncate(oneLine(`${x.error.kind}: ${x.error.message}${x.error.at !== undefined ? ` (at ${formatMs(x.error.at)})` : ''}`), 1000) } : {}),
    ...(r?.sse ? { timeline: sseTimeline(x) } : {}),
    citedBy,
  };
}
