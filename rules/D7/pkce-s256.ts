// Does the authorization server advertise PKCE with S256? From 2025-11-25, clients MUST refuse
// to proceed when `code_challenge_methods_supported` is absent — so without it, nobody logs in.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { RFC7636, RFC8414, clip, ids, isObject } from '../_lib/index.ts';

export default defineRule({
  id: 'pkce-s256',
  dimension: 'D7',
  level: 'MUST',
  eras: ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Authorization server advertises PKCE S256',
  failureTitle: 'Authorization server does not advertise PKCE S256',
  description:
    'MCP clients are public OAuth clients and MUST use PKCE (RFC 7636) so an intercepted authorization code is ' +
    'useless; they MUST use the `S256` method, and since 2025-11-25 they MUST verify PKCE support in the ' +
    'authorization-server metadata and refuse to proceed when `code_challenge_methods_supported` is absent. ' +
    'A server that supports PKCE but does not say so therefore cannot be logged into by conforming agents; one ' +
    'that offers only `plain` leaks the verifier with the challenge.',
  specRefs: [
    { label: 'Authorization Code Protection (2025-11-25)', url: spec.authorization('2025-11-25', 'authorization-code-protection') },
    { label: 'Security Considerations (2026-07-28)', url: `${spec.authorization('2026-07-28')}/security-considerations` },
    { label: 'RFC 7636 PKCE §4.2', url: `${RFC7636}#section-4.2` },
    { label: 'RFC 8414 §2 code_challenge_methods_supported', url: `${RFC8414}#section-2` },
  ],
  outcomes: {
    s256: { status: 'pass', score: 1, summary: '`code_challenge_methods_supported` includes S256.' },
    absentBefore1125: {
      status: 'warn', score: 0.5,
      summary: '`code_challenge_methods_supported` is absent: clients of this revision still use PKCE, but 2025-11-25 clients refuse to start authorization.',
      fix: 'Add `"code_challenge_methods_supported": ["S256"]` to the authorization-server metadata (and enforce PKCE on the authorization endpoint).',
    },
    absent: {
      status: 'fail', score: 0, since: '2025-11-25', otherwise: 'absentBefore1125',
      summary: '`code_challenge_methods_supported` is absent: conforming clients refuse to start authorization.',
      fix: 'Add `"code_challenge_methods_supported": ["S256"]` to the authorization-server metadata (and enforce PKCE on the authorization endpoint).',
    },
    noS256: {
      status: 'fail', score: 0,
      summary: 'PKCE is advertised without S256 (e.g. only `plain`): clients MUST use S256.',
      fix: 'Support the S256 method and advertise it: `"code_challenge_methods_supported": ["S256"]`.',
    },
    notRequired: { status: 'na', summary: 'The server does not require authorization.' },
    noMetadata: {
      status: 'na', unobserved: true,
      summary: 'No authorization-server metadata was found, so PKCE support could not be read.',
    },
  },
  judge({ evidence }) {
    const auth = evidence.probes.auth;
    if (auth?.attempted && !auth.required) return { outcome: 'notRequired', detail: 'Unauthenticated requests were not answered 401.' };
    const md = auth?.asMetadata;
    const exchanges = ids(...(md?.tried ?? []).map((t) => t.exchangeId));
    if (!md || !isObject(md.document)) {
      return { outcome: 'noMetadata', detail: auth?.attempted ? 'No authorization-server metadata document.' : 'The auth probe was not run.', exchanges };
    }
    const methods = md.document.code_challenge_methods_supported;
    const where = `metadata at ${clip(md.url ?? '?', 120)}`;
    if (methods === undefined || methods === null) {
      return { outcome: 'absent', detail: `${where} has no code_challenge_methods_supported.`, exchanges, data: { methods: null } };
    }
    const list = Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : [];
    const data = { methods: list.slice(0, 10) };
    if (list.includes('S256')) {
      return { outcome: 's256', detail: `${where}: code_challenge_methods_supported ${clip(list.join(', '), 80)}.`, exchanges, data };
    }
    const caseOnly = list.some((m) => m.toUpperCase() === 'S256');
    return {
      outcome: Array.isArray(methods) ? 'noS256' : 'absent',
      detail: `${where}: code_challenge_methods_supported ${clip(methods, 80)}${!Array.isArray(methods) ? ' (not an array)' : ''}${caseOnly ? ' — method names are case-sensitive: it must be "S256"' : ''}.`,
      exchanges, data,
    };
  },
});
