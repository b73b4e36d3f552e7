// The TLS identity of the served page (https://browser-agent.example, on 127.0.0.1 only).
// A self-signed throwaway: Chromium is told to accept exactly this key
// (--ignore-certificate-errors-spki-list=<its SPKI hash>), so certificate checks stay on for
// every other site, including the scanned endpoint. It protects nothing and is not a secret:
// the page server listens on loopback, serves one static page, and only our headless browser
// (which maps browser-agent.example to it) ever connects.
import { X509Certificate, createHash } from 'node:crypto';

export const PAGE_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIICCjCCAbGgAwIBAgIUIDWKtw+ZFaw29/JhHcUc2qNRrPwwCgYIKoZIzj0EAwIw
SjEeMBwGA1UEAwwVYnJvd3Nlci1hZ2VudC5leGFtcGxlMSgwJgYDVQQKDB9hZ2Vu
dHJlYWR5IHBhZ2UgKGxvb3BiYWNrIG9ubHkpMB4XDTI2MTEyMjA0MzgzOFoXDTQ2
MTExNzA0MzgzOFowSjEeMBwGA1UEAwwVYnJvd3Nlci1hZ2VudC5leGFtcGxlMSgw
JgYDVQQKDB9hZ2VudHJlYWR5IHBhZ2UgKGxvb3BiYWNrIG9ubHkpMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAE3hhYz9jqaZ08tnxbBK14KtFRSNQF1Cpe+sXlrEcE
5bTPlBaEF+2mtBmKgpPaV15rXtRGKVIWUrNJxV74w8pLqaN1MHMwHQYDVR0OBBYE
FKudyRhsGSzwq5o7AurELoB+UpmBMB8GA1UdIwQYMBaAFKudyRhsGSzwq5o7AurE
LoB+UpmBMA8GA1UdEwEB/wQFMAMBAf8wIAYDVR0RBBkwF4IVYnJvd3Nlci1hZ2Vu
dC5leGFtcGxlMAoGCCqGSM49BAMCA0cAMEQCIDvCr30Kr5r6F+gitIBDbXjvKDeG
0/BcuWKLA9kiFZ4OAiBYCPBBJwnTUMErPFD+RqvJ9+HhyI3HD7cu5oLa2fM4xA==
-----END CERTIFICATE-----
`;

export const PAGE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0QroDDG9vIWyIHN5
0G0WhN0OxlFIw+/f1DjRG1QpvcWhRANCAATeGFjP2OppnTy2fFsErXgq0VFI1AXU
Kl76xeWsRwTltM+UFoQX7aa0GYqCk9pXXmte1EYpUhZSs0nFXvjDykup
-----END PRIVATE KEY-----
`;

/** base64(SHA-256(SubjectPublicKeyInfo)): the form --ignore-certificate-errors-spki-list wants. */
export function pageCertSpki(): string {
  const der = new X509Certificate(PAGE_CERT_PEM).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}
