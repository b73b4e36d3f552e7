// The target itself, before any request: scheme, host, port, loopback (the URL is kept whole:
// the token-in-url rule reads its query parameter names).
import net from 'node:net';
import type { Probes } from '../contract/evidence.ts';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export function targetArtifact(url: URL, userHeaderNames: string[]): Probes['target'] {
  const scheme = url.protocol.replace(':', '') as Probes['target']['scheme'];
  const defaultPort = scheme === 'https' || scheme === 'wss' ? 443 : 80;
  return {
    url: url.href,
    scheme,
    host: url.hostname,
    port: url.port ? Number(url.port) : defaultPort,
    path: url.pathname,
    isLoopback: isLoopbackHost(url.hostname),
    userHeaderNames: userHeaderNames.map((h) => h.toLowerCase()),
  };
}
