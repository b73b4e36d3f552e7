// Is a credential part of the endpoint URL itself? URLs end up in logs, Referer headers,
// browser history and shared configs; MCP forbids tokens in the query string.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { clip, CREDENTIAL_PARAM, parseUrl } from '../_lib/index.ts';

export default defineRule({
  id: 'token-in-url',
  dimension: 'D7',
  level: 'MUST',
  eras: 'any',
  title: 'No credentials in the endpoint URL',
  failureTitle: 'Credentials are carried in the endpoint URL',
  description:
    'Access tokens MUST NOT be included in the URI query string (MCP authorization, OAuth 2.1 §5.1). A URL with ' +
    '`?token=`, `?api_key=` or `user:password@` leaks the credential into server and proxy logs, `Referer` headers, ' +
    'browser history and every config file or chat the URL is pasted into — and it cannot be rotated per user. ' +
    'Agents should send `Authorization: Bearer <token>` instead.',
  specRefs: [
    { label: 'Token Requirements (2025-11-25)', url: spec.authorization('2025-11-25', 'token-requirements') },
    { label: 'Access Token Usage (2025-06-18)', url: spec.authorization('2025-06-18', 'access-token-usage') },
    { label: 'OAuth 2.1 §5.1 Bearer token usage', url: 'https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1-13#section-5.1' },
  ],
  outcomes: {
    clean: { status: 'pass', score: 1, summary: 'The endpoint URL carries no credential-like query parameters or user info.' },
    credentialInUrl: {
      status: 'fail', score: 0,
      summary: 'The endpoint URL carries a credential: it leaks into logs, Referer headers and history.',
      fix: 'Accept the credential in the `Authorization: Bearer <token>` header (ideally an OAuth access token) and stop reading it from the query string; rotate any token that was shared in a URL.',
    },
  },
  judge({ evidence }) {
    const t = evidence.probes.target;
    const u = parseUrl(t.url);
    const params = u ? [...new Set(u.searchParams.keys())].filter((k) => CREDENTIAL_PARAM.test(k)) : [];
    const userInfo = u !== undefined && (u.username !== '' || u.password !== '');
    const found: string[] = [];
    if (params.length) found.push(`query parameter(s) ${params.slice(0, 10).map((p) => `\`${clip(p, 40)}\``).join(', ')}`);
    if (userInfo) found.push(`user info (${u.password !== '' ? 'user:password' : 'user'}@) in the authority`);
    if (found.length) {
      return { outcome: 'credentialInUrl', detail: `The endpoint URL carries ${found.join(' and ')}.`, data: { params: params.slice(0, 10), userInfo } };
    }
    return { outcome: 'clean', detail: 'No credential-like query parameters or user info in the endpoint URL.' };
  },
});
