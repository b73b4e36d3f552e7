// Recorded-style `browser` artifacts for the browser rules' unit tests. The console lines and
// CORS verdicts are the ones Chromium 156 produced against the test servers.
import type { BrowserArtifact, BrowserStep } from '../../src/contract/browserArtifact.ts';

const URL_ = 'https://mcp.example.com/mcp';
export const PAGE = 'https://browser-agent.example';

export const CONSOLE = {
  noAllowOriginPreflight: `Access to fetch at '${URL_}' from origin '${PAGE}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  protocolVersionHeader: `Access to fetch at '${URL_}' from origin '${PAGE}' has been blocked by CORS policy: Request header field mcp-protocol-version is not allowed by Access-Control-Allow-Headers in preflight response.`,
  noAllowOrigin: (url = URL_) => `Access to fetch at '${url}' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  eventSource: (url: string) => `Access to resource at '${url}' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  failed: 'Failed to load resource: net::ERR_FAILED',
};

export function bstep(name: BrowserStep['name'], over: Partial<BrowserStep> = {}): BrowserStep {
  const reached = (over.outcome ?? 'reached') === 'reached';
  return {
    name,
    label: name === 'get-stream' ? 'GET stream (Accept: text/event-stream) with Mcp-Session-Id, MCP-Protocol-Version' : `POST ${name}`,
    method: name === 'get-stream' || name === 'prm' || name === 'as-metadata' || name === 'legacy-connect' ? 'GET' : 'POST',
    url: URL_,
    requestHeaders: ['content-type', 'accept'],
    outcome: 'reached',
    console: [],
    ms: 12,
    ...(reached ? { status: 200, networkStatus: 200 } : {}),
    ...over,
  };
}

export const blocked = (name: BrowserStep['name'], over: Partial<BrowserStep> = {}): BrowserStep => bstep(name, {
  outcome: 'blocked', blockedBy: 'cors-preflight', reason: 'the CORS preflight failed: PreflightMissingAllowOriginHeader',
  corsError: 'PreflightMissingAllowOriginHeader', scriptError: 'TypeError: Failed to fetch', netError: 'net::ERR_FAILED',
  console: [CONSOLE.noAllowOriginPreflight, CONSOLE.failed], ...over,
});

export function artifact(steps: BrowserStep[], over: Partial<BrowserArtifact> = {}): BrowserArtifact {
  return {
    available: true,
    browserVersion: '156.0.8078.79',
    pageOrigin: PAGE,
    headerProbeOrigin: PAGE,
    flow: 'session',
    protocolVersion: '2025-11-25',
    allowedOrigins: ['https://mcp.example.com'],
    steps,
    console: [],
    refusedRequests: [],
    durationMs: 400,
    ...over,
  };
}

/** The four session-era steps, all reached (a correct server). */
export function sessionOk(): BrowserStep[] {
  return [
    bstep('initialize', { readable: { 'mcp-session-id': 'sess-1', 'mcp-protocol-version': null }, wireHeaders: { 'mcp-session-id': 'sess-1', 'access-control-allow-origin': PAGE, 'access-control-expose-headers': 'Mcp-Session-Id' }, rpc: { answered: true } }),
    bstep('initialized', { status: 202, networkStatus: 202 }),
    bstep('tools-list', { rpc: { answered: true } }),
    bstep('get-stream', { contentType: 'text/event-stream', firstChunk: 'event: message\n' }),
  ];
}
