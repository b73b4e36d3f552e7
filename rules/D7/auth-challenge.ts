// When credentials are missing or wrong, does the server say so the standard way? An agent
// only starts an OAuth login on `401` + `WWW-Authenticate: Bearer resource_metadata="…"`.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { parseWwwAuthenticate } from '../../src/contract/wwwAuthenticate.ts';
import { offersNoOAuth } from '../../src/contract/authDiscovery.ts';
import { RFC6750, RFC9728, clip, hasRevision, ids, is2xx } from '../_lib/index.ts';

export default defineRule({
  id: 'auth-challenge',
  dimension: 'D7',
  level: 'MUST',
  eras: ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Authentication is challenged with 401 and a Bearer WWW-Authenticate',
  failureTitle: 'Authentication challenge is missing or non-standard',
  description:
    'A server that needs credentials MUST answer 401 (and 401 for invalid or expired tokens). Agents start their ' +
    'OAuth login from the `WWW-Authenticate: Bearer` challenge: its `resource_metadata` parameter points to the ' +
    'protected-resource metadata (MUST in 2025-06-18; from 2025-11-25 the well-known URL is an allowed alternative), ' +
    'and `scope` says which scopes to request (SHOULD). Without the header clients cannot discover how to log in ' +
    '(cloudflare/workers-oauth-provider#138, fastmcp#1287). A garbage token that is not answered 401 means the ' +
    'server does not validate tokens.',
  specRefs: [
    { label: 'Protected Resource Metadata Discovery (2025-11-25)', url: spec.authorization('2025-11-25', 'protected-resource-metadata-discovery-requirements') },
    { label: 'Authorization Server Location (2025-06-18)', url: spec.authorization('2025-06-18', 'authorization-server-location') },
    { label: 'Token Handling (2025-11-25)', url: spec.authorization('2025-11-25', 'token-handling') },
    { label: 'Error Handling (2025-11-25)', url: spec.authorization('2025-11-25', 'error-handling') },
    { label: 'RFC 9728 §5.1 WWW-Authenticate', url: `${RFC9728}#section-5.1` },
    { label: 'RFC 6750 §3 WWW-Authenticate', url: `${RFC6750}#section-3` },
  ],
  outcomes: {
    resourceMetadata: {
      status: 'pass', score: 1,
      summary: '401 with `WWW-Authenticate: Bearer resource_metadata=…`: agents can find the login metadata.',
    },
    wellKnownOnly: {
      status: 'pass', score: 1,
      summary: 'The challenge has no resource_metadata, but the metadata is at the well-known URL (allowed from 2025-11-25).',
    },
    wellKnownOnlyOldClients: {
      status: 'warn', score: 0.6, until: '2025-06-18', otherwise: 'wellKnownOnly',
      summary: 'The challenge has no resource_metadata; the metadata is at the well-known URL, which 2025-06-18 clients (a revision this server also accepts) do not look for.',
      fix: 'Add `resource_metadata="<url of your protected-resource metadata>"` to the Bearer challenge: 2025-06-18 clients require it and it saves every client two lookups.',
    },
    bearerOnly03: {
      status: 'pass', score: 1,
      summary: '401 with a Bearer challenge; 2025-03-26 defines no resource metadata.',
    },
    noResourceMetadata: {
      status: 'fail', score: 0.3,
      summary: 'The Bearer challenge has no resource_metadata and no protected-resource metadata was found at the well-known URLs.',
      fix: 'Answer with `WWW-Authenticate: Bearer resource_metadata="https://<host>/.well-known/oauth-protected-resource/<path>", scope="<scopes>"` and serve that RFC 9728 document.',
    },
    noChallenge: {
      status: 'fail', score: 0,
      summary: '401 without WWW-Authenticate: clients cannot discover how to log in.',
      fix: 'Send `WWW-Authenticate: Bearer resource_metadata="https://<host>/.well-known/oauth-protected-resource/<path>"` with every 401 (and expose it to browsers with `Access-Control-Expose-Headers: WWW-Authenticate`).',
    },
    nonBearer: {
      status: 'warn', score: 0.5,
      summary: 'The 401 challenges with a scheme other than Bearer: MCP OAuth clients will not start a login.',
      fix: 'Use OAuth bearer tokens and challenge with `WWW-Authenticate: Bearer resource_metadata="…"`; other schemes (Basic, API keys) need manual client configuration.',
    },
    forbiddenInsteadOf401: {
      status: 'fail', score: 0.2,
      summary: 'Missing credentials were answered 403 instead of 401: clients only start authorization on 401.',
      fix: 'Answer requests without (or with invalid) credentials with `401 Unauthorized` and a Bearer `WWW-Authenticate`; keep 403 for insufficient scope.',
    },
    invalidTokenAccepted: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A request with a garbage bearer token was served: tokens are not validated.',
      fix: 'Validate every access token (signature or introspection, expiry, audience = this server) and answer invalid ones with `401` + `WWW-Authenticate: Bearer error="invalid_token"`.',
    },
    invalidTokenWrongStatus: {
      status: 'fail', score: 0.3,
      summary: 'An invalid bearer token was not answered 401: clients will not refresh or re-authorize.',
      fix: 'Answer invalid or expired tokens with `401` and `WWW-Authenticate: Bearer error="invalid_token", resource_metadata="…"`.',
    },
    noOAuth: {
      status: 'na',
      summary: 'A challenge without resource_metadata from a server that offers no OAuth at all (an API-key login): judged once, by protected-resource-metadata.',
    },
    notRequired: { status: 'na', summary: 'The server answered without demanding credentials: no challenge to judge.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The unauthenticated request was not made or got no HTTP answer.' },
  },
  judge({ evidence, revisions, exchange }) {
    const { auth, era } = evidence.probes;
    const un = auth?.unauthenticated;
    if (!auth?.attempted || !un || typeof un.status !== 'number') {
      return {
        outcome: 'unobserved',
        detail: auth?.attempted ? 'The unauthenticated request got no HTTP response.' : 'The auth probe was not run.',
        exchanges: ids(un?.exchangeId),
      };
    }
    const inv = auth.invalidToken;
    const exchanges = ids(un.exchangeId, inv?.exchangeId);
    const raw = un.wwwAuthenticate;
    const parsed = parseWwwAuthenticate(raw);
    if (parsed.length === 0 && auth.challenge) parsed.push({ scheme: auth.challenge.scheme, params: lowerKeys(auth.challenge.params) });
    const rawLine = `WWW-Authenticate: ${raw === undefined ? '(absent)' : clip(raw, 200)}`;

    if (un.status !== 401 && !auth.required) {
      if (un.status === 403 && (raw !== undefined || era.authBlocked)) {
        return { outcome: 'forbiddenInsteadOf401', detail: `Unauthenticated request answered 403. ${rawLine}.`, exchanges };
      }
      return { outcome: 'notRequired', detail: `Unauthenticated request answered ${un.status}; no credentials were demanded.`, exchanges };
    }

    // step-up servers: the handshake was served and the login met on the request after it
    const method = jsonRpcMethod(exchange(un.exchangeId)?.request.body);
    const asked = method !== undefined && method !== 'initialize' && method !== 'server/discover'
      ? `Unauthenticated ${clip(method, 40)} (after an open handshake)` : 'Unauthenticated request';
    const lines = [`${asked} answered ${un.status}`, rawLine];
    if (inv && typeof inv.status === 'number') lines.push(`garbage bearer token answered ${inv.status}`);
    else if (inv) lines.push('garbage bearer token got no HTTP answer');
    const bearer = parsed.find((c) => c.scheme.toLowerCase() === 'bearer');
    const scope = bearer?.params.scope;
    const rm = bearer?.params.resource_metadata;
    const data: Record<string, unknown> = {
      schemes: parsed.map((c) => c.scheme), resourceMetadata: rm !== undefined, scope: scope !== undefined,
    };
    if (bearer) lines.push(scope !== undefined ? `scope="${clip(scope, 80)}"` : 'no scope parameter (SHOULD since 2025-11-25)');
    const detail = () => `${lines.join('; ')}.`;

    // an API-key login with no OAuth anywhere is no OAuth resource server, whose MUST ("Invalid or
    // expired tokens MUST receive a HTTP 401") a garbage token would test: the key may be checked
    // upstream when a tool runs (apify actors-mcp-server). One finding, protected-resource-metadata's.
    const noOAuthAnywhere = parsed.length > 0 && !(rm !== undefined && rm.trim() !== '') && offersNoOAuth(auth, new URL(evidence.url).origin) === true;
    if (inv && is2xx(inv.status) && !noOAuthAnywhere) return { outcome: 'invalidTokenAccepted', detail: detail(), exchanges, data };
    if (parsed.length === 0) return { outcome: 'noChallenge', detail: detail(), exchanges, data };
    if (inv && typeof inv.status === 'number' && inv.status !== 401 && !noOAuthAnywhere) {
      return { outcome: 'invalidTokenWrongStatus', detail: detail(), exchanges, data };
    }
    // an API-key login (Bearer or another scheme) with no OAuth anywhere: one finding, protected-resource-metadata's
    if (noOAuthAnywhere) {
      if (inv && is2xx(inv.status)) lines.push('the garbage token was let through at connect: an API key checked, if at all, when a tool runs');
      lines.push('no OAuth discovery anywhere (see protected-resource-metadata)');
      return { outcome: 'noOAuth', detail: detail(), exchanges: ids(...exchanges, ...(auth.prm?.tried ?? []).map((t) => t.exchangeId)), data };
    }
    if (!bearer) return { outcome: 'nonBearer', detail: detail(), exchanges, data };
    if (rm !== undefined && rm.trim() !== '') return { outcome: 'resourceMetadata', detail: detail(), exchanges, data };

    const prm = auth.prm;
    const prmIds = (prm?.tried ?? []).map((t) => t.exchangeId);
    if (hasRevision(revisions, '2025-11-25', '2026-07-28') && prm?.via === 'well-known' && prm.document !== undefined) {
      lines.push(`protected-resource metadata found at ${clip(prm.url, 120)}`);
      if (revisions.includes('2025-06-18')) lines.push('2025-06-18 (also accepted) requires resource_metadata in the challenge');
      // gated: 'wellKnownOnly' (a full pass) where no judged revision predates 2025-11-25
      return { outcome: 'wellKnownOnlyOldClients', detail: detail(), exchanges: ids(...exchanges, ...prmIds), data };
    }
    if (revisions.length > 0 && revisions.every((r) => r === '2025-03-26')) {
      return { outcome: 'bearerOnly03', detail: detail(), exchanges, data };
    }
    lines.push(prm?.document !== undefined ? `metadata found only via ${prm.via ?? 'unknown'}` : 'no protected-resource metadata at the well-known URLs');
    return { outcome: 'noResourceMetadata', detail: detail(), exchanges: ids(...exchanges, ...prmIds), data };
  },
});

function lowerKeys(r: Record<string, string>): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (typeof v === 'string') o[k.toLowerCase()] = v;
  return o;
}

function jsonRpcMethod(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    const method = (JSON.parse(body) as { method?: unknown } | null)?.method;
    return typeof method === 'string' ? method : undefined;
  } catch {
    return undefined;
  }
}
