// The only door to the network. Every request of a scan goes through NetClient.exchange:
// hard timeouts, byte and event caps, decompression caps, redirect policy, optional SSRF
// policy, and a transcript entry for every exchange. It never throws for network trouble:
// the failure is recorded in the exchange, because a failure is a finding.
import type { Agent, buildConnector, Dispatcher } from 'undici';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Exchange, Headers as HeaderMap } from '../contract/evidence.ts';
import { DEFAULT_LIMITS, type NetLimits } from '../contract/limits.ts';
import { own, SseRecorder } from './sse.ts';
import { classifyError } from './errors.ts';
import { checkLiteralHost, guardedLookup } from './ssrf.ts';
import { safeJsonParse, summarizeRpc, type JsonRpcId, type RpcMessage } from './jsonrpc.ts';
import { setOwn } from '../contract/setOwn.ts';

export interface NetClientOptions {
  limits?: Partial<NetLimits>;
  /** refuse private/loopback/metadata targets (the web form) */
  blockPrivate?: boolean;
  /** the whole scan's deadline; in-flight requests end when it fires */
  signal?: AbortSignal;
  /** header names whose values are secrets supplied by the user (redacted in the transcript) */
  secretHeaderNames?: string[];
  userAgent?: string;
  /** called whenever an exchange is recorded (live progress) */
  onExchange?: (x: Exchange) => void;
}

export interface ExchangeSpec {
  probe: string;
  label: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** parse the body as SSE whatever its content type (GET streams) */
  expectStream?: boolean;
  /** the JSON-RPC id we sent: its response ends an SSE read (after graceAfterAnswerMs) */
  rpcId?: JsonRpcId;
  /** summarise the body as JSON-RPC (set for every JSON-RPC POST) */
  rpc?: boolean;
  /** streams: stop reading after this long */
  windowMs?: number;
  /** streams: stop as soon as the question is answered */
  stopWhen?: (rec: SseRecorder, elapsedMs: number) => boolean;
  /**
   * streams: stop once nothing has arrived for this long after the last byte, and, with
   * `quietFromHeaders`, after the headers when no byte has come yet (a stream with nothing to say)
   */
  quietStopMs?: number;
  quietFromHeaders?: boolean;
  /** after the response arrived on an SSE body, how long to wait to see whether the server ends the stream */
  graceAfterAnswerMs?: number;
  followRedirects?: boolean;
  /** stop reading early from outside (e.g. close a GET stream when another probe is done) */
  signal?: AbortSignal;
  /** streams: hands over the live recorder, for probes that act while the stream is open */
  onStream?: (rec: SseRecorder, status: number) => void;
  /** non-stream overall timeout override */
  timeoutMs?: number;
}

export interface ExchangeResult {
  exchange: Exchange;
  /** JSON-RPC messages parsed from the body (full, not the evidence excerpt) */
  messages: RpcMessage[];
  response?: RpcMessage;
  /** a JSON (non-RPC) body, parsed: metadata documents */
  json?: unknown;
  sse?: SseRecorder;
}

/** What the client uses of undici. */
export interface UndiciParts {
  Agent: typeof Agent;
  buildConnector: typeof buildConnector;
  /** `dispatcher.request(options)`, the promise API */
  request: (dispatcher: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}

/**
 * undici's Agent, connector and request API, required from their own files: the package's
 * index loads fetch, WebSocket, the cache and the mocks besides (110 modules, ~100 ms of every
 * start; these need ~25). undici has no `exports` map, so the paths resolve; if a release moves
 * them, the index is the fallback (test/net/undiciParts.test.ts checks they are the same).
 */
export function undiciParts(from: 'files' | 'index' = 'files'): UndiciParts {
  const require = createRequire(import.meta.url);
  if (from === 'files') {
    try {
      const request = require('undici/lib/api/api-request.js') as (this: Dispatcher, o: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
      return {
        Agent: require('undici/lib/dispatcher/agent.js'),
        buildConnector: require('undici/lib/core/connect.js'),
        request: (dispatcher, options) => request.call(dispatcher, options),
      };
    } catch { /* moved: the index below */ }
  }
  const index = require('undici') as typeof import('undici');
  return { Agent: index.Agent, buildConnector: index.buildConnector, request: (dispatcher, options) => dispatcher.request(options) };
}
const undici = undiciParts();

const SECRET_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'api-key'];
/** the garbage bearer token the auth probe sends: not a secret, shown as is */
export const INVALID_TOKEN = 'agentready-invalid-token';

export class NetClient {
  readonly transcript: Exchange[] = [];
  readonly limits: NetLimits;
  private readonly agent: Agent;
  private readonly t0 = performance.now();
  private seq = 0;
  private readonly secretNames: Set<string>;
  private readonly opts: NetClientOptions;
  /** sockets still connecting: undici cannot cancel them, so close() destroys them */
  private readonly connecting = new Set<Socket>();

  constructor(opts: NetClientOptions = {}) {
    this.opts = opts;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const connector = undici.buildConnector({
      timeout: this.limits.connectTimeoutMs,
      ...(opts.blockPrivate ? { lookup: guardedLookup } : {}),
    }) as unknown as (o: buildConnector.Options, cb: (err: Error | null, s: Socket | null) => void) => Socket;
    this.agent = new undici.Agent({
      connect: (options, callback) => {
        const socket = connector(options, (err, s) => {
          this.connecting.delete(socket);
          (callback as (err: Error | null, s: Socket | null) => void)(err, s);
        });
        this.connecting.add(socket);
      },
      maxHeaderSize: this.limits.maxHeaderBytes,
      headersTimeout: this.limits.headersTimeoutMs,
      bodyTimeout: this.limits.idleTimeoutMs,
      // one request per connection at a time; streams hold theirs open
      pipelining: 1,
      keepAliveTimeout: 2_000,
    });
    this.secretNames = new Set([...SECRET_HEADERS, ...(opts.secretHeaderNames ?? []).map((h) => h.toLowerCase())]);
  }

  /** the scan's deadline: work that does not go through exchange() (the bare TLS handshake) stops on it too */
  get signal(): AbortSignal | undefined { return this.opts.signal; }

  /** the scan's deadline has passed: a request now could only fail, so probes send none */
  get pastDeadline(): boolean { return this.opts.signal?.aborted === true; }

  /** Record an exchange made outside undici (the WebSocket upgrade): gets an id, credentials redacted. */
  recordExternal(x: Omit<Exchange, 'id'>): string {
    const exchange: Exchange = { ...x, id: `x${++this.seq}`, request: { ...x.request, headers: this.redact(x.request.headers) } };
    this.record(exchange);
    return exchange.id;
  }

  /** ms since this client (the scan) started */
  now(): number { return Math.round(performance.now() - this.t0); }

  async close(): Promise<void> {
    // a connect or TLS handshake that never completes would otherwise linger for connectTimeoutMs
    for (const s of this.connecting) s.destroy(new Error('the scan is over'));
    this.connecting.clear();
    await this.agent.destroy().catch(() => {});
  }

  async exchange(spec: ExchangeSpec, hop = 0): Promise<ExchangeResult> {
    const id = `x${++this.seq}`;
    const started = performance.now();
    const startedAt = this.now();
    const rel = () => Math.round((performance.now() - started) * 10) / 10;
    const headers: Record<string, string> = {
      'user-agent': this.opts.userAgent ?? 'agentready',
      'accept-encoding': 'gzip, deflate, br',
      ...lowerKeys(spec.headers ?? {}),
    };
    // values echoed from the server (negotiated version, SSE ids) may hold what no header can carry
    for (const [k, v] of Object.entries(headers)) headers[k] = headerValue(v);
    if (spec.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const exchange: Exchange = {
      id, probe: spec.probe, label: spec.label, startedAt,
      request: { method: spec.method, url: spec.url, headers: this.redact(headers), ...(spec.body !== undefined ? { body: spec.body.slice(0, 4096) } : {}) },
      durationMs: 0,
    };
    const result: ExchangeResult = { exchange, messages: [] };

    const local = new AbortController();
    let stopReason: 'window' | 'answered' | 'cap' | 'timeout' | 'external' | undefined;
    // stopped by the probe's own condition (e.g. drop after the first event id), not after a grace
    // that followed the response: whether the server would have ended the stream is then unknown
    let scannerStopped = false;
    const stop = (why: typeof stopReason) => { if (!local.signal.aborted) { stopReason = why; local.abort(why); } };
    const signals = [local.signal, ...(this.opts.signal ? [this.opts.signal] : []), ...(spec.signal ? [spec.signal] : [])];
    const signal = AbortSignal.any(signals);
    const isStream = spec.expectStream === true;
    const windowMs = spec.windowMs ?? (isStream ? 10_000 : spec.timeoutMs ?? this.limits.requestTimeoutMs);
    const timer = setTimeout(() => stop(isStream ? 'window' : 'timeout'), windowMs);
    const onExternal = () => stop('external');
    spec.signal?.addEventListener('abort', onExternal, { once: true });

    try {
      const url = new URL(spec.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw Object.assign(new Error(`unsupported scheme ${url.protocol}`), { code: 'ERR_SCHEME' });
      if (this.opts.blockPrivate) checkLiteralHost(url);
      // raced with the signal: undici defers an abort until the connection is up, so a
      // stalled connect or TLS handshake would otherwise outlive the deadline by connectTimeoutMs
      const res = await abortable(undici.request(this.agent, {
        origin: url.origin,
        path: url.pathname + url.search,
        method: spec.method as 'GET',
        headers,
        body: spec.body,
        signal,
        // streams may legitimately withhold headers until their first byte (some SDKs do)
        headersTimeout: isStream ? Math.max(this.limits.headersTimeoutMs, windowMs + 1000) : this.limits.headersTimeoutMs,
        // streams: silence is what we measure, the window bounds it
        bodyTimeout: isStream ? 0 : this.limits.idleTimeoutMs,
      }), signal);
      const resHeaders = flattenHeaders(res.headers, this.limits.maxBodyExcerpt);
      const contentType = (resHeaders['content-type'] ?? '').toLowerCase();
      const response: NonNullable<Exchange['response']> = {
        status: res.statusCode,
        headers: resHeaders,
        headersAt: rel(),
        bodyBytes: 0,
        bodyTruncated: false,
        endedBy: 'complete',
      };
      exchange.response = response;

      const location = resHeaders.location;
      if (spec.followRedirects !== false && [301, 302, 303, 307, 308].includes(res.statusCode) && location) {
        res.body.on('error', () => {}); // destroying an unread undici body emits an AbortError
        res.body.destroy();
        response.endedBy = 'not-read';
        return await this.redirect(spec, exchange, location, res.statusCode, hop, started, timer);
      }

      // a stream request answered with an error page: keep its text (it says why), not an empty SSE record
      const sseMode = contentType.startsWith('text/event-stream') || (isStream && res.statusCode >= 200 && res.statusCode < 300);
      const decoded = decode(res.body, resHeaders['content-encoding']);
      const decoder = new TextDecoder('utf-8');
      let sse: SseRecorder | undefined;
      if (sseMode) {
        sse = new SseRecorder({
          maxLineBytes: this.limits.maxSseLineBytes, maxEvents: this.limits.maxEvents,
          maxKept: this.limits.maxEventsKept, maxDataKept: this.limits.maxBodyExcerpt, maxDataKeptTotal: this.limits.maxSseDataKept,
        }, rel);
        result.sse = sse;
        spec.onStream?.(sse, res.statusCode);
      }
      const maxBytes = sseMode ? this.limits.maxStreamBytes : this.limits.maxBodyBytes;
      const chunks: string[] = [];
      let kept = 0;
      let answeredAt: number | undefined;
      let checked = 0; // events already searched for our response
      let graceTimer: NodeJS.Timeout | undefined;
      let quietTimer: NodeJS.Timeout | undefined;
      const quiet = spec.quietStopMs;
      const armQuiet = () => { clearTimeout(quietTimer); quietTimer = setTimeout(() => stop('answered'), quiet); };
      if (sse && quiet !== undefined && spec.quietFromHeaders) armQuiet();
      try {
        for await (const chunk of decoded) {
          const buf = chunk as Buffer;
          if (sse && quiet !== undefined) armQuiet();
          if (response.firstByteAt === undefined) response.firstByteAt = rel();
          response.bodyBytes += buf.length;
          const text = decoder.decode(buf, { stream: true });
          if (sse) {
            sse.feed(text);
            if (sse.capped) { stop('cap'); break; }
            const fresh = sse.fullData.slice(checked);
            checked = sse.fullData.length;
            if (spec.rpcId !== undefined && answeredAt === undefined && fresh.some((d) => hasId(d.data, spec.rpcId!))) {
              answeredAt = rel();
              // keep reading briefly: does the server end the stream after the response, as it should?
              graceTimer = setTimeout(() => stop('answered'), spec.graceAfterAnswerMs ?? 300);
            }
            if (spec.stopWhen?.(sse, rel())) { scannerStopped = true; stop('answered'); break; }
          } else if (kept < maxBytes) {
            chunks.push(text);
            kept += text.length;
          }
          if (response.bodyBytes > maxBytes) { stop('cap'); break; }
        }
      } catch (err) {
        if (!stopReason) throw err;
      } finally {
        if (graceTimer) clearTimeout(graceTimer);
        clearTimeout(quietTimer);
        decoded.destroy();
      }
      response.endAt = rel();
      response.endedBy = stopReason === undefined ? 'complete'
        : stopReason === 'window' ? 'window'
        : stopReason === 'answered' || stopReason === 'external' ? 'answered'
        : stopReason === 'cap' ? 'cap' : 'error';
      if (stopReason === 'timeout') exchange.error = { kind: 'body-timeout', message: `body not complete after ${windowMs} ms`, at: rel() };
      if (stopReason === 'cap') {
        response.bodyTruncated = true;
        exchange.error = { kind: 'too-large', message: sse?.capped ? `stopped reading: ${sse.capped}` : `stopped reading after ${maxBytes} bytes`, at: rel() };
      }

      if (sse) {
        sse.end();
        response.sse = sse.record;
        if (spec.rpc) {
          const { summary, messages, response: r } = summarizeRpc('sse', sse.fullData.map((d) => d.data), spec.rpcId);
          if (!(scannerStopped || stopReason === 'external')) summary.endedAfterResponse = answeredAt !== undefined && stopReason === undefined;
          response.rpc = summary;
          result.messages = messages;
          result.response = r;
        }
      } else {
        const text = chunks.join('') + decoder.decode();
        response.body = own(text.slice(0, this.limits.maxBodyExcerpt)); // a copy: a slice would pin the whole body
        response.bodyTruncated ||= text.length > this.limits.maxBodyExcerpt;
        if (spec.rpc && looksLikeSse(text)) {
          // Mislabelled event stream (e.g. text/plain): parse it anyway so the report can say
          // "wrong Content-Type" precisely instead of "nothing answered"; rules judge the label.
          const late = new SseRecorder({
            maxLineBytes: this.limits.maxSseLineBytes, maxEvents: this.limits.maxEvents,
            maxKept: this.limits.maxEventsKept, maxDataKept: this.limits.maxBodyExcerpt, maxDataKeptTotal: this.limits.maxSseDataKept,
          }, () => response.firstByteAt ?? 0);
          late.feed(text.endsWith('\n\n') ? text : `${text}\n\n`);
          response.sse = late.record;
          delete response.body;
          result.sse = late;
          const { summary, messages, response: r } = summarizeRpc('sse', late.fullData.map((d) => d.data), spec.rpcId);
          response.rpc = summary;
          result.messages = messages;
          result.response = r;
        } else if (spec.rpc) {
          const framing = text.trim() === '' ? 'empty' : contentType.includes('json') || /^\s*[[{]/.test(text) ? 'json' : 'other';
          // a body cut at the cap is not JSON any more: parsing it would only cost memory (V8 builds the partial value first)
          const cut = stopReason === 'cap';
          const { summary, messages, response: r } = summarizeRpc(framing, framing === 'empty' || cut ? [] : [text], spec.rpcId);
          if (cut) summary.invalid.push(`body cut at ${maxBytes} bytes: not parsed`);
          response.rpc = summary;
          result.messages = messages;
          result.response = r;
        } else if (contentType.includes('json') && stopReason === undefined) {
          const parsed = safeJsonParse(text);
          if (parsed.ok) result.json = parsed.value;
        }
      }
    } catch (err) {
      const reason = this.opts.signal?.aborted ? 'deadline' : stopReason;
      // our own timer ended it before any response head (a stream's window always beats its longer
      // headers timeout; endless 1xx heads defeat undici's): say so, not "aborted"/"body timeout"
      const { kind, message } = (reason === 'window' || reason === 'timeout') && !exchange.response
        ? { kind: 'headers-timeout' as const, message: `no response headers within ${windowMs} ms${reason === 'window' ? ' (the stream window)' : ''}` }
        : classifyError(err, reason);
      exchange.error = { kind, message, at: rel() };
      if (exchange.response) exchange.response.endedBy = 'error';
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onExternal);
      exchange.durationMs = rel();
    }
    this.record(exchange);
    return result;
  }

  private async redirect(spec: ExchangeSpec, exchange: Exchange, location: string, status: number, hop: number, started: number, timer: NodeJS.Timeout): Promise<ExchangeResult> {
    clearTimeout(timer);
    exchange.durationMs = Math.round(performance.now() - started);
    const from = new URL(spec.url);
    let next: URL;
    try { next = new URL(location, from); } catch {
      exchange.error = { kind: 'redirect', message: `unparseable Location: ${location.slice(0, 200)}` };
      this.record(exchange);
      return { exchange, messages: [] };
    }
    const problem = hop >= this.limits.maxRedirects ? `more than ${this.limits.maxRedirects} redirects`
      : next.protocol !== 'http:' && next.protocol !== 'https:' ? `redirect to unsupported scheme ${next.protocol}`
      : from.protocol === 'https:' && next.protocol === 'http:' ? 'redirect from https to plain http refused'
      : undefined;
    if (problem) {
      exchange.error = { kind: 'redirect', message: problem };
      this.record(exchange);
      return { exchange, messages: [] };
    }
    this.record(exchange);
    const keepBody = status === 307 || status === 308;
    return this.exchange({
      ...spec,
      label: `${spec.label} → redirect ${hop + 1}`,
      url: next.href,
      method: keepBody ? spec.method : spec.method === 'HEAD' ? 'HEAD' : 'GET',
      body: keepBody ? spec.body : undefined,
    }, hop + 1);
  }

  private record(x: Exchange): void {
    this.transcript.push(x);
    this.opts.onExchange?.(x);
  }

  private redact(h: Record<string, string>): HeaderMap {
    const out: HeaderMap = {};
    for (const [k, v] of Object.entries(h)) {
      if (this.secretNames.has(k) && !v.includes(INVALID_TOKEN)) {
        const scheme = /^(\w+)\s+/.exec(v)?.[1];
        out[k] = scheme && k.includes('authorization') ? `${scheme} [redacted]` : '[redacted]';
      } else out[k] = v;
    }
    return out;
  }
}

/** A value undici accepts (tab, 0x20-0x7e, 0x80-0xff): characters above 0xff go as their UTF-8 bytes (as browsers send Last-Event-ID), control characters are dropped. */
function headerValue(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\t\x20-\x7e\x80-\xff]/.test(v)) return v;
  // eslint-disable-next-line no-control-regex
  return Buffer.from(v, 'utf8').toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

/** Settle with the request, or reject as soon as the signal aborts (a late response is then thrown away). */
function abortable<T extends { body: Readable }>(request: Promise<T>, signal: AbortSignal): Promise<T> {
  const discard = () => { request.then((r) => { r.body.on('error', () => {}); r.body.destroy(); }, () => {}); };
  const aborted = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
  if (signal.aborted) { discard(); return Promise.reject(aborted()); }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => { discard(); reject(aborted()); };
    signal.addEventListener('abort', onAbort, { once: true });
    request.then(
      (r) => { signal.removeEventListener('abort', onAbort); resolve(r); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>, maxValue: number): HeaderMap {
  const out: HeaderMap = {};
  let n = 0;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    if (++n > 200) break;
    const joined = Array.isArray(v) ? v.join(k === 'set-cookie' ? '\n' : ', ') : v;
    setOwn(out, k.toLowerCase(), joined.length > maxValue ? joined.slice(0, maxValue) : joined);
  }
  return out;
}

/** Decompress with the server's encoding; output bytes are capped by the caller's loop. */
function decode(body: Readable, encoding: string | undefined): Readable {
  const enc = (encoding ?? '').trim().toLowerCase();
  const opts = { chunkSize: 64 * 1024 };
  let z: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined;
  if (enc === 'gzip' || enc === 'x-gzip') z = zlib.createGunzip(opts);
  else if (enc === 'deflate') z = zlib.createInflate(opts);
  else if (enc === 'br') z = zlib.createBrotliDecompress(opts);
  if (!z) return body;
  body.on('error', (err) => z!.destroy(err));
  z.on('close', () => body.destroy());
  return body.pipe(z);
}

/** SSE framing at the start of a body: a field line or a comment line. */
function looksLikeSse(text: string): boolean {
  return /^(?:\uFEFF)?(?:(?:event|data|id|retry):|:)/.test(text.trimStart().slice(0, 16));
}

function hasId(data: string, id: JsonRpcId): boolean {
  // cheap pre-check before parsing
  if (!data.includes('"id"')) return false;
  const p = safeJsonParse(data);
  if (!p.ok) return false;
  const list = Array.isArray(p.value) ? p.value : [p.value];
  return list.some((m) => typeof m === 'object' && m !== null && (m as RpcMessage).id === id && ('result' in m || 'error' in m));
}
