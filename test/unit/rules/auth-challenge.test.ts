import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/auth-challenge.ts';
import { parseWwwAuthenticate } from '../../../src/contract/wwwAuthenticate.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes, Revision } from '../../../src/contract/evidence.ts';
import { evidence, exchange, legacyEra, statelessEra } from '../../fixtures/evidence.ts';

const RM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

function auth(status: number, www: string | undefined, extra: Partial<NonNullable<Probes['auth']>> = {}): Probes['auth'] {
  return {
    attempted: true, required: status === 401,
    unauthenticated: { exchangeId: 'u1', status, ...(www === undefined ? {} : { wwwAuthenticate: www }) },
    invalidToken: { exchangeId: 'u2', status: 401 },
    ...extra,
  };
}
function era(...revisions: Revision[]): Probes['era'] {
  return { reachable: true, revisions, era: 'session', transport: 'streamable-http', protocolVersion: revisions[0], authBlocked: false };
}
const prmWellKnown: NonNullable<Probes['auth']>['prm'] = {
  tried: [{ exchangeId: 'w1', url: RM, status: 200 }], url: RM, via: 'well-known',
  document: { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] },
};

test('auth-challenge: parses challenges, quoted values and several schemes', () => {
  const c = parseWwwAuthenticate('Basic realm="x", Bearer resource_metadata="https://a/b, c", scope="files:read", error=invalid_token');
  assert.deepEqual(c.map((x) => x.scheme), ['Basic', 'Bearer']);
  assert.equal(c[1].params.resource_metadata, 'https://a/b, c');
  assert.equal(c[1].params.scope, 'files:read');
  assert.equal(c[1].params.error, 'invalid_token');
  assert.deepEqual(parseWwwAuthenticate(''), []);
  assert.deepEqual(parseWwwAuthenticate(undefined), []);
  assert.doesNotThrow(() => parseWwwAuthenticate('=,,="\\'.repeat(5000)));
});

test('WWW-Authenticate parsing: parameter names are own keys (__proto__, constructor) and the first of a repeat wins', () => {
  const [c] = parseWwwAuthenticate('Bearer __proto__="x", constructor=y, realm=a, realm=b');
  assert.deepEqual(Object.entries(c!.params), [['__proto__', 'x'], ['constructor', 'y'], ['realm', 'a']]);
  assert.equal(Object.getPrototypeOf(c!.params), Object.prototype);
});

test('auth-challenge: 401 + Bearer resource_metadata passes and records scope', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, `Bearer resource_metadata="${RM}", scope="files:read"`) }));
  assert.equal(r.outcome, 'resourceMetadata');
  assert.equal(r.status, 'pass');
  assert.equal(r.data?.scope, true);
  assert.match(r.detail, /scope="files:read"/);
  assert.deepEqual(r.exchanges, ['u1', 'u2']);
});

test('auth-challenge: missing scope is noted, not failed', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, `bearer resource_metadata=${RM}`) }));
  assert.equal(r.outcome, 'resourceMetadata');
  assert.equal(r.data?.scope, false);
  assert.match(r.detail, /no scope parameter/);
});

test('auth-challenge: no resource_metadata but well-known metadata: a full pass on 2025-11-25 alone, a warn when 2025-06-18 is accepted too', () => {
  const only = judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, 'Bearer realm="mcp"', { prm: prmWellKnown }) }));
  assert.equal(only.outcome, 'wellKnownOnly');
  assert.equal(only.status, 'pass');
  assert.equal(only.score, 1);
  const r = judgeRule(rule, evidence({ era: era('2025-11-25', '2025-06-18'), auth: auth(401, 'Bearer realm="mcp"', { prm: prmWellKnown }) }));
  assert.equal(r.outcome, 'wellKnownOnlyOldClients');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.6);
  assert.match(r.detail, /2025-06-18 \(also accepted\) requires resource_metadata/);
  assert.ok(r.exchanges.includes('w1'));
});

test('auth-challenge: well-known metadata does not excuse a 2025-06-18-only server', () => {
  const r = judgeRule(rule, evidence({ era: era('2025-06-18'), auth: auth(401, 'Bearer', { prm: prmWellKnown }) }));
  assert.equal(r.outcome, 'noResourceMetadata');
  assert.equal(r.status, 'fail');
});

test('auth-challenge: a bare Bearer challenge is enough for 2025-03-26', () => {
  const r = judgeRule(rule, evidence({ era: era('2025-03-26'), auth: auth(401, 'Bearer') }));
  assert.equal(r.outcome, 'bearerOnly03');
  assert.equal(r.status, 'pass');
});

test('auth-challenge: no resource_metadata and no well-known metadata fails', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, 'Bearer realm="mcp"', { prm: { tried: [{ exchangeId: 'w1', url: RM, status: 404 }] } }) }));
  assert.equal(r.outcome, 'noResourceMetadata');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /no protected-resource metadata/);
});

test('auth-challenge: 401 without WWW-Authenticate fails (pitfall 4)', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, undefined) }));
  assert.equal(r.outcome, 'noChallenge');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /WWW-Authenticate: \(absent\)/);
});

test('auth-challenge: the probe\'s parsed challenge is used when the raw header is missing', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, undefined, { challenge: { scheme: 'Bearer', params: { resource_metadata: RM } } }) }));
  assert.equal(r.outcome, 'resourceMetadata');
});

test('auth-challenge: a non-Bearer scheme warns', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, 'Basic realm="api"') }));
  assert.equal(r.outcome, 'nonBearer');
  assert.equal(r.status, 'warn');
  assert.deepEqual(r.data?.schemes, ['Basic']);
});

test('auth-challenge: 403 instead of 401 for missing credentials fails', () => {
  const r = judgeRule(rule, evidence({ auth: auth(403, 'Bearer') }));
  assert.equal(r.outcome, 'forbiddenInsteadOf401');
  assert.equal(r.status, 'fail');
});

test('auth-challenge: a garbage token that is served fails with a cap', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, `Bearer resource_metadata="${RM}"`, { invalidToken: { exchangeId: 'u2', status: 200 } }) }));
  assert.equal(r.outcome, 'invalidTokenAccepted');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /garbage bearer token answered 200/);
});

test('auth-challenge: a garbage token answered other than 401 fails', () => {
  const r = judgeRule(rule, evidence({ auth: auth(401, `Bearer resource_metadata="${RM}"`, { invalidToken: { exchangeId: 'u2', status: 403 } }) }));
  assert.equal(r.outcome, 'invalidTokenWrongStatus');
  assert.equal(r.status, 'fail');
});

test('auth-challenge: no credentials demanded is not applicable', () => {
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: false, unauthenticated: { exchangeId: 'u1', status: 200 } } }));
  assert.equal(r.outcome, 'notRequired');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('auth-challenge: probe not run or unanswered is unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: false, unauthenticated: { exchangeId: 'u1', error: 'reset' } } }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('auth-challenge: applies on 2026-07-28, not on legacy-only servers', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, auth: auth(401, 'Bearer', { prm: prmWellKnown }) })).outcome, 'wellKnownOnly');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, auth: auth(401, undefined) })).outcome, 'era-not-applicable');
});

test('auth-challenge: the judge copes with every revision at once (era unknown behind auth)', () => {
  const ev = evidence({ auth: auth(401, 'Bearer', { prm: prmWellKnown }) });
  const v = rule.judge({ evidence: ev, revisions: ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'], exchange: () => undefined });
  assert.equal(v.outcome, 'wellKnownOnlyOldClients'); // the engine gates it: a full pass where only 2025-11-25 and later are judged
});

test('auth-challenge: a challenge met on tools/list after an open initialize (step-up) says so', () => {
  const x = exchange({
    id: 'u1', probe: 'auth', label: 'unauthenticated tools/list after an open initialize',
    request: { method: 'POST', url: 'https://mcp.example.com/mcp', headers: {}, body: '{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{}}' },
    response: { status: 401, headers: {} },
  });
  const r = judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, `Bearer resource_metadata="${RM}", scope="mcp:tools"`) }, [x]));
  assert.equal(r.outcome, 'resourceMetadata');
  assert.match(r.detail, /^Unauthenticated tools\/list \(after an open handshake\) answered 401/);
});

test('auth-challenge: an API-key login with no OAuth anywhere (Bearer or another scheme) is protected-resource-metadata\'s one finding', () => {
  const ORIGIN = 'https://mcp.example.com';
  const noOAuth = {
    prm: { tried: [{ exchangeId: 'w1', url: RM, status: 404 }, { exchangeId: 'w2', url: `${ORIGIN}/.well-known/oauth-protected-resource`, status: 404 }] },
    asMetadata: { tried: [{ exchangeId: 'm1', url: `${ORIGIN}/.well-known/oauth-authorization-server`, status: 404 }], issuerRequested: ORIGIN },
    defaultEndpoints: [{ exchangeId: 'd1', url: `${ORIGIN}/authorize`, method: 'GET', status: 404 }],
  } satisfies Partial<NonNullable<Probes['auth']>>;
  for (const www of ['Bearer', 'Bearer realm="api"', 'ApiKey header="X-API-Key"']) {
    const r = judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, www, noOAuth) }));
    assert.equal(`${r.status}/${r.outcome}`, 'na/noOAuth', www);
    assert.match(r.detail, /no OAuth discovery anywhere/);
  }
  // an authorization endpoint where 2025-03-26 clients look: OAuth is there, the challenge is judged
  const withAuthorize = { ...noOAuth, defaultEndpoints: [{ exchangeId: 'd1', url: `${ORIGIN}/authorize`, method: 'GET', status: 400 }] };
  assert.equal(judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, 'Bearer', withAuthorize) })).outcome, 'noResourceMetadata');
  assert.equal(judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, 'Basic realm="x"', withAuthorize) })).outcome, 'nonBearer');
  // a 401 with no challenge at all still fails: RFC 9110 requires WWW-Authenticate on a 401
  assert.equal(judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, undefined, noOAuth) })).outcome, 'noChallenge');
  // a garbage token let through by an API-key server with no OAuth (apify actors-mcp-server: the key is
  // checked upstream when a tool runs) is no OAuth resource server's MUST: still noOAuth, said in the detail
  const apiKey = judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, 'Bearer error="invalid_token"', { ...noOAuth, invalidToken: { exchangeId: 'u2', status: 200 } }) }));
  assert.equal(`${apiKey.status}/${apiKey.outcome}`, 'na/noOAuth');
  assert.match(apiKey.detail, /garbage token was let through at connect/);
  assert.equal(judgeRule(rule, evidence({ era: era('2025-11-25'), auth: auth(401, 'Bearer', { ...noOAuth, invalidToken: { exchangeId: 'u2', status: 500 } }) })).outcome, 'noOAuth');
});
