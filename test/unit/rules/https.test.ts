import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/https.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

function tls(over: Partial<NonNullable<Probes['tls']>> = {}): Probes['tls'] {
  return {
    applicable: true, exchangeId: 't1', protocol: 'TLSv1.3', authorized: true, validTo: 'Jan  1 00:00:00 2027 GMT',
    hsts: 'max-age=31536000; includeSubDomains', ...over,
  };
}
function target(scheme: 'http' | 'https', host: string, isLoopback: boolean): Probes['target'] {
  return { url: `${scheme}://${host}/mcp`, scheme, host, port: scheme === 'https' ? 443 : 80, path: '/mcp', isLoopback, credentialQueryParams: [], userHeaderNames: [] };
}

test('https: verified TLS with HSTS passes', () => {
  const r = judgeRule(rule, evidence({ tls: tls({ httpRedirect: { exchangeId: 't2', status: 301, location: 'https://mcp.example.com/mcp' } }) }));
  assert.equal(r.outcome, 'https');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['t1', 't2']);
  assert.match(r.detail, /redirects \(301\) to https/);
});

test('https: an http twin served in clear is a note only', () => {
  const r = judgeRule(rule, evidence({ tls: tls({ httpRedirect: { exchangeId: 't2', status: 200 } }) }));
  assert.equal(r.outcome, 'https');
  assert.match(r.detail, /served in clear/);
});

test('https: missing HSTS warns at 0.8 with the header to send', () => {
  const r = judgeRule(rule, evidence({ tls: tls({ hsts: undefined }) }));
  assert.equal(r.outcome, 'noHsts');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.8);
  assert.match(r.fix ?? '', /Strict-Transport-Security: max-age=31536000/);
});

test('https: HSTS with max-age=0 or garbage counts as missing', () => {
  assert.equal(judgeRule(rule, evidence({ tls: tls({ hsts: 'max-age=0' }) })).outcome, 'noHsts');
  const r = judgeRule(rule, evidence({ tls: tls({ hsts: 'includeSubDomains' }) }));
  assert.equal(r.outcome, 'noHsts');
  assert.match(r.detail, /no positive max-age/);
});

test('https: a certificate error fails and caps D7 at 0.3', () => {
  const r = judgeRule(rule, evidence({ tls: tls({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED' }) }));
  assert.equal(r.outcome, 'certificateError');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.3);
  assert.match(r.detail, /CERT_HAS_EXPIRED/);
});

test('https: plain http on a public host fails and caps D7 at 0.3', () => {
  const r = judgeRule(rule, evidence({ target: target('http', 'mcp.example.com', false) }));
  assert.equal(r.outcome, 'plainHttp');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.3);
  assert.match(r.detail, /http:\/\/mcp\.example\.com\/mcp/);
});

test('https: plain http on loopback is not applicable (local development)', () => {
  const r = judgeRule(rule, evidence({ target: target('http', '127.0.0.1', true) }));
  assert.equal(r.outcome, 'localHttp');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('https: https without TLS facts is unobserved', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ tls: { applicable: false } })).outcome, 'unobserved');
});

test('https: transport-independent, judged on legacy servers too', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, tls: tls() })).outcome, 'https');
});
