import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/token-in-url.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

function target(url: string): Probes['target'] {
  return { url, scheme: 'https', host: 'mcp.example.com', port: 443, path: '/mcp', isLoopback: false, userHeaderNames: [] };
}

test('token-in-url: a clean URL passes', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'clean');
  assert.equal(r.status, 'pass');
});

test('token-in-url: credential query parameters fail', () => {
  const r = judgeRule(rule, evidence({ target: target('https://mcp.example.com/mcp?api_key=REDACTED') }));
  assert.equal(r.outcome, 'credentialInUrl');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /`api_key`/);
  assert.match(r.fix ?? '', /Authorization: Bearer/);
});

test('token-in-url: user info in the URL fails too', () => {
  const r = judgeRule(rule, evidence({ target: target('https://bot:REDACTED@mcp.example.com/mcp') }));
  assert.equal(r.outcome, 'credentialInUrl');
  assert.match(r.detail, /user:password@/);
});

test('token-in-url: transport-independent, judged on legacy servers too', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, target: target('https://mcp.example.com/sse?token=x') })).outcome, 'credentialInUrl');
});

test('token-in-url: judged from the URL itself, so evidence from any scanner version is re-judged by today\'s rule', () => {
  // an old evidence file whose gatherer recorded no credential names: the URL still says it
  const old = { ...target('https://mcp.example.com/mcp?jwt=abc&page=2'), credentialQueryParams: [] };
  const r = judgeRule(rule, evidence({ target: old }));
  assert.equal(r.outcome, 'credentialInUrl');
  assert.match(r.detail, /`jwt`/);
  assert.doesNotMatch(r.detail, /`page`/);
  // a non-credential query alone passes
  assert.equal(judgeRule(rule, evidence({ target: target('https://mcp.example.com/mcp?tenant=acme') })).outcome, 'clean');
});
