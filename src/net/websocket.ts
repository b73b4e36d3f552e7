// The WebSocket side of the network door: one bounded upgrade attempt (recorded like any
// other exchange in the scan transcript) and, when it succeeds, a connection whose reads
// are capped (payload size, message count) and whose every wait has a timeout.
import type WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Exchange, WsFrame, WsUpgrade } from '../contract/evidence.ts';
import { classifyError } from './errors.ts';
import { own } from './sse.ts';
import { checkLiteralHost, guardedLookup } from './ssrf.ts';
import { setOwn } from '../contract/setOwn.ts';

export interface WsLimits {
  /** upgrade request sent → 101 (or any answer) */
  handshakeTimeoutMs: number;
  /** largest message accepted; bigger ones close the connection (1009) */
  maxPayload: number;
  /** messages read per connection before we close it */
  maxMessages: number;
  /** message bytes read per connection before we close it */
  maxBytes: number;
  /** a declined upgrade: body bytes read, and for how long */
  declinedBodyBytes: number;
  declinedReadMs: number;
  /** text kept per frame in the evidence */
  frameExcerpt: number;
  /** frames kept in the evidence (the rest only counted) */
  maxFramesKept: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  handshakeTimeoutMs: 5_000,
  maxPayload: 1024 * 1024,
  maxMessages: 500,
  maxBytes: 4 * 1024 * 1024,
  declinedBodyBytes: 16 * 1024,
  declinedReadMs: 2_000,
  frameExcerpt: 2_000,
  maxFramesKept: 300,
};

/** Frames of every connection of one probe, in order, capped. */
export class FrameLog {
  readonly frames: WsFrame[] = [];
  dropped = 0;
  private readonly max: number;
  constructor(max = DEFAULT_WS_LIMITS.maxFramesKept) { this.max = max; }
  add(f: WsFrame): void {
    if (this.frames.length < this.max) this.frames.push(f);
    else this.dropped++;
  }
}

export interface WsUpgradeSpec {
  /** ws:// or wss:// */
  url: string;
  /** the URL shown in the transcript (an HTTP scan shows its own http(s) URL: same endpoint) */
  displayUrl?: string;
  protocols: string[];
  headers?: Record<string, string>;
  blockPrivate?: boolean;
  /** the scan's deadline or a probe's own stop */
  signal?: AbortSignal;
  limits?: Partial<WsLimits>;
  /** ms since the scan started */
  now: () => number;
  /** which connection of the probe (frames are tagged with it) */
  conn: number;
  frames: FrameLog;
  /** put the upgrade exchange into the scan transcript; returns its id */
  record?: (x: Omit<Exchange, 'id'>) => string;
  probe: string;
  label: string;
}

export interface WsUpgradeResult { upgrade: WsUpgrade; conn?: WsConn }

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

function flatten(h: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || ++n > 200) continue;
    const s = Array.isArray(v) ? v.join(k === 'set-cookie' ? '\n' : ', ') : String(v);
    setOwn(out, k.toLowerCase(), s.slice(0, 16 * 1024));
  }
  return out;
}

/** `ws`, loaded by the first upgrade attempt: ~50 ms of start-up that most scans' critical path need not pay. */
let wsModule: Promise<typeof WebSocket> | undefined;
const loadWs = () => { wsModule ??= import('ws').then((m) => m.default); return wsModule; };

/** One upgrade attempt: 101 + subprotocol → an open connection; anything else is described, never thrown. */
export async function wsUpgrade(spec: WsUpgradeSpec): Promise<WsUpgradeResult> {
  const WebSocketClient = await loadWs();
  const limits = { ...DEFAULT_WS_LIMITS, ...spec.limits };
  const startedAt = spec.now();
  const t0 = performance.now();
  const rel = () => Math.round((performance.now() - t0) * 10) / 10;
  const userHeaders = lower(spec.headers ?? {});
  const requestHeaders: Record<string, string> = {
    ...userHeaders,
    connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13',
    'sec-websocket-key': '(random, per connection)', 'sec-websocket-protocol': spec.protocols.join(', '),
  };
  const exchange: Omit<Exchange, 'id'> = {
    probe: spec.probe, label: spec.label, startedAt,
    request: { method: 'GET', url: spec.displayUrl ?? spec.url, headers: requestHeaders },
    durationMs: 0,
  };
  const upgrade: WsUpgrade = { url: spec.url, outcome: 'error' };

  return new Promise<WsUpgradeResult>((resolve) => {
    let settled = false;
    let ws: WebSocket | undefined;
    let sawUpgrade = false;
    const finish = (conn?: WsConn) => {
      if (settled) return;
      settled = true;
      spec.signal?.removeEventListener('abort', onAbort);
      exchange.durationMs = rel();
      upgrade.ms = Math.round(exchange.durationMs);
      if (spec.record) upgrade.exchangeId = spec.record(exchange);
      resolve({ upgrade, ...(conn ? { conn } : {}) });
    };
    const fail = (outcome: WsUpgrade['outcome'], err: unknown, abortReason?: string) => {
      const { kind, message } = classifyError(err, abortReason);
      upgrade.outcome = outcome;
      upgrade.error = message.slice(0, 300);
      exchange.error = { kind, message: message.slice(0, 300), at: rel() };
      if (exchange.response) exchange.response.endedBy = 'error';
      ws?.terminate();
      finish();
    };
    const onAbort = () => fail('error', new Error('aborted'), spec.signal?.reason === 'deadline' ? 'deadline' : undefined);

    try {
      const url = new URL(spec.url);
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`unsupported scheme ${url.protocol}`);
      if (spec.blockPrivate) checkLiteralHost(url);
      if (spec.signal?.aborted) { onAbort(); return; }
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      ws = new WebSocketClient(url, spec.protocols, {
        handshakeTimeout: limits.handshakeTimeoutMs,
        maxPayload: limits.maxPayload,
        perMessageDeflate: false,
        followRedirects: false,
        headers: userHeaders,
        ...(spec.blockPrivate ? { lookup: guardedLookup as never } : {}),
      });
    } catch (err) {
      fail((err as { code?: string }).code === 'AGENTREADY_BLOCKED' ? 'blocked' : 'error', err);
      return;
    }
    const sock = ws;

    sock.on('upgrade', (res: IncomingMessage) => {
      sawUpgrade = true;
      upgrade.status = res.statusCode;
      const proto = res.headers['sec-websocket-protocol'];
      if (typeof proto === 'string') upgrade.subprotocol = proto.slice(0, 200);
      exchange.response = {
        status: res.statusCode ?? 0, httpVersion: res.httpVersion, headers: flatten(res.headers), headersAt: rel(),
        bodyBytes: 0, bodyTruncated: false, endedBy: 'not-read',
      };
    });
    sock.on('open', () => {
      upgrade.outcome = 'upgraded';
      upgrade.subprotocol = sock.protocol || upgrade.subprotocol;
      finish(new WsConn(sock, spec.conn, spec.frames, spec.now, limits));
    });
    sock.on('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      // Answered as plain HTTP: read a bounded excerpt, then drop the connection.
      upgrade.status = res.statusCode;
      upgrade.outcome = (res.statusCode ?? 0) >= 500 ? 'server-error' : 'declined';
      const response: NonNullable<Exchange['response']> = {
        status: res.statusCode ?? 0, httpVersion: res.httpVersion, headers: flatten(res.headers), headersAt: rel(),
        bodyBytes: 0, bodyTruncated: false, endedBy: 'complete',
      };
      exchange.response = response;
      // held now: once the response ends, a keep-alive socket is detached from req (there is
      // no agent to take it back), so req.destroy() alone would leave it open for good
      const socket = req.socket;
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = (endedBy: NonNullable<Exchange['response']>['endedBy']) => {
        clearTimeout(timer);
        response.endedBy = endedBy;
        response.endAt = rel();
        const text = Buffer.concat(chunks).toString('utf8');
        response.body = text;
        response.bodyTruncated = endedBy !== 'complete' || response.bodyBytes > kept;
        req.destroy();
        res.destroy();
        socket?.destroy();
        finish();
      };
      const timer = setTimeout(() => done('window'), limits.declinedReadMs);
      res.on('data', (c: Buffer) => {
        if (response.firstByteAt === undefined) response.firstByteAt = rel();
        response.bodyBytes += c.length;
        const room = limits.declinedBodyBytes - kept;
        if (room > 0) { const part = c.subarray(0, room); chunks.push(part); kept += part.length; }
        if (response.bodyBytes > limits.declinedBodyBytes) done('cap');
      });
      res.on('end', () => done('complete'));
      res.on('error', () => done('error'));
    });
    sock.on('error', (err: Error) => {
      if (settled) return;
      const msg = err.message ?? '';
      if (sawUpgrade && /subprotocol/i.test(msg)) return fail('no-subprotocol', err);
      if (/handshake has timed out/i.test(msg)) return fail('timeout', Object.assign(err, { code: 'UND_ERR_HEADERS_TIMEOUT' }));
      const code = (err as { code?: string }).code;
      if (code === 'AGENTREADY_BLOCKED') return fail('blocked', err);
      if (code === 'ECONNRESET' || /socket hang up/i.test(msg)) return fail('dropped', err);
      fail('error', err);
    });
  });
}

export type Inbound = { text: string; t: number } | { binary: number; t: number };

/** An open WebSocket: bounded inbox, frame log, timed waits. */
export class WsConn {
  readonly ws: WebSocket;
  readonly conn: number;
  /** server close frame: code (1005 none, 1006 dropped), reason, when */
  closeInfo: { code: number; reason: string; t: number } | undefined;
  readonly closed: Promise<{ code: number; reason: string; t: number }>;
  received = 0;
  receivedBytes = 0;
  /** why we stopped reading (a cap), if we did */
  capped: string | undefined;
  private readonly frames: FrameLog;
  private readonly now: () => number;
  private readonly limits: WsLimits;
  private listeners: ((m: Inbound) => void)[] = [];
  private pongWaiters: ((t: number) => void)[] = [];

  constructor(ws: WebSocket, conn: number, frames: FrameLog, now: () => number, limits: WsLimits) {
    this.ws = ws;
    this.conn = conn;
    this.frames = frames;
    this.now = now;
    this.limits = limits;
    let resolveClosed!: (c: { code: number; reason: string; t: number }) => void;
    this.closed = new Promise((r) => { resolveClosed = r; });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const t = now();
      if (this.capped) return;
      this.receivedBytes += buf.length;
      if (++this.received > limits.maxMessages || this.receivedBytes > limits.maxBytes) {
        this.capped = this.received > limits.maxMessages
          ? `connection ${conn}: closed after ${limits.maxMessages} messages`
          : `connection ${conn}: closed after ${limits.maxBytes} bytes of messages`;
        ws.terminate();
        return;
      }
      if (isBinary) {
        this.log({ dir: 'in', t, type: 'binary', bytes: buf.length });
        this.emit({ binary: buf.length, t });
      } else {
        const text = buf.toString('utf8');
        this.log({ dir: 'in', t, type: 'text', bytes: buf.length, ...this.excerpt(text) });
        this.emit({ text, t });
      }
    });
    ws.on('ping', (d: Buffer) => this.log({ dir: 'in', t: now(), type: 'ping', bytes: d.length }));
    ws.on('pong', (d: Buffer) => {
      const t = now();
      this.log({ dir: 'in', t, type: 'pong', bytes: d.length });
      const w = this.pongWaiters;
      this.pongWaiters = [];
      for (const fn of w) fn(t);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      const t = now();
      const r = reason.toString('utf8').slice(0, 200);
      this.closeInfo = { code, reason: r, t };
      this.log({ dir: 'in', t, type: 'close', bytes: reason.length, code, ...(r ? { reason: r } : {}) });
      resolveClosed(this.closeInfo);
    });
    ws.on('error', () => { /* surfaces as a close (1006) */ });
  }

  get open(): boolean { return this.ws.readyState === this.ws.OPEN; }

  private excerpt(text: string): { text: string; truncated?: boolean } {
    // own(): a plain slice would keep the whole (up to maxPayload) message alive in the evidence
    return text.length > this.limits.frameExcerpt ? { text: own(text.slice(0, this.limits.frameExcerpt)), truncated: true } : { text };
  }

  private log(f: Omit<WsFrame, 'conn'>): void { this.frames.add({ conn: this.conn, ...f }); }

  private emit(m: Inbound): void { for (const fn of [...this.listeners]) fn(m); }

  /** Resolve with the first inbound message matching `pred` within `ms`, or undefined (timeout, close, abort). */
  next(pred: (m: Inbound) => boolean, ms: number, signal?: AbortSignal): Promise<Inbound | undefined> {
    if (!this.open) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const fn = (m: Inbound) => { if (pred(m)) done(m); };
      const done = (m: Inbound | undefined) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== fn);
        signal?.removeEventListener('abort', onAbort);
        resolve(m);
      };
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), Math.max(0, ms));
      this.listeners.push(fn);
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.closed.then(() => done(undefined));
    });
  }

  /** Every inbound message, for as long as the connection lives. */
  observe(fn: (m: Inbound) => void): void { this.listeners.push(fn); }

  sendText(text: string): boolean {
    if (!this.open) return false;
    this.ws.send(text);
    this.log({ dir: 'out', t: this.now(), type: 'text', bytes: Buffer.byteLength(text), ...this.excerpt(text) });
    return true;
  }

  sendBinary(buf: Buffer): boolean {
    if (!this.open) return false;
    this.ws.send(buf, { binary: true });
    this.log({ dir: 'out', t: this.now(), type: 'binary', bytes: buf.length });
    return true;
  }

  /** Send a ping; resolves with the round trip in ms, or undefined after `ms`. */
  async ping(ms: number): Promise<number | undefined> {
    if (!this.open) return undefined;
    const sent = this.now();
    const payload = Buffer.from('agentready');
    let timer: NodeJS.Timeout | undefined;
    const got = new Promise<number | undefined>((resolve) => {
      this.pongWaiters.push((t) => resolve(t - sent));
      timer = setTimeout(() => resolve(undefined), ms);
      void this.closed.then(() => resolve(undefined));
    });
    this.ws.ping(payload);
    this.log({ dir: 'out', t: sent, type: 'ping', bytes: payload.length });
    const r = await got;
    clearTimeout(timer);
    return r;
  }

  /** Start the closing handshake; resolves with the server's answer, or timedOut (then the socket is terminated). */
  async close(code: number, reason: string, ms: number): Promise<{ code?: number; reason?: string; ms?: number; timedOut: boolean }> {
    if (this.closeInfo) return { code: this.closeInfo.code, reason: this.closeInfo.reason, timedOut: false };
    const sent = this.now();
    this.ws.close(code, reason);
    this.log({ dir: 'out', t: sent, type: 'close', bytes: Buffer.byteLength(reason), code, reason });
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([this.closed, new Promise<undefined>((res) => { timer = setTimeout(() => res(undefined), ms); })]);
    clearTimeout(timer);
    if (!r) { this.ws.terminate(); return { timedOut: true }; }
    return { code: r.code, reason: r.reason, ms: r.t - sent, timedOut: false };
  }

  terminate(): void { this.ws.terminate(); }
}
