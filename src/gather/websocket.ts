// The WebSocket probe. No MCP revision defines a WebSocket transport (SEP-1288 is a draft;
// the TS SDK only has a client, subprotocol `mcp`), so this is informative: does an
// `Upgrade: websocket` on the endpoint upgrade or get declined gracefully, and when it
// upgrades, does MCP work over text frames (initialize, tools/list), is a binary frame
// refused with close code 1003, a clean close answered with 1000, a ping with a pong?
// Also scans ws:// and wss:// URLs directly (gatherWebSocket).
import type { Exchange, Probes, WebSocketArtifact } from '../contract/evidence.ts';
import { FrameLog, wsUpgrade, type WsConn, type WsLimits } from '../net/websocket.ts';
import type { ScanContext, } from './context.ts';
import { foreignIn } from './isolation.ts';
import { CLIENT_INFO, SESSION_REVISIONS_NEWEST_FIRST } from './mcp.ts';
import { runHandshake, type Msg, type RpcChannel } from './rpcSession.ts';
import { isJsonRpcMessage, } from './stdio.ts';

export const WS_SUBPROTOCOL = 'mcp';

export interface WsProbeTimeouts {
  /** each JSON-RPC answer */
  requestMs: number;
  /** pong after our ping */
  pingMs: number;
  /** the server's close frame after ours, or after a binary frame */
  closeMs: number;
}

export const DEFAULT_WS_TIMEOUTS: WsProbeTimeouts = { requestMs: 5_000, pingMs: 3_000, closeMs: 3_000 };

export interface WsProbeInput {
  /** the scanned URL: http(s) (the upgrade is tried on the same URL) or ws(s) */
  url: URL;
  headers: Record<string, string>;
  blockPrivate: boolean;
  now: () => number;
  signal?: AbortSignal;
  /** put an exchange into the scan transcript; returns its id */
  record?: (x: Omit<Exchange, 'id'>) => string;
  timeouts?: Partial<WsProbeTimeouts>;
  limits?: Partial<WsLimits>;
  /** scanning a ws(s) URL: watch from a second connection, and hand the isolation artifact over */
  isolation?: (a: NonNullable<Probes['isolation']>) => void;
  /** scanning a ws(s) URL: try a foreign Origin (and Host on loopback) on the upgrade */
  origin?: { evil: string; loopback: boolean; found: (a: NonNullable<Probes['origin']>) => void };
}

/** ws(s) twin of an http(s) URL (same host, port, path and query). */
export function wsUrlOf(url: URL): URL {
  const u = new URL(url.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  u.hash = '';
  return u;
}

type Session = NonNullable<WebSocketArtifact['session']>;

/** JSON-RPC over text frames: pairs answers with requests, answers the server's own requests politely. */
class WsRpc {
  private seq = 0;
  readonly conn: WsConn;
  readonly session: Session;
  constructor(conn: WsConn, session: Session) {
    this.conn = conn;
    this.session = session;
    conn.observe((m) => this.observe(m));
  }

  private observe(m: { text: string } | { binary: number }): void {
    if (!('text' in m)) { this.session.binaryFrames++; return; }
    let v: unknown;
    try { v = JSON.parse(m.text); } catch { v = undefined; }
    if (!isJsonRpcMessage(v)) {
      if (this.session.invalidFrames.length < 5) this.session.invalidFrames.push(m.text.slice(0, 200));
      return;
    }
    for (const msg of (Array.isArray(v) ? v : [v]) as Msg[]) {
      if (typeof msg.method !== 'string') continue;
      const hasId = typeof msg.id === 'number' || typeof msg.id === 'string';
      if (!hasId) { this.session.serverNotifications++; continue; }
      if (++this.session.serverRequests <= 50) {
        this.conn.sendText(JSON.stringify(msg.method === 'ping'
          ? { jsonrpc: '2.0', id: msg.id, result: {} }
          : { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found (agentready scanner)' } }));
      }
    }
  }

  async request(method: string, params: Msg, ms: number, signal?: AbortSignal): Promise<{ msg: Msg; ms: number } | undefined> {
    const id = ++this.seq;
    const sentAt = performance.now();
    if (!this.conn.sendText(JSON.stringify({ jsonrpc: '2.0', id, method, params }))) return undefined;
    const m = await this.conn.next((x) => {
      if (!('text' in x)) return false;
      let v: unknown;
      try { v = JSON.parse(x.text); } catch { return false; }
      return typeof v === 'object' && v !== null && (v as Msg).id === id && ('result' in (v as Msg) || 'error' in (v as Msg));
    }, ms, signal);
    if (!m || !('text' in m)) return undefined;
    return { msg: JSON.parse(m.text) as Msg, ms: Math.round((performance.now() - sentAt) * 10) / 10 };
  }

  notify(method: string): boolean { return this.conn.sendText(JSON.stringify({ jsonrpc: '2.0', method })); }
}

/** After the session: side-effect-free reasons for the server to talk (what other clients must not see). */
async function stimulate(rpc: WsRpc, caps: Msg | undefined, t: WsProbeTimeouts, signal?: AbortSignal): Promise<string[]> {
  const sent: string[] = [];
  if (caps && 'logging' in caps) { await rpc.request('logging/setLevel', { level: 'debug' }, t.requestMs, signal); sent.push('logging/setLevel'); }
  if (rpc.notify('notifications/roots/list_changed')) sent.push('notifications/roots/list_changed');
  return sent;
}

async function runSession(conn: WsConn, t: WsProbeTimeouts, signal?: AbortSignal, capabilities: Msg = {}): Promise<Session & { stimuli?: string[] }> {
  const session: Session = {
    timeoutMs: t.requestMs, attempts: [], ok: false, initializedSent: false, pingMs: [],
    serverRequests: 0, serverNotifications: 0, invalidFrames: [], binaryFrames: 0,
  };
  const rpc = new WsRpc(conn, session);
  const channel: RpcChannel = {
    request: async (method, params, timeoutMs) => {
      const answer = await rpc.request(method, params, timeoutMs, signal);
      return answer ? { answer } : { why: signal?.aborted ? 'deadline' : conn.open ? 'timeout' : 'closed' };
    },
    notify: (method) => rpc.notify(method),
  };
  const init = await runHandshake(channel, session, { revisions: SESSION_REVISIONS_NEWEST_FIRST, capabilities, budget: () => t.requestMs });
  if (init && session.toolsList?.answered && capabilities.roots) return { ...session, stimuli: await stimulate(rpc, init.capabilities as Msg | undefined, t, signal) };
  return session;
}

/** A second client on its own connection, initialized without roots, recording every text frame it gets. */
async function watcher(conn: WsConn, t: WsProbeTimeouts, signal?: AbortSignal): Promise<{ texts: { data: string }[]; ownIds: Set<string> }> {
  const texts: { data: string }[] = [];
  conn.observe((m) => { if ('text' in m && texts.length < 500) texts.push({ data: m.text.slice(0, 100_000) }); });
  const session: Session = { timeoutMs: t.requestMs, attempts: [], ok: false, initializedSent: false, pingMs: [], serverRequests: 0, serverNotifications: 0, invalidFrames: [], binaryFrames: 0 };
  const rpc = new WsRpc(conn, session);
  const a = await rpc.request('initialize', { protocolVersion: SESSION_REVISIONS_NEWEST_FIRST[0], capabilities: {}, clientInfo: CLIENT_INFO }, t.requestMs, signal);
  if (a) rpc.notify('notifications/initialized');
  // its only request had id 1: any other response is not its own
  return { texts, ownIds: new Set(['1']) };
}

/**
 * Upgrade (subprotocol mcp) on the URL; when it works: the MCP session, a ping, a clean close;
 * then a binary frame on a second connection. Never throws for network trouble.
 */
export async function probeWebSocket(input: WsProbeInput): Promise<WebSocketArtifact> {
  const t = { ...DEFAULT_WS_TIMEOUTS, ...input.timeouts };
  const wsUrl = wsUrlOf(input.url);
  const frames = new FrameLog(input.limits?.maxFramesKept);
  const direct = input.url.protocol === 'ws:' || input.url.protocol === 'wss:';
  const open = (conn: number, label: string) => wsUpgrade({
    url: wsUrl.href, displayUrl: direct ? undefined : input.url.href, protocols: [WS_SUBPROTOCOL],
    headers: input.headers, blockPrivate: input.blockPrivate, signal: input.signal, limits: input.limits,
    now: input.now, conn, frames, record: input.record, probe: 'websocket', label,
  });
  const art: WebSocketArtifact = { attempted: true, url: wsUrl.href, frames: frames.frames, droppedFrames: 0 };

  const first = await open(1, `WebSocket upgrade (subprotocol ${WS_SUBPROTOCOL})`);
  art.upgrade = first.upgrade;
  const conn = first.conn;
  if (conn) {
    // a second client watches while the first talks: does the server fan messages out to every connection?
    const watch = input.isolation ? await open(3, 'WebSocket upgrade (isolation watcher)') : undefined;
    const watching = watch?.conn ? watcher(watch.conn, t, input.signal) : undefined;
    try {
      const s = await runSession(conn, t, input.signal, input.isolation ? { roots: { listChanged: true } } : {});
      const { stimuli, ...session } = s;
      art.session = session;
      if (watch && watching) {
        const w = await watching;
        // fan-out takes a moment (a gateway relays through its stdio child): wait until the
        // watcher has been quiet for a while after the first session's last stimulus, at most 2 s
        for (let waited = 0, seen = -1; waited < 2_000 && !input.signal?.aborted; waited += 400) {
          if (w.texts.length === seen) break;
          seen = w.texts.length;
          await new Promise((r) => setTimeout(r, 400));
        }
        input.isolation!({
          attempted: true, stimuli: ['initialize', 'tools/list', 'ping', ...(stimuli ?? [])],
          watches: [{
            kind: 'second-session', ...(watch.upgrade.exchangeId ? { exchangeId: watch.upgrade.exchangeId } : {}), ...(watch.upgrade.status !== undefined ? { status: watch.upgrade.status } : {}),
            open: true, leaked: foreignIn(w.texts, { ownIds: w.ownIds, foreignTokens: new Set(), declaredRoots: false }), events: w.texts.length,
          }],
        });
      }
      if (input.signal?.aborted) { art.droppedFrames = frames.dropped; return art; } // the deadline: no more waiting
      const wasOpen = conn.open;
      const pong = await conn.ping(t.pingMs);
      art.ping = { sent: wasOpen, timeoutMs: t.pingMs, ...(pong !== undefined ? { pongMs: Math.round(pong) } : {}) };
      const c = conn.open ? await conn.close(1000, 'agentready: done', t.closeMs) : undefined;
      art.cleanClose = c
        ? { sent: true, ...(c.code !== undefined ? { code: c.code } : {}), ...(c.reason ? { reason: c.reason } : {}), ...(c.ms !== undefined ? { ms: Math.round(c.ms) } : {}), timedOut: c.timedOut }
        : { sent: false, ...(conn.closeInfo ? { code: conn.closeInfo.code } : {}), timedOut: false };
    } finally {
      conn.terminate();
      watch?.conn?.terminate();
      if (conn.capped) { art.capped ??= []; art.capped.push(conn.capped); }
    }
    // a foreign web page's Origin (and, on loopback, Host): browsers let any page open a WebSocket,
    // so the server's own Origin check is the only defence (cross-site WebSocket hijacking)
    if (input.origin && !input.signal?.aborted) {
      const evil = await wsUpgrade({
        url: wsUrl.href, displayUrl: direct ? undefined : input.url.href, protocols: [WS_SUBPROTOCOL],
        headers: { ...input.headers, origin: input.origin.evil }, blockPrivate: input.blockPrivate, signal: input.signal, limits: input.limits,
        now: input.now, conn: 4, frames, record: input.record, probe: 'origin', label: `WebSocket upgrade with Origin: ${input.origin.evil}`,
      });
      evil.conn?.terminate();
      const art0: NonNullable<Probes['origin']> = { attempted: true, originSent: input.origin.evil, ...(evil.upgrade.exchangeId ? { exchangeId: evil.upgrade.exchangeId } : {}), ...(evil.upgrade.status !== undefined ? { status: evil.upgrade.status } : {}) };
      if (input.origin.loopback) {
        const host = await wsUpgrade({
          url: wsUrl.href, displayUrl: direct ? undefined : input.url.href, protocols: [WS_SUBPROTOCOL],
          headers: { ...input.headers, host: 'evil.example' }, blockPrivate: input.blockPrivate, signal: input.signal, limits: input.limits,
          now: input.now, conn: 5, frames, record: input.record, probe: 'origin', label: 'WebSocket upgrade with Host: evil.example',
        });
        host.conn?.terminate();
        if (host.upgrade.exchangeId) art0.hostRebinding = { exchangeId: host.upgrade.exchangeId, ...(host.upgrade.status !== undefined ? { status: host.upgrade.status } : {}) };
      }
      input.origin.found(art0);
    }

    // A binary frame on a fresh connection: SEP-1288 says close with 1003 (unsupported data).
    if (input.signal?.aborted) { art.droppedFrames = frames.dropped; return art; }
    const second = await open(2, 'WebSocket upgrade (binary-frame check)');
    const b = second.conn;
    if (b) {
      try {
        const sentAt = input.now();
        b.sendBinary(Buffer.from([0x00, 0x01, 0x02, 0xff]));
        const text = await b.next((m) => 'text' in m, t.closeMs, input.signal);
        let closeInfo = b.closeInfo;
        if (!closeInfo && !text) {
          let timer: NodeJS.Timeout | undefined;
          closeInfo = await Promise.race([b.closed, new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), 200); })]);
          clearTimeout(timer);
        }
        art.binary = {
          upgrade: second.upgrade, sent: true, answeredText: text !== undefined,
          ...(closeInfo ? { closeCode: closeInfo.code, ...(closeInfo.reason ? { reason: closeInfo.reason } : {}), ms: Math.round(closeInfo.t - sentAt) } : {}),
          timedOut: !closeInfo && !text,
        };
        if (b.open) await b.close(1000, 'agentready: done', 1_000);
      } finally {
        b.terminate();
        if (b.capped) { art.capped ??= []; art.capped.push(b.capped); }
      }
    } else {
      art.binary = { upgrade: second.upgrade, sent: false, answeredText: false, timedOut: false };
    }
  }
  art.droppedFrames = frames.dropped;
  return art;
}

/** The task an HTTP scan runs beside the others (scan.ts › runAll). */
export function probeWebSocketUpgrade(ctx: ScanContext): Promise<WebSocketArtifact> {
  return probeWebSocket({
    url: ctx.url, headers: ctx.options.headers, blockPrivate: ctx.options.blockPrivate,
    now: () => ctx.client.now(), signal: ctx.client.signal, record: (x) => ctx.client.recordExternal(x),
  });
}
