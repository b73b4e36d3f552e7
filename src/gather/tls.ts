// HTTPS facts: the handshake, HSTS on the MCP response, and whether plain http redirects.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { tlsHandshake } from '../net/tls.ts';
import { obs } from './mcp.ts';

export async function probeTls(ctx: ScanContext, hsts: string | undefined): Promise<NonNullable<Probes['tls']>> {
  if (ctx.url.protocol !== 'https:') return { applicable: false };
  const plain = new URL(ctx.url.href);
  plain.protocol = 'http:';
  const [facts, redirect] = await Promise.all([
    tlsHandshake(ctx.url, ctx.client.limits.connectTimeoutMs * 2, ctx.options.blockPrivate, ctx.client.signal),
    ctx.client.exchange({ probe: 'tls', label: 'plain http twin of the URL', method: 'GET', url: plain.href, followRedirects: false, timeoutMs: 5_000 }),
  ]);
  const location = redirect.exchange.response?.headers.location;
  return {
    applicable: true,
    ...(facts.protocol ? { protocol: facts.protocol } : {}),
    authorized: facts.authorized,
    ...(facts.authorizationError || facts.error ? { authorizationError: facts.authorizationError ?? facts.error } : {}),
    ...(facts.validTo ? { validTo: facts.validTo } : {}),
    ...(hsts ? { hsts: hsts.slice(0, 300) } : {}),
    httpRedirect: { ...obs(redirect), ...(location ? { location: location.slice(0, 500) } : {}) },
  };
}
