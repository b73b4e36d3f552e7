// RFC 8414 (or, from 2025-11-25, OIDC Discovery) metadata of the authorization server: where an
// agent sends the user to log in, where it gets tokens, and how it registers.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { RFC8414, clip, hasRevision, ids, isObject, secureUrl } from '../_lib/index.ts';
import { discovery03Works } from '../../src/contract/authDiscovery.ts';

export default defineRule({
  id: 'authorization-server-metadata',
  dimension: 'D7',
  level: 'MUST',
  eras: ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Authorization-server metadata is published and consistent',
  failureTitle: 'Authorization-server metadata is missing or inconsistent',
  description:
    'Agents read the authorization server\'s metadata (RFC 8414; OpenID Connect Discovery is also allowed from ' +
    '2025-11-25) to find its authorization and token endpoints. Its `issuer` must be identical to the issuer the ' +
    'client looked up (RFC 8414 §3.3): a mismatch is how mix-up attacks hand a client someone else\'s endpoints, ' +
    'so conforming clients stop there. All authorization-server endpoints MUST be https. Clients also need a way ' +
    'to register: Client ID Metadata Documents (`client_id_metadata_document_supported`, SHOULD from 2025-11-25) ' +
    'or Dynamic Client Registration (`registration_endpoint`).',
  specRefs: [
    { label: 'Authorization Server Metadata Discovery (2025-11-25)', url: spec.authorization('2025-11-25', 'authorization-server-metadata-discovery') },
    { label: 'Server Metadata Discovery (2025-03-26)', url: spec.authorization('2025-03-26', '2-3-server-metadata-discovery') },
    { label: 'Communication Security (2025-11-25)', url: spec.authorization('2025-11-25', 'communication-security') },
    { label: 'Client Registration (2026-07-28)', url: `${spec.authorization('2026-07-28')}/client-registration` },
    { label: 'RFC 8414 §2 Metadata', url: `${RFC8414}#section-2` },
    { label: 'RFC 8414 §3.3 Validation', url: `${RFC8414}#section-3.3` },
  ],
  outcomes: {
    valid: { status: 'pass', score: 1, summary: 'The metadata matches its issuer, lists https endpoints and a registration method.' },
    noRegistration: {
      status: 'warn', score: 0.7,
      summary: 'Neither Client ID Metadata Documents nor Dynamic Client Registration is advertised: only pre-registered clients can log in.',
      fix: 'Advertise `"client_id_metadata_document_supported": true` (preferred from 2025-11-25) or a `registration_endpoint` (RFC 7591).',
    },
    oidcOnlyPre11: {
      status: 'warn', score: 0.8,
      summary: 'Only OpenID Connect Discovery metadata was found; clients of 2025-06-18 and earlier look for RFC 8414 metadata.',
      fix: 'Also serve the document at `/.well-known/oauth-authorization-server` (RFC 8414), path-inserted for issuers with a path.',
    },
    notFoundDefaults03: {
      status: 'warn', score: 0.6,
      summary: 'No metadata found; 2025-03-26 clients fall back to /authorize, /token and /register on the server.',
      fix: 'Serve RFC 8414 metadata at `/.well-known/oauth-authorization-server` (SHOULD in 2025-03-26, MUST from 2025-06-18).',
    },
    insecureEndpoints: {
      status: 'fail', score: 0.2,
      summary: 'An authorization-server endpoint is not https: codes and tokens would travel in clear.',
      fix: 'Serve the issuer, authorization, token and registration endpoints over https (http only on localhost).',
    },
    endpointsMissing: {
      status: 'fail', score: 0.2,
      summary: 'The metadata lacks authorization_endpoint or token_endpoint: clients cannot run the authorization-code flow.',
      fix: 'Include `authorization_endpoint` and `token_endpoint` (absolute https URLs) in the metadata.',
    },
    issuerMismatch: {
      status: 'fail', score: 0,
      summary: '`issuer` differs from the issuer that was looked up: clients must reject the metadata (mix-up attack defence).',
      fix: 'Make `issuer` byte-for-byte identical to the URL in the protected-resource metadata\'s `authorization_servers` (watch trailing slashes).',
    },
    invalidDocument: {
      status: 'fail', score: 0,
      summary: 'The metadata is not a JSON object.',
      fix: 'Serve the RFC 8414 document as `application/json`: an object with issuer, authorization_endpoint, token_endpoint, …',
    },
    notFound: {
      status: 'fail', score: 0,
      summary: 'No authorization-server metadata was found at the RFC 8414 or OIDC well-known URLs.',
      fix: 'Serve RFC 8414 metadata at `https://<issuer host>/.well-known/oauth-authorization-server[/<issuer path>]` (or OIDC `openid-configuration`).',
    },
    notRequired: { status: 'na', summary: 'The server does not require authorization.' },
    noPrm: {
      status: 'na', unobserved: true,
      summary: 'No protected-resource metadata names an authorization server, so its metadata could not be looked up.',
      // the finding is protected-resource-metadata's; this says what the lookup here needs
      fix: 'Publish RFC 9728 protected-resource metadata whose `authorization_servers` names your authorization server: from 2025-06-18 clients find it only there (see protected-resource-metadata).',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'The metadata lookups were not made or got no HTTP answer.' },
  },
  judge({ evidence, revisions }) {
    const { auth } = evidence.probes;
    if (!auth?.attempted) return { outcome: 'unobserved', detail: 'The auth probe was not run.' };
    if (!auth.required) return { outcome: 'notRequired', detail: 'Unauthenticated requests were not answered 401.' };
    const md = auth.asMetadata;
    const only03 = revisions.length > 0 && revisions.every((r) => r === '2025-03-26');
    // From 2025-06-18 the authorization server is known only through the protected-resource
    // metadata; a document at the MCP server's own origin is the 2025-03-26 lookup, not this one's.
    if (!only03 && !isObject(auth.prm?.document)) {
      const origin03 = md?.document !== undefined ? ` (metadata was found at ${clip(md.url ?? '?', 120)}, the 2025-03-26 location, which clients of ${revisions.join(', ')} do not look up)` : '';
      return { outcome: 'noPrm', detail: `No protected-resource metadata was found, so no issuer to look up${origin03}.`, exchanges: ids(...(auth.prm?.tried ?? []).map((t) => t.exchangeId), ...(md?.tried ?? []).map((t) => t.exchangeId)) };
    }
    const nothingTried = !md || (md.tried.length === 0 && md.document === undefined && md.parseError === undefined);
    if (!md || nothingTried) {
      return { outcome: 'unobserved', detail: 'Authorization-server metadata was not looked up.' };
    }
    const tried = md.tried;
    const exchanges = ids(...tried.map((t) => t.exchangeId));
    const triedLine = tried.length
      ? `tried ${tried.map((t) => `${clip(t.url, 100)} → ${t.status ?? clip(t.error ?? 'no answer', 40)}`).join(', ')}`
      : 'nothing tried';
    if (md.document === undefined && md.parseError === undefined) {
      if (!tried.some((t) => typeof t.status === 'number')) {
        return { outcome: 'unobserved', detail: `No metadata lookup got an HTTP answer (${triedLine}).`, exchanges };
      }
      if (only03) {
        // 2025-03-26 clients then use /authorize, /token and /register on the server: do they exist?
        const eps = auth.defaultEndpoints ?? [];
        const works = discovery03Works(auth, new URL(evidence.url).origin);
        const epsLine = eps.length ? `; default endpoints: ${eps.map((e) => `${e.method} ${clip(e.url, 100)} → ${e.status ?? clip(e.error ?? 'no answer', 40)}`).join(', ')}` : '';
        const all = ids(...tried.map((t) => t.exchangeId), ...eps.map((e) => e.exchangeId));
        if (works === false) return { outcome: 'notFound', detail: `No authorization-server metadata: ${triedLine}${epsLine}: the 2025-03-26 fallback finds no endpoints either.`, exchanges: all };
        return { outcome: 'notFoundDefaults03', detail: `No authorization-server metadata: ${triedLine}${epsLine}.`, exchanges: all };
      }
      return { outcome: 'notFound', detail: `No authorization-server metadata: ${triedLine}.`, exchanges };
    }
    const doc = md.document;
    const where = `found at ${clip(md.url ?? '?', 120)}`;
    if (md.parseError !== undefined || !isObject(doc)) {
      return {
        outcome: 'invalidDocument',
        detail: `Metadata ${where}: ${md.parseError !== undefined ? `parse error ${clip(md.parseError, 120)}` : `not an object: ${clip(doc, 120)}`}.`,
        exchanges,
      };
    }

    const cimd = doc.client_id_metadata_document_supported === true;
    const dcr = typeof doc.registration_endpoint === 'string' && doc.registration_endpoint.length > 0;
    const oidc = typeof md.url === 'string' && md.url.includes('/.well-known/openid-configuration');
    const data: Record<string, unknown> = {
      url: md.url, issuer: typeof doc.issuer === 'string' ? doc.issuer : undefined, issuerRequested: md.issuerRequested,
      clientIdMetadataDocuments: cimd, dynamicRegistration: dcr, oidc,
    };
    const lines = [`Metadata ${where}`];

    // 2025-03-26 discovery takes the metadata at the MCP server's origin, whatever issuer it names
    if (md.issuerRequested !== undefined && !only03) {
      lines.push(`issuer ${clip(doc.issuer, 120)} (looked up ${clip(md.issuerRequested, 120)})`);
      if (typeof doc.issuer !== 'string' || doc.issuer !== md.issuerRequested) {
        const slashOnly = typeof doc.issuer === 'string' && doc.issuer.replace(/\/+$/, '') === md.issuerRequested.replace(/\/+$/, '');
        if (slashOnly) lines.push('they differ only by a trailing slash, which RFC 8414 comparison does not forgive');
        return { outcome: 'issuerMismatch', detail: `${lines.join('; ')}.`, exchanges, data };
      }
    } else {
      lines.push(`issuer ${clip(doc.issuer, 120)} (requested issuer unknown, not compared)`);
    }

    const missing = ['authorization_endpoint', 'token_endpoint'].filter((k) => typeof doc[k] !== 'string' || (doc[k] as string).length === 0);
    if (missing.length) {
      lines.push(`missing ${missing.join(', ')}`);
      return { outcome: 'endpointsMissing', detail: `${lines.join('; ')}.`, exchanges, data };
    }
    const insecure: string[] = [];
    for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'registration_endpoint']) {
      const v = doc[k];
      if (v === undefined) continue;
      const s = secureUrl(v);
      if (!s.ok) insecure.push(`${k} ${clip(v, 100)} (${s.why})`);
    }
    if (insecure.length) {
      lines.push(`insecure: ${insecure.join(', ')}`);
      return { outcome: 'insecureEndpoints', detail: `${lines.join('; ')}.`, exchanges, data };
    }
    lines.push(`registration: ${[cimd ? 'Client ID Metadata Documents' : '', dcr ? 'Dynamic Client Registration' : ''].filter(Boolean).join(' and ') || 'none advertised'}`);
    if (oidc && !hasRevision(revisions, '2025-11-25', '2026-07-28')) {
      return { outcome: 'oidcOnlyPre11', detail: `${lines.join('; ')}.`, exchanges, data };
    }
    if (!cimd && !dcr) return { outcome: 'noRegistration', detail: `${lines.join('; ')}.`, exchanges, data };
    return { outcome: 'valid', detail: `${lines.join('; ')}.`, exchanges, data };
  },
});
