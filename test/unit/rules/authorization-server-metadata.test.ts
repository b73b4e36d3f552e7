import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/authorization-server-metadata.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

type As = NonNullable<NonNullable<Probes['auth']>['asMetadata']>;
const ISSUER = 'https://auth.example.com';
const RFC8414_URL = `${ISSUER}/.well-known/oauth-authorization-server`;
const OIDC_URL = `${ISSUER}/.well-known/openid-configuration`;
const PRM_DOC = { resource: 'https://mcp.example.com/mcp', authorization_servers: [ISSUER] };

const goodDoc = (o: Record<string, unknown> = {}) => ({
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  registration_endpoint: `${ISSUER}/register`,
  code_challenge_methods_supported: ['S256'],
  ...o,
});
function as(document: unknown, over: Partial<As> = {}): As {
  return { tried: [{ exchangeId: 'm1', url: RFC8414_URL, status: 200 }], url: RFC8414_URL, issuerRequested: ISSUER, document, ...over };
}
function withAs(a: As | undefined, prmDoc: unknown = PRM_DOC): Probes['auth'] {
  return {
    attempted: true, required: true, unauthenticated: { exchangeId: 'u1', status: 401 },
    prm: { tried: [{ exchangeId: 'w1', url: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', status: prmDoc ? 200 : 404 }], ...(prmDoc ? { document: prmDoc, via: 'well-known' as const } : {}) },
    ...(a ? { asMetadata: a } : {}),
  };
}
const era = (...revisions: Probes['era']['revisions']): Probes['era'] =>
  ({ reachable: true, revisions, era: 'session', transport: 'streamable-http', authBlocked: false });

test('authorization-server-metadata: matching issuer, https endpoints and registration pass', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc())) }));
  assert.equal(r.outcome, 'valid');
  assert.equal(r.status, 'pass');
  assert.equal(r.data?.dynamicRegistration, true);
  assert.deepEqual(r.exchanges, ['m1']);
  assert.match(r.detail, /Dynamic Client Registration/);
});

test('authorization-server-metadata: CIMD support counts as registration', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ registration_endpoint: undefined, client_id_metadata_document_supported: true }))) }));
  assert.equal(r.outcome, 'valid');
  assert.equal(r.data?.clientIdMetadataDocuments, true);
});

test('authorization-server-metadata: no registration method warns', () => {
  const d = goodDoc();
  delete (d as Record<string, unknown>).registration_endpoint;
  const r = judgeRule(rule, evidence({ auth: withAs(as(d)) }));
  assert.equal(r.outcome, 'noRegistration');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /none advertised/);
});

test('authorization-server-metadata: issuer mismatch fails (mix-up defence), trailing slash included', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ issuer: 'https://evil.example.com' }))) }));
  assert.equal(r.outcome, 'issuerMismatch');
  assert.equal(r.status, 'fail');
  const slash = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ issuer: `${ISSUER}/` }))) }));
  assert.equal(slash.outcome, 'issuerMismatch');
  assert.match(slash.detail, /trailing slash/);
});

test('authorization-server-metadata: unknown requested issuer is not compared', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ issuer: 'https://other.example.com' }), { issuerRequested: undefined })) }));
  assert.equal(r.outcome, 'valid');
  assert.match(r.detail, /not compared/);
});

test('authorization-server-metadata: missing endpoints fail', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ token_endpoint: 42 }))) }));
  assert.equal(r.outcome, 'endpointsMissing');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /missing token_endpoint/);
});

test('authorization-server-metadata: http endpoints fail unless loopback', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ token_endpoint: 'http://auth.example.com/token' }))) }));
  assert.equal(r.outcome, 'insecureEndpoints');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /token_endpoint http:\/\/auth\.example\.com\/token/);
  const local = 'http://localhost:9000';
  const ok = judgeRule(rule, evidence({ auth: withAs(as(goodDoc({ issuer: local, authorization_endpoint: `${local}/a`, token_endpoint: `${local}/t`, registration_endpoint: `${local}/r` }), { issuerRequested: local })) }));
  assert.equal(ok.outcome, 'valid');
});

test('authorization-server-metadata: OIDC-only metadata warns for pre-2025-11-25 servers, passes from 2025-11-25', () => {
  const oidc = as(goodDoc(), { url: OIDC_URL, tried: [{ exchangeId: 'm1', url: RFC8414_URL, status: 404 }, { exchangeId: 'm2', url: OIDC_URL, status: 200 }] });
  const r = judgeRule(rule, evidence({ era: era('2025-06-18'), auth: withAs(oidc) }));
  assert.equal(r.outcome, 'oidcOnlyPre11');
  assert.equal(r.status, 'warn');
  assert.equal(judgeRule(rule, evidence({ auth: withAs(oidc) })).outcome, 'valid');
});

test('authorization-server-metadata: not a JSON object fails', () => {
  assert.equal(judgeRule(rule, evidence({ auth: withAs(as('<html>')) })).outcome, 'invalidDocument');
  const r = judgeRule(rule, evidence({ auth: withAs(as(undefined, { parseError: 'Unexpected token' })) }));
  assert.equal(r.outcome, 'invalidDocument');
  assert.equal(r.status, 'fail');
});

test('authorization-server-metadata: nothing found fails, but only warns for 2025-03-26-only servers', () => {
  const missing = as(undefined, { url: undefined, tried: [{ exchangeId: 'm1', url: RFC8414_URL, status: 404 }, { exchangeId: 'm2', url: OIDC_URL, status: 404 }] });
  const r = judgeRule(rule, evidence({ auth: withAs(missing) }));
  assert.equal(r.outcome, 'notFound');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /oauth-authorization-server → 404/);
  const r03 = judgeRule(rule, evidence({ era: era('2025-03-26'), auth: withAs(missing, null) }));
  assert.equal(r03.outcome, 'notFoundDefaults03');
  assert.equal(r03.status, 'warn');
});

test('authorization-server-metadata: no auth required is not applicable', () => {
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: false } }));
  assert.equal(r.outcome, 'notRequired');
  assert.equal(r.status, 'na');
});

test('authorization-server-metadata: no protected-resource metadata is unobserved na', () => {
  const r = judgeRule(rule, evidence({ auth: withAs(undefined, null) }));
  assert.equal(r.outcome, 'noPrm');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
});

test('authorization-server-metadata: metadata at the MCP origin without protected-resource metadata is the 2025-03-26 lookup', () => {
  // 2025-03-26 (Server Metadata Discovery) takes the metadata at the MCP server's origin, whatever
  // issuer it names; from 2025-06-18 the authorization server is named only by RFC 9728 metadata.
  const ORIGIN = 'https://mcp.example.com';
  const atOrigin = as(goodDoc({ issuer: `${ORIGIN}/oauth` }), { url: `${ORIGIN}/.well-known/oauth-authorization-server`, issuerRequested: ORIGIN });
  const spoken = judgeRule(rule, evidence({ auth: withAs(atOrigin, null) }));
  assert.equal(`${spoken.status}/${spoken.outcome}`, 'na/noPrm', 'a 2025-11-25 server: one finding, protected-resource-metadata');
  assert.match(spoken.detail, /2025-03-26 location/);
  assert.equal(judgeRule(rule, evidence({ era: era('2025-03-26'), auth: withAs(atOrigin, null) })).outcome, 'valid');
  // behind the 401 the revision is unknown: what 2025-03-26 asks for, named as such
  const hidden = judgeRule(rule, evidence({ era: { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true }, auth: withAs(atOrigin, null) }));
  assert.equal(`${hidden.status}/${hidden.outcome}`, 'warn/olderRevisionOnly');
  assert.deepEqual(hidden.judgedAgainst, ['2025-11-25', '2025-03-26']);
  assert.equal(hidden.data?.unobserved, undefined, 'a warn is an observation');
  assert.equal(hidden.data?.currentOutcome, 'noPrm');
});

test('authorization-server-metadata: lookups not made or unanswered are unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  assert.equal(judgeRule(rule, evidence({ auth: withAs(undefined) })).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ auth: withAs(as(undefined, { tried: [{ exchangeId: 'm1', url: RFC8414_URL, error: 'dns' }] })) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('authorization-server-metadata: legacy-only server is era-not-applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, auth: withAs(as(goodDoc())) })).outcome, 'era-not-applicable');
});

// Behind a 401 with no metadata of either kind, "2025-03-26 clients fall back to /authorize" holds
// only if /authorize exists (notion-mcp-server 2.5.2: a pre-shared token, every OAuth path 404).
test('authorization-server-metadata and protected-resource-metadata: the 2025-03-26 fallback is credited only when /authorize exists', async () => {
  const prmRule = (await import('../../../rules/D7/protected-resource-metadata.ts')).default;
  const hiddenEra: Probes['era'] = { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true };
  const ORIGIN = 'https://mcp.example.com';
  const nothingAtOrigin = as(undefined, { url: undefined, issuerRequested: ORIGIN, tried: [{ exchangeId: 'm1', url: `${ORIGIN}/.well-known/oauth-authorization-server`, status: 404 }] });
  const auth = (authorizeStatus: number): Probes['auth'] => ({
    ...withAs(nothingAtOrigin, null)!,
    defaultEndpoints: [{ exchangeId: 'd1', url: `${ORIGIN}/authorize`, method: 'GET', status: authorizeStatus }],
  });

  const absent = { as: judgeRule(rule, evidence({ era: hiddenEra, auth: auth(404) })), prm: judgeRule(prmRule, evidence({ era: hiddenEra, auth: auth(404) })) };
  assert.equal(`${absent.as.status}/${absent.as.outcome}`, 'na/noPrm', 'one root cause: the missing protected-resource metadata');
  // no OAuth anywhere (no resource_metadata, no metadata, no /authorize): an API-key login, a SHOULD shortfall
  assert.equal(`${absent.prm.status}/${absent.prm.outcome}`, 'warn/noOAuth');
  assert.match(absent.prm.detail, /https:\/\/mcp\.example\.com\/authorize → 404/);
  // OAuth announced (resource_metadata in the challenge) but its document missing: the MUST fails
  const announced: Probes['auth'] = { ...auth(404)!, challenge: { scheme: 'Bearer', params: { resource_metadata: `${ORIGIN}/.well-known/oauth-protected-resource/mcp` } } };
  assert.equal(`${judgeRule(prmRule, evidence({ era: hiddenEra, auth: announced })).status}/${judgeRule(prmRule, evidence({ era: hiddenEra, auth: announced })).outcome}`, 'fail/notFound');
  assert.equal(judgeRule(rule, evidence({ era: era('2025-03-26'), auth: auth(404) })).outcome, 'notFound');
  assert.match(judgeRule(rule, evidence({ era: era('2025-03-26'), auth: auth(404) })).detail, /GET https:\/\/mcp\.example\.com\/authorize → 404/);

  const present = { as: judgeRule(rule, evidence({ era: hiddenEra, auth: auth(400) })), prm: judgeRule(prmRule, evidence({ era: hiddenEra, auth: auth(400) })) };
  assert.equal(`${present.as.status}/${present.as.outcome}`, 'warn/olderRevisionOnly');
  assert.equal(`${present.prm.status}/${present.prm.outcome}`, 'warn/olderRevisionOnly');
  assert.equal(judgeRule(rule, evidence({ era: era('2025-03-26'), auth: auth(302) })).outcome, 'notFoundDefaults03');
  // evidence recorded before the lookup existed is judged as it was
  const { defaultEndpoints: _, ...old } = auth(404)!;
  assert.equal(judgeRule(prmRule, evidence({ era: hiddenEra, auth: old })).outcome, 'olderRevisionOnly');
});

// hf-mcp-server behind its login: the challenge names resource_metadata on another host the scan
// cannot reach. Clients use that URL only, so neither the well-known paths nor the 2025-03-26
// lookups at the MCP origin stand in for it: both rules are unobserved, not warned.
test('authorization-server-metadata and protected-resource-metadata: an unreachable resource_metadata URL is unobserved, not an older revision\'s shortfall', async () => {
  const prmRule = (await import('../../../rules/D7/protected-resource-metadata.ts')).default;
  const hiddenEra: Probes['era'] = { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true };
  const ORIGIN = 'https://mcp.example.com';
  const remote = 'https://hub.example.org/.well-known/oauth-protected-resource/mcp';
  const base: Probes['auth'] = {
    attempted: true, required: true, unauthenticated: { exchangeId: 'u1', status: 401 },
    challenge: { scheme: 'Bearer', params: { resource_metadata: remote } },
    prm: { tried: [{ exchangeId: 'w1', url: remote, error: 'dns: getaddrinfo ENOTFOUND hub.example.org' }] },
  };
  const prm = judgeRule(prmRule, evidence({ era: hiddenEra, auth: base }));
  assert.equal(`${prm.status}/${prm.outcome}`, 'na/unobserved');
  assert.match(prm.detail, /hub\.example\.org.*ENOTFOUND/);
  // evidence that also holds a 2025-03-26 lookup at the MCP origin (older scans made it)
  const withOrigin: Probes['auth'] = { ...base, asMetadata: as(goodDoc({ issuer: ORIGIN }), { url: `${ORIGIN}/.well-known/oauth-authorization-server`, issuerRequested: ORIGIN }) };
  const asR = judgeRule(rule, evidence({ era: hiddenEra, auth: withOrigin }));
  assert.equal(`${asR.status}/${asR.outcome}`, 'na/noPrm');
  // the same lookups without a resource_metadata pointer: the 2025-03-26 reading still applies
  const { challenge: _, ...unpointed } = withOrigin;
  assert.equal(judgeRule(rule, evidence({ era: hiddenEra, auth: unpointed })).outcome, 'olderRevisionOnly');
});
