// The target itself, before any request: scheme, host, loopback, credentials in the URL.
import net from 'node:net';
import type { Probes } from '../contract/evidence.ts';

const CREDENTIAL_PARAM = /^(access[_-]?token|token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|auth|authorization|bearer|session|sig|signature|jwt)$/i;

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
    credentialQueryParams: [...url.searchParams.keys()].filter((k) => CREDENTIAL_PARAM.test(k)),
    userHeaderNames: userHeaderNames.map((h) => h.toLowerCase()),
  };
}
