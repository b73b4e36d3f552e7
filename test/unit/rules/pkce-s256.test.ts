import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/pkce-s256.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';

const URL = 'https://auth.example.com/.well-known/oauth-authorization-server';
function withDoc(document: unknown): Probes['auth'] {
  return {
    attempted: true, required: true,
    asMetadata: { tried: [{ exchangeId: 'm1', url: URL, status: 200 }], url: URL, issuerRequested: 'https://auth.example.com', document },
  };
}
const base = { issuer: 'https://auth.example.com', authorization_endpoint: 'https://auth.example.com/a', token_endpoint: 'https://auth.example.com/t' };

test('pkce-s256: S256 advertised passes', () => {
  const r = judgeRule(rule, evidence({ auth: withDoc({ ...base, code_challenge_methods_supported: ['plain', 'S256'] }) }));
  assert.equal(r.outcome, 's256');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['m1']);
  assert.match(r.detail, /plain, S256/);
});

test('pkce-s256: absent code_challenge_methods_supported fails (clients must refuse)', () => {
  const r = judgeRule(rule, evidence({ auth: withDoc(base) }));
  assert.equal(r.outcome, 'absent');
  assert.equal(r.status, 'fail');
  assert.match(r.fix ?? '', /"code_challenge_methods_supported": \["S256"\]/);
});

test('pkce-s256: a non-array value counts as absent', () => {
  const r = judgeRule(rule, evidence({ auth: withDoc({ ...base, code_challenge_methods_supported: 'S256' }) }));
  assert.equal(r.outcome, 'absent');
  assert.match(r.detail, /not an array/);
});

test('pkce-s256: plain only fails', () => {
  const r = judgeRule(rule, evidence({ auth: withDoc({ ...base, code_challenge_methods_supported: ['plain'] }) }));
  assert.equal(r.outcome, 'noS256');
  assert.equal(r.status, 'fail');
});

test('pkce-s256: method names are case-sensitive', () => {
  const r = judgeRule(rule, evidence({ auth: withDoc({ ...base, code_challenge_methods_supported: ['s256'] }) }));
  assert.equal(r.outcome, 'noS256');
  assert.match(r.detail, /case-sensitive/);
});

test('pkce-s256: no auth required is not applicable', () => {
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: false } }));
  assert.equal(r.outcome, 'notRequired');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('pkce-s256: no AS metadata is unobserved na', () => {
  const r = judgeRule(rule, evidence({ auth: { attempted: true, required: true } }));
  assert.equal(r.outcome, 'noMetadata');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence()).outcome, 'noMetadata');
  assert.equal(judgeRule(rule, evidence({ auth: withDoc(['S256']) })).outcome, 'noMetadata');
});

test('pkce-s256: judged on 2026-07-28, era-not-applicable on legacy-only servers', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, auth: withDoc({ ...base, code_challenge_methods_supported: ['S256'] }) })).outcome, 's256');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, auth: withDoc(base) })).outcome, 'era-not-applicable');
});
