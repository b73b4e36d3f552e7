// Origin validation and CORS, as a careful operator configures them for an MCP endpoint.
//
// Two lists, deliberately separate:
// - `allowedOrigins` is the set of browser origins the operator trusts to talk to the server
//   at all. A request whose Origin header is present and not on it gets 403 (MCP 2025-11-25
//   "Origin validation", the DNS-rebinding defence). Requests without Origin (non-browser
//   agents, curl) are allowed: Origin validation is a browser defence.
// - `corsOrigins` says which of those trusted origins may *read* responses cross-origin.
//   `['*']` means "every trusted origin", NOT "any origin": CORS is only ever granted to
//   an origin that already passed validation, and the grant echoes that exact origin
//   (with `Vary: Origin`) instead of a literal `*`, so a rebinding page on a foreign origin
//   can neither act nor read. No credentials are ever allowed (bearer tokens travel in the
//   Authorization header, which CORS covers through Allow-Headers, not through credentials).
import type { IncomingMessage } from 'node:http';
import { jsonRpcError } from './httpServer.ts';

export const CORS_ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
export const CORS_ALLOW_HEADERS =
  'content-type, accept, authorization, mcp-session-id, mcp-protocol-version, last-event-id, mcp-method, mcp-name';
export const CORS_EXPOSE_HEADERS = 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate';
export const CORS_MAX_AGE_SECONDS = 600;

export interface BrowserPolicyOptions {
  /** Trusted browser origins; `'*'` trusts any origin (i.e. no Origin validation). */
  allowedOrigins: readonly string[];
  /** Trusted origins that also get CORS; `'*'` means all trusted origins. */
  corsOrigins: readonly string[];
  /** Leave out Access-Control-Expose-Headers (only the flawed demo wants this). */
  omitExposeHeaders?: boolean;
}

/** Canonical `scheme://host[:port]` for comparison, or undefined for `null`/garbage. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

export function requestOrigin(req: IncomingMessage): string | undefined {
  const value = req.headers.origin;
  return Array.isArray(value) ? value[0] : value;
}

export class BrowserPolicy {
  readonly #allowed: ReadonlySet<string>;
  readonly #allowAny: boolean;
  readonly #corsAll: boolean;
  readonly #cors: ReadonlySet<string>;
  readonly #omitExposeHeaders: boolean;

  constructor(options: BrowserPolicyOptions) {
    this.#allowAny = options.allowedOrigins.includes('*');
    this.#allowed = new Set(options.allowedOrigins.flatMap((o) => normalizeOrigin(o) ?? []));
    this.#corsAll = options.corsOrigins.includes('*');
    this.#cors = new Set(options.corsOrigins.flatMap((o) => normalizeOrigin(o) ?? []));
    this.#omitExposeHeaders = options.omitExposeHeaders ?? false;
  }

  /** True when the request has no Origin or a trusted one. */
  isAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.#allowAny) return true;
    const normalized = normalizeOrigin(origin);
    return normalized !== undefined && this.#allowed.has(normalized);
  }

  #grantsCors(origin: string | undefined): origin is string {
    if (origin === undefined || !this.isAllowed(origin)) return false;
    const normalized = normalizeOrigin(origin);
    return normalized !== undefined && (this.#corsAll || this.#cors.has(normalized));
  }

  /** Headers for an actual (non-preflight) response; empty when CORS is not granted. */
  responseHeaders(origin: string | undefined): Record<string, string> {
    if (!this.#grantsCors(origin)) return origin === undefined ? {} : { Vary: 'Origin' };
    const headers: Record<string, string> = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    if (!this.#omitExposeHeaders) headers['Access-Control-Expose-Headers'] = CORS_EXPOSE_HEADERS;
    return headers;
  }

  /** Headers for a preflight answer, or undefined when the preflight must be refused. */
  preflightHeaders(origin: string | undefined): Record<string, string> | undefined {
    if (!this.#grantsCors(origin)) return undefined;
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
      'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
      Vary: 'Origin',
    };
  }
}

/** The id-less JSON-RPC error body sent with a 403 for an untrusted Origin. */
export function forbiddenOriginBody(origin: string): object {
  return jsonRpcError(-32000, `Forbidden: Origin ${origin} is not allowed`);
}

/** The server's own origin, in both spellings a loopback browser page could use. */
export function ownOrigins(origin: string): string[] {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1') return [origin];
  return [origin, `${url.protocol}//localhost:${url.port}`];
}

/**
 * DNS-rebinding defence for a server bound to loopback: a browser tricked into talking to
 * 127.0.0.1 still sends the attacker's host name in `Host`. Only our own names are accepted.
 */
export function isHostAllowed(host: string | undefined, ownOrigin: string): boolean {
  if (host === undefined) return true; // HTTP/1.0 clients; nothing to check
  const own = new URL(ownOrigin);
  const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];
  if (!loopbackNames.includes(own.hostname)) return true;
  return loopbackNames.some((name) => host.toLowerCase() === `${name}:${own.port}`);
}
