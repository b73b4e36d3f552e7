// Speaking MCP the way real clients do: JSON-RPC over POST with the headers each era expects.
import type { ExchangeResult, ExchangeSpec } from '../net/client.ts';
import type { ScanContext } from './context.ts';
import type { RpcMessage } from '../net/jsonrpc.ts';

export const CLIENT_INFO = { name: 'agentready', version: '0.1.0' };
export const MODERN_REVISION = '2026-07-28';
export const SESSION_REVISIONS_NEWEST_FIRST = ['2025-11-25', '2025-06-18', '2025-03-26'];
export const ACCEPT_BOTH = 'application/json, text/event-stream';

/**
 * What a DNS-rebinding page's own requests carry besides the foreign Host: every current browser
 * sends fetch metadata, and a same-origin request says so. Servers that check it (the MCP
 * Inspector's proxy refuses `Sec-Fetch-Site: same-origin` with a foreign Host) are judged on what
 * an attack would send, not on a request no browser makes.
 */
export const REBINDING_FETCH_METADATA = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };

/** A session-era conversation: what follow-up requests must carry. */
export interface Session { sessionId?: string; protocolVersion: string }

let rpcSeq = 0;
export const nextId = () => ++rpcSeq;

export interface RpcCall {
  probe: string;
  label: string;
  method: string;
  params?: Record<string, unknown>;
  /** omit the id: a notification */
  notification?: boolean;
  session?: Session;
  /** stateless 2026-07-28 request: MCP-Protocol-Version, Mcp-Method, Mcp-Name and `_meta` */
  modern?: boolean;
  /** extra/overriding headers (applied last) */
  headers?: Record<string, string>;
  /** leave out the user's --header values (unauthenticated discovery) */
  anonymous?: boolean;
  /** stop once answered (grace to watch the stream end) */
  graceAfterAnswerMs?: number;
  timeoutMs?: number;
  windowMs?: number;
  url?: string;
}

export function rpcSpec(ctx: ScanContext, call: RpcCall): ExchangeSpec & { rpcId?: number } {
  const id = call.notification ? undefined : nextId();
  const params = call.modern ? withModernMeta(call.params ?? {}) : call.params;
  const body = JSON.stringify({ jsonrpc: '2.0', ...(id !== undefined ? { id } : {}), method: call.method, ...(params ? { params } : {}) });
  const headers: Record<string, string> = {
    ...(call.anonymous ? {} : ctx.options.headers),
    'content-type': 'application/json',
    accept: ACCEPT_BOTH,
  };
  if (call.session?.sessionId) headers['mcp-session-id'] = call.session.sessionId;
  if (call.session && call.method !== 'initialize') headers['mcp-protocol-version'] = call.session.protocolVersion;
  if (call.modern) {
    headers['mcp-protocol-version'] = MODERN_REVISION;
    headers['mcp-method'] = call.method;
    const name = (call.params as { name?: unknown; uri?: unknown } | undefined)?.name ?? (call.params as { uri?: unknown } | undefined)?.uri;
    if (typeof name === 'string') headers['mcp-name'] = name;
  }
  Object.assign(headers, call.headers ?? {});
  return {
    probe: call.probe, label: call.label, method: 'POST', url: call.url ?? ctx.url.href,
    headers, body, rpc: true, rpcId: id,
    graceAfterAnswerMs: call.graceAfterAnswerMs,
    timeoutMs: call.timeoutMs,
    windowMs: call.windowMs,
  };
}

export function rpc(ctx: ScanContext, call: RpcCall): Promise<ExchangeResult> {
  return ctx.client.exchange(rpcSpec(ctx, call));
}

function withModernMeta(params: Record<string, unknown>): Record<string, unknown> {
  const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
  return {
    ...params,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': MODERN_REVISION,
      'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
      'io.modelcontextprotocol/clientCapabilities': {},
      ...meta,
    },
  };
}

export function initializeParams(version: string, capabilities: Record<string, unknown> = {}): Record<string, unknown> {
  return { protocolVersion: version, capabilities, clientInfo: CLIENT_INFO };
}

/** header lookup that tolerates any case (MCP-Session-Id vs Mcp-Session-Id) */
export function header(x: ExchangeResult, name: string): string | undefined {
  return x.exchange.response?.headers[name.toLowerCase()];
}

export function resultOf<T = Record<string, unknown>>(x: ExchangeResult): T | undefined {
  const r = x.response as RpcMessage | undefined;
  if (!r || !('result' in r) || typeof r.result !== 'object' || r.result === null) return undefined;
  return r.result as T;
}

export function errorOf(x: ExchangeResult): { code?: number; message?: string; data?: unknown } | undefined {
  const r = x.response as RpcMessage | undefined;
  if (r && 'error' in r && typeof r.error === 'object' && r.error !== null) {
    const e = r.error as { code?: unknown; message?: unknown; data?: unknown };
    return { code: typeof e.code === 'number' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : undefined, data: e.data };
  }
  // errors may also come back as a plain JSON body without a matching id (id-less JSON-RPC error)
  const body = x.exchange.response?.body;
  if (body?.includes('"error"')) {
    try {
      const o = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; data?: unknown } };
      if (o?.error && typeof o.error === 'object') {
        return { code: typeof o.error.code === 'number' ? o.error.code : undefined, message: typeof o.error.message === 'string' ? o.error.message : undefined, data: o.error.data };
      }
    } catch { /* not JSON */ }
  }
  return undefined;
}

export const statusOf = (x: ExchangeResult): number | undefined => x.exchange.response?.status;
export const contentTypeOf = (x: ExchangeResult): string | undefined => x.exchange.response?.headers['content-type'];
export const errorText = (x: ExchangeResult): string | undefined => x.exchange.error ? `${x.exchange.error.kind}: ${x.exchange.error.message}` : undefined;

/** A compact observation: exchange id, status, and the network error if any. */
export function obs(x: ExchangeResult): { exchangeId: string; status?: number; error?: string } {
  return {
    exchangeId: x.exchange.id,
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    ...(x.exchange.error ? { error: errorText(x) } : {}),
  };
}
