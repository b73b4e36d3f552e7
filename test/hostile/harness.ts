// Building blocks for hostile test servers: a raw TCP/HTTP server that hands each parsed
// request to a handler (so a handler can write anything at all on the socket), a tiny
// session-era MCP responder for servers that are hostile only in what they say, and
// helpers that stop their timers when the socket goes away. Every server listens on
// 127.0.0.1, port 0, and close() destroys every socket it ever accepted.
import net from 'node:net';
import tls from 'node:tls';

export interface Hostile {
  url: string;
  close(): Promise<void>;
}

export interface RawRequest {
  method: string;
  path: string;
  /** lowercased names */
  headers: Record<string, string>;
  body: string;
  /** 1-based count of requests this server has seen (all sockets) */
  n: number;
  /** the JSON-RPC message in the body, when it parses */
  rpc?: { id?: unknown; method?: unknown; params?: unknown };
}

export type Handler = (sock: net.Socket, req: RawRequest) => void;

const MAX_REQUEST_HEAD = 64 * 1024;
const MAX_REQUEST_BODY = 1024 * 1024;

/** Tracks sockets so close() can destroy them all; swallows socket errors (a hostile server must not crash the test). */
function tracker() {
  const sockets = new Set<net.Socket>();
  return {
    sockets,
    add(s: net.Socket) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    },
    destroyAll() { for (const s of sockets) s.destroy(); sockets.clear(); },
  };
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, t: ReturnType<typeof tracker>, extra?: () => void): () => Promise<void> {
  return () => new Promise<void>((resolve) => {
    extra?.();
    t.destroyAll();
    server.close(() => resolve());
  });
}

/** A server that accepts and then does whatever `onSocket` wants (nothing, garbage, a stall). */
export async function rawTcp(onSocket: (sock: net.Socket) => void, opts: { scheme?: 'http' | 'https'; path?: string } = {}): Promise<Hostile> {
  const t = tracker();
  const server = net.createServer((s) => { t.add(s); onSocket(s); });
  const port = await listen(server);
  return { url: `${opts.scheme ?? 'http'}://127.0.0.1:${port}${opts.path ?? '/mcp'}`, close: closer(server, t) };
}

/**
 * Minimal HTTP/1.1 request reader over a raw socket: parses request heads and
 * Content-Length bodies (keep-alive: several requests per socket) and calls `handler`
 * for each. The handler writes whatever bytes it likes.
 */
export async function rawHttp(handler: Handler, opts: { path?: string; tls?: tls.TlsOptions } = {}): Promise<Hostile> {
  const t = tracker();
  let n = 0;
  const onSocket = (s: net.Socket) => {
    t.add(s);
    let buf = Buffer.alloc(0);
    let need: { head: RawRequest; length: number } | undefined;
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!need) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) { if (buf.length > MAX_REQUEST_HEAD) s.destroy(); return; }
          const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
          buf = buf.subarray(end + 4);
          const [method = '', path = ''] = (lines.shift() ?? '').split(' ');
          const headers: Record<string, string> = {};
          for (const l of lines) { const i = l.indexOf(':'); if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim(); }
          const length = Math.min(Number(headers['content-length'] ?? 0) || 0, MAX_REQUEST_BODY);
          need = { head: { method, path, headers, body: '', n: 0 }, length };
        }
        if (buf.length < need.length) return;
        const req = need.head;
        req.body = buf.subarray(0, need.length).toString('utf8');
        buf = buf.subarray(need.length);
        need = undefined;
        req.n = ++n;
        try { req.rpc = req.body ? JSON.parse(req.body) : undefined; } catch { /* not JSON */ }
        if (s.destroyed) return;
        handler(s, req);
      }
    });
  };
  const server = opts.tls ? tls.createServer(opts.tls, onSocket) : net.createServer(onSocket);
  const port = await listen(server);
  return { url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}${opts.path ?? '/mcp'}`, close: closer(server, t) };
}

/** A full HTTP/1.1 response head. `headers` may repeat names (array of pairs). */
export function head(status: number, headers: [string, string][] | Record<string, string>, reason = 'X'): string {
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  return `HTTP/1.1 ${status} ${reason}\r\n${list.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** A complete response with a correct Content-Length (keep-alive). */
export function respond(sock: net.Socket, status: number, headers: Record<string, string>, body: string | Buffer = ''): void {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  sock.write(head(status, { ...headers, 'content-length': String(b.length) }));
  sock.write(b);
}

/** Calls fn every `ms` until it returns false or the socket closes. */
// biome-ignore lint/suspicious/noConfusingVoidType: callers that never stop return nothing
export function every(sock: net.Socket, ms: number, fn: () => boolean | void): void {
  const timer = setInterval(() => { if (sock.destroyed || fn() === false) clearInterval(timer); }, ms);
  sock.once('close', () => clearInterval(timer));
}

/**
 * Writes what `next()` returns as fast as the peer reads it (respecting backpressure),
 * until next() returns undefined or the socket closes. Nothing is precomputed.
 */
export function pump(sock: net.Socket, next: () => Buffer | string | undefined): void {
  const go = () => {
    while (!sock.destroyed && sock.writable) {
      const chunk = next();
      if (chunk === undefined) return;
      if (!sock.write(chunk)) { sock.once('drain', go); return; }
    }
  };
  go();
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** The JSON-RPC id of the request, or 1 when it has none. */
export const idOf = (req: RawRequest): unknown => req.rpc?.id ?? 1;

// ---- a tiny session-era MCP responder, for servers hostile in what they say -----------

export interface FakeMcp {
  serverInfo?: { name: string; version: string };
  protocolVersion?: string;
  /** extra response headers on every response */
  headers?: Record<string, string>;
  sessionId?: string;
  tools?: () => unknown[];
  /** message of JSON-RPC errors (unknown methods) */
  errorMessage?: string;
  /** body for GET (else 405) */
  onGet?: (sock: net.Socket, req: RawRequest) => void;
  /** replace the JSON framing of results: e.g. SSE with odd framing */
  frame?: (sock: net.Socket, req: RawRequest, message: unknown) => void;
}

export function fakeMcp(f: FakeMcp): Handler {
  let sessions = 0;
  return (sock, req) => {
    const extra = f.headers ?? {};
    const send = (status: number, message: unknown, headers: Record<string, string> = {}) => {
      if (f.frame && message !== undefined && status === 200) return f.frame(sock, req, message);
      respond(sock, status, { ...JSON_HEADERS, ...extra, ...headers }, message === undefined ? '' : JSON.stringify(message));
    };
    if (req.method === 'GET') return f.onGet ? f.onGet(sock, req) : respond(sock, 405, { ...extra, allow: 'POST' }, '');
    if (req.method === 'DELETE') return respond(sock, 200, extra, '');
    if (req.method !== 'POST') return respond(sock, 204, extra, '');
    const m = req.rpc;
    if (!m || typeof m.method !== 'string') return send(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: f.errorMessage ?? 'Parse error' } });
    if (m.id === undefined) return respond(sock, 202, extra, '');
    const ok = (result: unknown, headers: Record<string, string> = {}) => send(200, { jsonrpc: '2.0', id: m.id, result }, headers);
    switch (m.method) {
      case 'initialize':
        return ok(
          { protocolVersion: f.protocolVersion ?? (m.params as { protocolVersion?: string })?.protocolVersion ?? '2025-11-25', capabilities: { tools: {} }, serverInfo: f.serverInfo ?? { name: 'fake', version: '0' } },
          { 'mcp-session-id': f.sessionId ?? `s-${++sessions}-${Math.random().toString(36).slice(2)}` },
        );
      case 'tools/list': return ok({ tools: f.tools?.() ?? [] });
      case 'ping': return ok({});
      default: return send(200, { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: f.errorMessage ?? 'Method not found' } });
    }
  };
}
