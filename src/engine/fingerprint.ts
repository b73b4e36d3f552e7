// What sits in front of the server, read from response headers, so fixes can fit it
// (nginx vs Caddy vs Cloudflare vs an AWS load balancer).
import type { Exchange } from '../contract/evidence.ts';
import type { Front } from '../contract/result.ts';

const HEADERS = ['server', 'via', 'x-powered-by', 'cf-ray', 'x-amzn-trace-id', 'x-served-by', 'x-vercel-id', 'fly-request-id', 'x-cache'];

export function fingerprint(transcript: Exchange[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const x of transcript) {
    const h = x.response?.headers;
    if (!h) continue;
    for (const name of HEADERS) {
      if (h[name] !== undefined && out[name] === undefined) out[name] = h[name].slice(0, 200);
    }
  }
  return out;
}


/** The proxy/CDN most likely in front, best guess from the fingerprint. */
export function frontOf(fp: Record<string, string>): Front {
  const server = (fp.server ?? '').toLowerCase();
  const via = (fp.via ?? '').toLowerCase();
  if (fp['cf-ray'] || server.includes('cloudflare')) return 'cloudflare';
  if (fp['x-vercel-id'] || server.includes('vercel')) return 'vercel';
  if (fp['fly-request-id'] || server.includes('fly/')) return 'fly';
  if (server.includes('awselb') || fp['x-amzn-trace-id']) return 'aws-alb';
  if (server.includes('nginx') || server.includes('openresty')) return 'nginx';
  if (server.includes('caddy') || via.includes('caddy')) return 'caddy';
  if (server.includes('envoy')) return 'envoy';
  if (server.includes('apache')) return 'apache';
  return 'unknown';
}
