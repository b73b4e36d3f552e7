// CORS variants the demo servers do not have, made by a small header-rewriting reverse proxy
// in front of a real MCP server: every byte of the MCP conversation is the upstream's, only
// the CORS headers (and, where asked, the preflight answer) are changed.
import http, { type IncomingMessage, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { startHttpServer } from '../../src/demo/httpServer.ts';
import type { RunningServer } from '../servers/index.ts';

export interface RewriteOptions {
  /** answer OPTIONS here (204 with these headers) instead of forwarding it; undefined → forward */
  preflight?: (req: IncomingMessage) => Record<string, string> | undefined;
  /** never answer these requests (the connection stays open until the proxy closes) */
  hang?: (req: IncomingMessage) => boolean;
  /** change the (lowercased) response headers of a forwarded response */
  rewrite?: (req: IncomingMessage, status: number, headers: IncomingHttpHeaders) => OutgoingHttpHeaders;
}

/** A proxy on its own port in front of `upstream`; closing it closes the upstream too. */
export async function startRewritingProxy(upstream: RunningServer, opts: RewriteOptions): Promise<RunningServer> {
  const target = new URL(upstream.origin);
  const running = await startHttpServer(async (req, res) => {
    if (opts.hang?.(req)) return;
    if (req.method === 'OPTIONS' && opts.preflight) {
      const h = opts.preflight(req);
      if (h) {
        res.writeHead(204, h).end();
        return;
      }
    }
    await new Promise<void>((resolve) => {
      const fwd = http.request({
        host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host },
      }, (up) => {
        const headers = opts.rewrite ? opts.rewrite(req, up.statusCode ?? 502, { ...up.headers }) : up.headers;
        res.writeHead(up.statusCode ?? 502, headers);
        res.flushHeaders();
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', () => { res.destroy(); resolve(); });
      });
      fwd.on('error', () => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); resolve(); });
      res.on('close', () => { fwd.destroy(); resolve(); });
      req.pipe(fwd);
    });
  }, { beforeClose: () => upstream.close() });
  return { url: `${running.origin}${new URL(upstream.url).pathname}`, origin: running.origin, close: running.close };
}

/** Drops `mcp-protocol-version` from the preflight's Access-Control-Allow-Headers (php-sdk#264). */
export function withoutProtocolVersionHeader(upstream: RunningServer): Promise<RunningServer> {
  return startRewritingProxy(upstream, {
    rewrite: (req, _status, h) => {
      const allow = h['access-control-allow-headers'];
      if (req.method === 'OPTIONS' && typeof allow === 'string') {
        h['access-control-allow-headers'] = allow.split(',').map((s) => s.trim()).filter((s) => s.toLowerCase() !== 'mcp-protocol-version').join(', ');
      }
      return h;
    },
  });
}

/** `Access-Control-Allow-Origin: *` with `Allow-Credentials: true`, and `*` for headers and exposure. */
export function wildcardWithCredentials(upstream: RunningServer): Promise<RunningServer> {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' };
  return startRewritingProxy(upstream, {
    preflight: () => ({ ...cors, 'access-control-allow-methods': '*', 'access-control-allow-headers': '*', 'access-control-max-age': '600' }),
    rewrite: (_req, _status, h) => {
      for (const k of Object.keys(h)) if (k.startsWith('access-control-') || k === 'vary') delete h[k];
      return { ...h, ...cors, 'access-control-expose-headers': '*' };
    },
  });
}

/** Full CORS added in front of a server that has none (the SDK 2026-07-28 test server). */
export function withCors(upstream: RunningServer): Promise<RunningServer> {
  return startRewritingProxy(upstream, {
    preflight: (req) => ({
      'access-control-allow-origin': String(req.headers.origin ?? '*'),
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization, mcp-session-id, mcp-protocol-version, last-event-id, mcp-method, mcp-name',
      vary: 'Origin',
    }),
    rewrite: (req, _status, h) => ({
      ...h,
      ...(req.headers.origin ? { 'access-control-allow-origin': String(req.headers.origin), vary: 'Origin' } : {}),
      'access-control-expose-headers': 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate',
    }),
  });
}

/**
 * CORS that depends on the client: Expose-Headers is dropped for headless Chrome (as a bot
 * filter or CDN rule might do). The header probes see a correct server; the browser does not.
 */
export function exposeHiddenFromHeadlessChrome(upstream: RunningServer): Promise<RunningServer> {
  return startRewritingProxy(upstream, {
    rewrite: (req, _status, h) => {
      if (/HeadlessChrome/.test(String(req.headers['user-agent'] ?? ''))) delete h['access-control-expose-headers'];
      return h;
    },
  });
}

/** Answers everyone but headless Chrome, whose POSTs (after a successful preflight) never get an answer. */
export function silentToHeadlessChrome(upstream: RunningServer): Promise<RunningServer> {
  return startRewritingProxy(upstream, {
    hang: (req) => req.method === 'POST' && /HeadlessChrome/.test(String(req.headers['user-agent'] ?? '')),
  });
}
