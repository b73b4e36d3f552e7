// A bare TLS handshake with the target, for the facts an HTTP client hides: protocol,
// whether the chain verified (NODE_EXTRA_CA_CERTS is honoured), and the certificate's expiry.
import tls from 'node:tls';
import type { BlockedTargetError } from './errors.ts';
import { checkLiteralHost, guardedLookup } from './ssrf.ts';

export interface TlsFacts {
  protocol?: string;
  authorized: boolean;
  authorizationError?: string;
  validTo?: string;
  subject?: string;
  issuer?: string;
  error?: string;
}

export function tlsHandshake(url: URL, timeoutMs: number, blockPrivate: boolean, signal?: AbortSignal): Promise<TlsFacts> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve({ authorized: false, error: 'not attempted: the scan deadline was reached' }); return; }
    try {
      if (blockPrivate) checkLiteralHost(url);
    } catch (err) {
      resolve({ authorized: false, error: (err as BlockedTargetError).message });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port: url.port ? Number(url.port) : 443,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false, // we want to see the error, not throw it
      ALPNProtocols: ['http/1.1'],
      ...(blockPrivate ? { lookup: guardedLookup } : {}),
    });
    const onAbort = () => done({ authorized: false, error: 'TLS handshake not finished when the scan deadline was reached' });
    const done = (facts: TlsFacts) => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); socket.destroy(); resolve(facts); };
    const timer = setTimeout(() => done({ authorized: false, error: `TLS handshake not finished after ${timeoutMs} ms` }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const err = socket.authorizationError;
      done({
        protocol: socket.getProtocol() ?? undefined,
        authorized: socket.authorized,
        ...(err ? { authorizationError: String(err) } : {}),
        ...(cert?.valid_to ? { validTo: new Date(cert.valid_to).toISOString() } : {}),
        ...(cert?.subject?.CN ? { subject: String(cert.subject.CN).slice(0, 200) } : {}),
        ...(cert?.issuer?.CN ? { issuer: String(cert.issuer.CN).slice(0, 200) } : {}),
      });
    });
    socket.once('error', (err) => done({ authorized: false, error: err.message.slice(0, 300) }));
  });
}
