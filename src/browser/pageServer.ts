// The page a browser-based agent runs in. Served by our own tiny node:http(s) server on
// 127.0.0.1; Chromium reaches it as https://browser-agent.example (and http:// for plain-http
// targets) through --host-resolver-rules, so the page's origin is exactly the origin the
// header-based CORS probes send. The page itself is empty: the probe's steps run in it
// through page.evaluate, and nothing else is loaded (no favicon, no subresources).
//
// Why not Playwright's route.fulfill for the page? Any request interception (page.route,
// context.route) makes Playwright answer every CORS preflight itself with a permissive 204
// (crNetworkManager: "isInterceptedOptionsPreflight"), which would hide the very failures this
// probe exists to see (e.g. MCP-Protocol-Version missing from Access-Control-Allow-Headers).
import type { AddressInfo } from 'node:net';
import { PAGE_CERT_PEM, PAGE_KEY_PEM, pageCertSpki } from './pageTls.ts';

// Read off the CommonJS modules: an ESM import of node:http copies every export, and one of them
// (WebSocket) is a getter that loads Node's bundled undici, ~25 ms of every scan's start-up.
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');
type IncomingMessage = import('node:http').IncomingMessage;
type ServerResponse = import('node:http').ServerResponse;
type HttpServer = import('node:http').Server;
type HttpsServer = import('node:https').Server;

/** The host name the page is served under (mapped to 127.0.0.1 inside the browser only). */
export const PAGE_HOST = 'browser-agent.example';
export const PAGE_PATH = '/';

export const PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
  '<title>agentready browser probe</title></head><body></body></html>';

export interface PageServer {
  httpsPort: number;
  httpPort: number;
  /** SPKI hash of the page certificate, for --ignore-certificate-errors-spki-list */
  spki: string;
  /** Chromium --host-resolver-rules value mapping PAGE_HOST:443/80 to the listeners */
  hostResolverRules: string;
  /**
   * Chromium --ip-address-space-overrides value: the https page counts as a *public* site, so
   * Local Network Access applies to it exactly as to a hosted browser agent: requests to
   * loopback/private addresses need the context's local-network permission (checked on the
   * address actually connected to, after DNS). The http page stays loopback (an insecure public
   * page could not reach private addresses at all).
   */
  ipAddressSpaceOverrides: string;
  close(): Promise<void>;
}

function handler(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' || path !== PAGE_PATH) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // nothing on this page may load anything by itself; fetches from evaluate are connect-src
    'content-security-policy': "default-src 'none'; connect-src *; script-src 'none'; img-src data:",
  }).end(PAGE_HTML);
}

function listen(server: HttpServer | HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startPageServer(): Promise<PageServer> {
  const secure = https.createServer({ cert: PAGE_CERT_PEM, key: PAGE_KEY_PEM }, handler);
  const plain = http.createServer(handler);
  for (const s of [secure, plain]) {
    s.keepAliveTimeout = 1_000;
    s.headersTimeout = 5_000;
    s.requestTimeout = 5_000;
  }
  const [httpsPort, httpPort] = await Promise.all([listen(secure), listen(plain)]);
  const close = (s: HttpServer) => new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); });
  return {
    httpsPort,
    httpPort,
    spki: pageCertSpki(),
    hostResolverRules: `MAP ${PAGE_HOST}:443 127.0.0.1:${httpsPort}, MAP ${PAGE_HOST}:80 127.0.0.1:${httpPort}`,
    ipAddressSpaceOverrides: `127.0.0.1:${httpsPort}=public`,
    close: async () => { await Promise.all([close(secure), close(plain)]); },
  };
}
