// Is the endpoint served over verified TLS, and does it pin browsers to https with HSTS?
// Bearer tokens and session ids travel in every request.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { RFC6797, clip, ids, is2xx } from '../_lib/index.ts';

export default defineRule({
  id: 'https',
  dimension: 'D7',
  level: 'MUST',
  eras: 'any',
  title: 'Served over verified HTTPS with HSTS',
  failureTitle: 'Not served over verified HTTPS',
  description:
    'Every MCP request carries a bearer token or a session id; over plain http or a connection whose certificate ' +
    'does not verify, anyone on the path can read and replay them. The authorization spec requires https for all ' +
    'authorization endpoints and OAuth 2.1 requires TLS for tokens. `Strict-Transport-Security` (RFC 6797) keeps ' +
    'browsers from ever making the first request in clear. Local development on localhost is exempt.',
  specRefs: [
    { label: 'Communication Security (2025-11-25)', url: spec.authorization('2025-11-25', 'communication-security') },
    { label: 'Token Theft (2025-11-25)', url: spec.authorization('2025-11-25', 'token-theft') },
    { label: 'RFC 6797 HTTP Strict Transport Security', url: RFC6797 },
  ],
  outcomes: {
    https: { status: 'pass', score: 1, summary: 'Verified TLS with a Strict-Transport-Security header.' },
    noHsts: {
      status: 'warn', score: 0.8,
      summary: 'Verified TLS, but no (effective) Strict-Transport-Security header.',
      fix: 'Send `Strict-Transport-Security: max-age=31536000` (add `; includeSubDomains` when every subdomain is https).',
    },
    certificateError: {
      status: 'fail', score: 0, cap: 0.3,
      summary: 'The TLS certificate does not verify: clients refuse to connect, or connect without protection.',
      fix: 'Serve a certificate from a public CA that matches the host name and includes the full chain (e.g. Let\'s Encrypt); renew before it expires.',
    },
    plainHttp: {
      status: 'fail', score: 0, cap: 0.3,
      summary: 'The endpoint is plain http on a public host: tokens and session ids travel in clear.',
      fix: 'Serve the endpoint over https (terminate TLS at your proxy or platform), redirect http to https, and send `Strict-Transport-Security: max-age=31536000`.',
    },
    localHttp: { status: 'na', summary: 'Plain http on a loopback address (local development).' },
    unobserved: { status: 'na', unobserved: true, summary: 'No TLS connection was observed.' },
  },
  judge({ evidence }) {
    const { target, tls } = evidence.probes;
    const secure = target.scheme === 'https' || target.scheme === 'wss';
    if (!secure) {
      if (target.isLoopback) return { outcome: 'localHttp', detail: `${target.scheme}://${clip(target.host, 80)} is a loopback address.` };
      return { outcome: 'plainHttp', detail: `The endpoint URL is ${clip(target.url, 160)} (${target.scheme}, host ${clip(target.host, 80)}).` };
    }
    if (!tls?.applicable || typeof tls.authorized !== 'boolean') {
      return { outcome: 'unobserved', detail: 'No TLS handshake facts were recorded (the connection may have failed).', exchanges: ids(tls?.exchangeId) };
    }
    const exchanges = ids(tls.exchangeId, tls.httpRedirect?.exchangeId);
    const lines = [`TLS ${clip(tls.protocol ?? 'version unknown', 20)}`];
    if (tls.validTo) lines.push(`certificate valid to ${clip(tls.validTo, 40)}`);
    if (!tls.authorized) {
      lines.push(`certificate error: ${clip(tls.authorizationError ?? 'unverified', 120)}`);
      return { outcome: 'certificateError', detail: `${lines.join('; ')}.`, exchanges };
    }
    lines.push('certificate verified');
    const r = tls.httpRedirect;
    if (r) {
      if (typeof r.status !== 'number') lines.push('http:// twin not reachable');
      else if (r.status >= 300 && r.status < 400 && typeof r.location === 'string' && r.location.toLowerCase().startsWith('https:')) {
        lines.push(`http:// twin redirects (${r.status}) to https`);
      } else if (is2xx(r.status)) lines.push(`note: http:// twin is served in clear (${r.status}) instead of redirecting to https`);
      else lines.push(`note: http:// twin answers ${r.status}${r.location ? ` → ${clip(r.location, 100)}` : ''} rather than redirecting to https`);
    }
    const maxAge = hstsMaxAge(tls.hsts);
    if (tls.hsts === undefined || maxAge === undefined || maxAge <= 0) {
      lines.push(tls.hsts === undefined ? 'no Strict-Transport-Security header' : `Strict-Transport-Security "${clip(tls.hsts, 80)}" has no positive max-age`);
      return { outcome: 'noHsts', detail: `${lines.join('; ')}.`, exchanges, data: { hsts: tls.hsts ?? null } };
    }
    lines.push(`Strict-Transport-Security "${clip(tls.hsts, 80)}"${maxAge < 15768000 ? ' (max-age under six months)' : ''}`);
    return { outcome: 'https', detail: `${lines.join('; ')}.`, exchanges, data: { hstsMaxAge: maxAge } };
  },
});

function hstsMaxAge(value: string | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d{1,12})"?\s*(?:;|$)/i.exec(value);
  return m ? Number(m[1]) : undefined;
}
