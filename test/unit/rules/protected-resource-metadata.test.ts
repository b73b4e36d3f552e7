import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/protected-resource-metadata.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

type Prm = NonNullable<NonNullable<Probes['auth']>['prm']>;
const PATH_WK = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const ROOT_WK = 'https://mcp.example.com/.well-known/oauth-protected-resource';

function prm(document: unknown, over: Partial<Prm> = {}): Prm {
  return {
    tried: [{ exchangeId: 'w1', url: PATH_WK, status: 200, contentType: 'application/json', allowOrigin: '*' }],
    url: PATH_WK, via: 'well-known', document, ...over,
  };
}
function withPrm(p: Prm | undefined): Probes['auth'] {
  return { attempted: true, required: true, unauthenticated: { exchangeId: 'u1', status: 401 }, ...(p ? { prm: p } : {}) };
}
const doc = (o: Record<string, unknown> = {}) => ({ resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'], ...o });

test('protected-resource-metadata: a valid document passes', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc())) }));
  assert.equal(r.outcome, 'valid');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['w1']);
  assert.match(r.detail, /auth\.example\.com/);
});

test('protected-resource-metadata: resource comparison tolerates a trailing slash and host case', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ resource: 'https://MCP.example.com:443/mcp/' }))) }));
  assert.equal(r.outcome, 'valid');
});

test('protected-resource-metadata: root well-known may name the origin (RFC 9728 §3.3)', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ resource: 'https://mcp.example.com' }), { url: ROOT_WK, tried: [{ exchangeId: 'w2', url: ROOT_WK, status: 200, allowOrigin: '*' }] })) }));
  assert.equal(r.outcome, 'valid');
});

test('protected-resource-metadata: a parent resource found via WWW-Authenticate warns', () => {
  const p = prm(doc({ resource: 'https://mcp.example.com' }), { via: 'www-authenticate', url: ROOT_WK, tried: [{ exchangeId: 'w2', url: ROOT_WK, status: 200, allowOrigin: '*' }] });
  const r = judgeRule(rule, evidence({ auth: withPrm(p) }));
  assert.equal(r.outcome, 'resourcePrefix');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /parent of the endpoint/);
});

test('protected-resource-metadata: another resource fails', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ resource: 'https://other.example.com/mcp' }))) }));
  assert.equal(r.outcome, 'resourceMismatch');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /resource https:\/\/other\.example\.com\/mcp; endpoint https:\/\/mcp\.example\.com\/mcp/);
});

test('protected-resource-metadata: a missing resource fails', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm({ authorization_servers: ['https://auth.example.com'] })) }));
  assert.equal(r.outcome, 'resourceMismatch');
  assert.match(r.detail, /resource \(absent\)/);
});

test('protected-resource-metadata: served without Allow-Origin warns', () => {
  const p = prm(doc(), { tried: [{ exchangeId: 'w0', url: 'https://x/404', status: 404 }, { exchangeId: 'w1', url: PATH_WK, status: 200 }] });
  const r = judgeRule(rule, evidence({ auth: withPrm(p) }));
  assert.equal(r.outcome, 'noCors');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /without Access-Control-Allow-Origin/);
  assert.deepEqual(r.exchanges, ['w0', 'w1']);
});

test('protected-resource-metadata: http authorization server fails, except on loopback', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ authorization_servers: ['http://auth.example.com'] }))) }));
  assert.equal(r.outcome, 'insecureAuthorizationServer');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /http is not https/);
  const local = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ authorization_servers: ['http://127.0.0.1:9000'] }))) }));
  assert.equal(local.outcome, 'valid');
});

test('protected-resource-metadata: empty or malformed authorization_servers fails', () => {
  assert.equal(judgeRule(rule, evidence({ auth: withPrm(prm(doc({ authorization_servers: [] }))) })).outcome, 'noAuthorizationServers');
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(doc({ authorization_servers: 'https://auth.example.com' }))) }));
  assert.equal(r.outcome, 'noAuthorizationServers');
  assert.equal(r.status, 'fail');
});

test('protected-resource-metadata: a non-object or unparsable document fails', () => {
  assert.equal(judgeRule(rule, evidence({ auth: withPrm(prm(['x'])) })).outcome, 'invalidDocument');
  const r = judgeRule(rule, evidence({ auth: withPrm(prm(undefined, { parseError: 'Unexpected token <' })) }));
  assert.equal(r.outcome, 'invalidDocument');
  assert.match(r.detail, /Unexpected token/);
});

test('protected-resource-metadata: nothing found fails', () => {
  const r = judgeRule(rule, evidence({ auth: withPrm({ tried: [{ exchangeId: 'w1', url: PATH_WK, status: 404 }, { exchangeId: 'w2', url: ROOT_WK, status: 404 }] }) }));
  assert.equal(r.outcome, 'notFound');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /oauth-protected-resource\/mcp → 404/);
});

test('protected-resource-metadata: no auth required is not applicable', () => {
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: false, unauthenticated: { exchangeId: 'u1', status: 200 } } }));
  assert.equal(r.outcome, 'notRequired');
  assert.equal(r.status, 'na');
});

test('protected-resource-metadata: lookups without HTTP answers are unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ auth: withPrm({ tried: [{ exchangeId: 'w1', url: PATH_WK, error: 'connect' }] }) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ auth: withPrm(undefined) })).outcome, 'unobserved');
});

test('protected-resource-metadata: judged on 2026-07-28, era-not-applicable on a 2025-03-26-only server', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, auth: withPrm(prm(doc())) })).outcome, 'valid');
  const era03 = { reachable: true, revisions: ['2025-03-26'], era: 'session', transport: 'streamable-http', authBlocked: false } as Probes['era'];
  assert.equal(judgeRule(rule, evidence({ era: era03, auth: withPrm(prm(doc())) })).outcome, 'era-not-applicable');
});

test('protected-resource-metadata: behind the 401, a served document whose resource does not match fails as 2025-11-25 says, not olderRevisionOnly (the SDK client throws on it, it never falls back)', () => {
  const hidden: Probes['era'] = { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true };
  // the TS SDK example with --oauth, scanned at 127.0.0.1: `resource` names localhost
  const r = judgeRule(rule, evidence({ era: hidden, auth: withPrm(prm(doc({ resource: 'http://localhost:3601/mcp' }))) }));
  assert.equal(`${r.status}/${r.outcome}`, 'fail/resourceMismatch');
});
