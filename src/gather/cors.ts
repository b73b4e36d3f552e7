// CORS as a browser-based agent meets it: the preflight, the *actual* response (where
// Expose-Headers must be), a never-allowed origin (reflection), and the 401 challenge.
import { randomBytes } from 'node:crypto';
import type { CorsObs, Probes } from '../contract/evidence.ts';
import { LOCAL_BROWSER_ORIGIN, type ScanContext } from './context.ts';
import { isLoopbackHost } from './target.ts';
import type { ExchangeResult } from '../net/client.ts';
import { initializeParams, rpc, statusOf } from './mcp.ts';
import { unauthenticatedChallenge } from './auth.ts';

const SESSION_HEADERS = ['content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id', 'authorization'];
const MODERN_HEADERS = ['mcp-method', 'mcp-name'];

export function corsObs(x: ExchangeResult, origin: string): CorsObs {
  const h = x.exchange.response?.headers ?? {};
  const pick = (name: string) => (h[name] !== undefined ? { [camel(name)]: h[name] } : {});
  return {
    exchangeId: x.exchange.id,
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    origin,
    ...pick('access-control-allow-origin'),
    ...pick('access-control-allow-credentials'),
    ...pick('access-control-allow-methods'),
    ...pick('access-control-allow-headers'),
    ...pick('access-control-expose-headers'),
    ...pick('vary'),
  } as CorsObs;
}

function camel(h: string): string {
  const map: Record<string, string> = {
    'access-control-allow-origin': 'allowOrigin', 'access-control-allow-credentials': 'allowCredentials',
    'access-control-allow-methods': 'allowMethods', 'access-control-allow-headers': 'allowHeaders',
    'access-control-expose-headers': 'exposeHeaders', vary: 'vary',
  };
  return map[h]!;
}

function preflight(ctx: ScanContext, origin: string, requested: string[], label: string, method = 'POST'): Promise<ExchangeResult> {
  return ctx.client.exchange({
    probe: 'cors', label, method: 'OPTIONS', url: ctx.url.href,
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': requested.join(', ') },
  });
}

/**
 * `servesModern`: the server also answers 2026-07-28, whose browser clients send Mcp-Method and
 * Mcp-Name, even when the scan's first request is a session-era initialize (a dual server).
 */
export async function probeCors(
  ctx: ScanContext, first: { method: string; modern: boolean; version?: string }, authRequired: boolean, servesModern = first.modern,
): Promise<NonNullable<Probes['cors']>> {
  const origin = ctx.browserOrigin;
  const requested = first.modern || servesModern ? [...SESSION_HEADERS, ...MODERN_HEADERS] : SESSION_HEADERS;
  const random = `https://${randomBytes(6).toString('hex')}.agentready-probe.example`;
  const params = first.method === 'initialize' ? initializeParams(first.version ?? '2025-11-25') : {};
  // Browsers ask per method, and many servers echo the method asked for in Allow-Methods: the
  // DELETE that ends a session is asked on its own (session revisions only)
  const [pre, actual, rand, del, local] = await Promise.all([
    preflight(ctx, origin, requested, `CORS preflight from ${origin}`),
    rpc(ctx, { probe: 'cors', label: `${first.method} with Origin: ${origin}`, method: first.method, params, modern: first.modern, headers: { origin } }),
    preflight(ctx, random, requested, 'CORS preflight from a random origin'),
    first.method === 'initialize' && !first.modern
      ? preflight(ctx, origin, ['mcp-session-id', 'mcp-protocol-version'], `CORS preflight for DELETE from ${origin}`, 'DELETE') : undefined,
    // a server on loopback may rightly admit local web apps only
    isLoopbackHost(ctx.url.hostname) ? preflight(ctx, LOCAL_BROWSER_ORIGIN, requested, `CORS preflight from a local web app (${LOCAL_BROWSER_ORIGIN})`) : undefined,
  ]);
  const sid = actual.exchange.response?.headers['mcp-session-id'];
  if (sid) ctx.openedSessions.add(sid);
  const art: NonNullable<Probes['cors']> = {
    attempted: true, origin, requestedHeaders: requested,
    preflight: corsObs(pre, origin), actual: corsObs(actual, origin), randomOriginPreflight: corsObs(rand, random),
    ...(del ? { deletePreflight: corsObs(del, origin) } : {}),
    ...(local ? { localPreflight: corsObs(local, LOCAL_BROWSER_ORIGIN) } : {}),
  };
  if (authRequired) {
    // where the login is met: the first request, or on step-up servers the tools/list after it
    const challenge = await unauthenticatedChallenge(ctx, first, 'cors', { origin });
    art.challenge = corsObs(challenge.result, origin);
  }
  return art;
}
