// RFC 9728 protected-resource metadata: the document that tells an agent which authorization
// server issues tokens for this MCP endpoint.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { offersNoOAuth } from '../../src/contract/authDiscovery.ts';
import { RFC9728, clip, ids, isObject, is2xx, normResource, parseUrl, secureUrl } from '../_lib/index.ts';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

export default defineRule({
  id: 'protected-resource-metadata',
  dimension: 'D7',
  level: 'MUST',
  eras: ['2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Protected-resource metadata names the authorization server',
  failureTitle: 'Protected-resource metadata is missing or wrong',
  description:
    'From 2025-06-18, a server that requires authorization MUST publish OAuth 2.0 Protected Resource Metadata ' +
    '(RFC 9728) listing at least one `authorization_servers` entry; clients find it through `resource_metadata` ' +
    'in the 401 challenge or at `/.well-known/oauth-protected-resource/<path>` (then the root). Its `resource` must ' +
    'identify this endpoint (RFC 9728 §3.3): clients that validate it refuse to continue otherwise, which is what ' +
    'stops one server impersonating another. Browser clients can only read it when it carries ' +
    '`Access-Control-Allow-Origin` (routecraftjs/routecraft#320).',
  specRefs: [
    { label: 'Authorization Server Location (2025-06-18)', url: spec.authorization('2025-06-18', 'authorization-server-location') },
    { label: 'Protected Resource Metadata Discovery (2025-11-25)', url: spec.authorization('2025-11-25', 'protected-resource-metadata-discovery-requirements') },
    { label: 'Authorization Server Discovery (2026-07-28)', url: `${spec.authorization('2026-07-28')}/authorization-server-discovery` },
    { label: 'RFC 9728 §2 Metadata', url: `${RFC9728}#section-2` },
    { label: 'RFC 9728 §3.3 Validation', url: `${RFC9728}#section-3.3` },
  ],
  outcomes: {
    valid: { status: 'pass', score: 1, summary: 'The metadata names https authorization servers and identifies this endpoint.' },
    noCors: {
      status: 'warn', score: 0.8,
      summary: 'The metadata is valid but carries no Access-Control-Allow-Origin: browser clients cannot read it.',
      fix: 'Serve the well-known metadata with `Access-Control-Allow-Origin: *` (it is public) so browser-based agents can log in.',
    },
    resourcePrefix: {
      status: 'warn', score: 0.8,
      summary: '`resource` is a parent of the endpoint URL: MCP SDKs accept it, clients that apply RFC 9728 §3.3 strictly do not.',
      fix: 'Set `resource` to the exact MCP endpoint URL (e.g. `https://host/mcp`) and serve the document at `/.well-known/oauth-protected-resource/mcp`.',
    },
    resourceMismatch: {
      status: 'fail', score: 0.3,
      summary: '`resource` is missing or names a different resource: clients must discard the metadata.',
      fix: 'Set `resource` to this endpoint\'s URL (scheme, host, port and path as clients use it), per RFC 9728 §3.3.',
    },
    insecureAuthorizationServer: {
      status: 'fail', score: 0.2,
      summary: 'An authorization server is not an https URL: tokens and codes would travel in clear.',
      fix: 'List authorization servers by their https issuer URL (http is acceptable only on localhost).',
    },
    noAuthorizationServers: {
      status: 'fail', score: 0,
      summary: 'The metadata lists no authorization server: clients cannot get a token.',
      fix: 'Include `"authorization_servers": ["https://<your issuer>"]` (at least one).',
    },
    invalidDocument: {
      status: 'fail', score: 0,
      summary: 'The metadata is not a JSON object.',
      fix: 'Serve the RFC 9728 document as `application/json`: an object with `resource` and `authorization_servers`.',
    },
    notFound: {
      status: 'fail', score: 0,
      summary: 'No protected-resource metadata was found: agents cannot discover where to log in.',
      fix: 'Serve RFC 9728 metadata at `/.well-known/oauth-protected-resource/<mcp path>` (or the root) and point to it with `WWW-Authenticate: Bearer resource_metadata="…"`.',
    },
    // Authorization is OPTIONAL, and HTTP servers SHOULD (not MUST) do it the OAuth way: a
    // server that takes an API key works with every client configured to send it
    noOAuth: {
      status: 'warn', score: 0.5,
      summary: 'The server demands a credential but offers no OAuth discovery at all (no resource_metadata, no metadata documents, no authorization endpoint): users must hand each client a token; agents cannot sign in on their own.',
      fix: 'If agents should sign in by themselves, implement MCP authorization: serve RFC 9728 metadata at `/.well-known/oauth-protected-resource/<mcp path>` naming your authorization server, and point to it from `WWW-Authenticate: Bearer resource_metadata="…"`. If the token is an API key handed out another way, say in your docs which header clients must send.',
    },
    notRequired: { status: 'na', summary: 'The server does not require authorization.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The metadata lookups were not made or got no HTTP answer.' },
  },
  judge({ evidence }) {
    const { auth, target } = evidence.probes;
    if (!auth?.attempted) return { outcome: 'unobserved', detail: 'The auth probe was not run.' };
    if (!auth.required) return { outcome: 'notRequired', detail: 'Unauthenticated requests were not answered 401.' };
    const prm = auth.prm;
    const tried = prm?.tried ?? [];
    const exchanges = ids(...tried.map((t) => t.exchangeId));
    const triedLine = tried.length
      ? `tried ${tried.map((t) => `${clip(t.url, 100)} → ${t.status ?? clip(t.error ?? 'no answer', 40)}`).join(', ')}`
      : 'nothing tried';

    if (!prm || (prm.document === undefined && prm.parseError === undefined)) {
      const answered = tried.some((t) => typeof t.status === 'number');
      if (!answered) return { outcome: 'unobserved', detail: `No metadata lookup got an HTTP answer (${triedLine}).`, exchanges };
      if (offersNoOAuth(auth, new URL(evidence.url).origin) === true) {
        const authorize = auth.defaultEndpoints?.[0];
        return {
          outcome: 'noOAuth',
          detail: `No protected-resource metadata (${triedLine}); the challenge names none; no authorization-server metadata at the server's origin; ${authorize ? `${clip(authorize.url, 100)} → ${authorize.status ?? 'no answer'}` : 'no authorization endpoint'}.`,
          exchanges: ids(...tried.map((t) => t.exchangeId), ...(auth.asMetadata?.tried ?? []).map((t) => t.exchangeId), authorize?.exchangeId),
        };
      }
      return { outcome: 'notFound', detail: `No protected-resource metadata: ${triedLine}.`, exchanges };
    }
    const where = `found at ${clip(prm.url ?? '?', 120)} via ${prm.via ?? 'unknown'}`;
    const doc = prm.document;
    if (prm.parseError !== undefined || !isObject(doc)) {
      return {
        outcome: 'invalidDocument',
        detail: `Metadata ${where}: ${prm.parseError !== undefined ? `parse error ${clip(prm.parseError, 120)}` : `not an object: ${clip(doc, 120)}`}.`,
        exchanges,
      };
    }

    const as = doc.authorization_servers;
    const list = Array.isArray(as) ? as : [];
    const data: Record<string, unknown> = { url: prm.url, via: prm.via, authorizationServers: list.filter((s) => typeof s === 'string').slice(0, 10) };
    if (list.length === 0 || !list.some((s) => typeof s === 'string' && s.length > 0)) {
      return { outcome: 'noAuthorizationServers', detail: `Metadata ${where}: authorization_servers is ${clip(as, 80)}.`, exchanges, data };
    }
    const insecure = list.filter((s) => !secureUrl(s).ok);
    if (insecure.length) {
      return {
        outcome: 'insecureAuthorizationServer',
        detail: `Metadata ${where}: authorization server(s) ${insecure.slice(0, 3).map((s) => `${clip(s, 100)} (${secureUrl(s).why})`).join(', ')}.`,
        exchanges, data,
      };
    }

    // RFC 9728 §3.3: via WWW-Authenticate, `resource` must equal the URL requested; via a
    // well-known URL, the identifier the suffix was inserted into. MCP clients compare it
    // with the endpoint URL, so that is always accepted.
    const resource = doc.resource;
    const endpoint = normResource(stripQuery(target.url));
    const accepted = new Set<string>();
    if (endpoint) accepted.add(endpoint);
    const derived = prm.via === 'well-known' ? identifierFromWellKnown(prm.url) : undefined;
    if (derived) accepted.add(derived);
    const got = normResource(resource);
    const resLine = `resource ${resource === undefined ? '(absent)' : clip(resource, 120)}; endpoint ${clip(target.url, 120)}`;
    data.resource = typeof resource === 'string' ? resource : undefined;
    if (got === undefined || typeof resource !== 'string') {
      return { outcome: 'resourceMismatch', detail: `Metadata ${where}: ${resLine}.`, exchanges, data };
    }
    if (!accepted.has(got)) {
      const prefix = endpoint !== undefined && isPathPrefix(got, endpoint);
      return {
        outcome: prefix ? 'resourcePrefix' : 'resourceMismatch',
        detail: `Metadata ${where}: ${resLine}${prefix ? ' (a parent of the endpoint)' : ''}.`,
        exchanges, data,
      };
    }

    const fetched = tried.find((t) => t.url === prm.url && is2xx(t.status)) ?? tried.find((t) => is2xx(t.status));
    const detail = `Metadata ${where}: authorization_servers ${clip(list.join(', '), 160)}; ${resLine}`;
    if (fetched && (fetched.allowOrigin === undefined || fetched.allowOrigin.trim() === '')) {
      return { outcome: 'noCors', detail: `${detail}; served without Access-Control-Allow-Origin.`, exchanges, data };
    }
    return { outcome: 'valid', detail: `${detail}.`, exchanges, data };
  },
});

function stripQuery(url: string): string {
  const u = parseUrl(url);
  if (!u) return url;
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** `https://h/.well-known/oauth-protected-resource/a/b` → `https://h/a/b`; root → `https://h`. */
function identifierFromWellKnown(url: string | undefined): string | undefined {
  const u = parseUrl(url);
  if (!u) return undefined;
  const i = u.pathname.indexOf(WELL_KNOWN);
  if (i !== 0) return undefined;
  const rest = u.pathname.slice(WELL_KNOWN.length);
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  return normResource(`${u.protocol}//${u.host}${rest}`);
}

function isPathPrefix(parent: string, child: string): boolean {
  const p = parseUrl(parent);
  const c = parseUrl(child);
  if (!p || !c || p.origin !== c.origin || p.search !== '') return false;
  const pp = p.pathname.replace(/\/+$/, '');
  const cp = c.pathname.replace(/\/+$/, '');
  return pp === '' || cp === pp || cp.startsWith(`${pp}/`);
}
