import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/init-version-negotiation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

const withBogus = (bogusVersion: Record<string, unknown> | undefined) => evidence({
  initialize: { attempted: true, attempts: [], ok: true, sessionIdSamples: [], ...(bogusVersion ? { bogusVersion: { exchangeId: 'b', ...bogusVersion } } : {}) },
});

test('init-version-negotiation: answered with a supported version → pass', () => {
  const r = judgeRule(rule, withBogus({ status: 200, negotiatedVersion: '2025-11-25' }));
  assert.equal(r.outcome, 'negotiated');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /1999-01-01 → 200, protocolVersion "2025-11-25"/);
  assert.deepEqual(r.exchanges, ['b']);
});

test('init-version-negotiation: JSON-RPC error or 400 → fail', () => {
  const r = judgeRule(rule, withBogus({ status: 200, errorCode: -32602 }));
  assert.equal(r.outcome, 'refused');
  assert.equal(r.status, 'fail');
  assert.equal(judgeRule(rule, withBogus({ status: 400 })).outcome, 'refused');
  assert.equal(judgeRule(rule, withBogus({ status: 500 })).outcome, 'refused');
});

test('init-version-negotiation: echoing the bogus version → fail', () => {
  const r = judgeRule(rule, withBogus({ status: 200, negotiatedVersion: '1999-01-01' }));
  assert.equal(r.outcome, 'echoed');
  assert.equal(r.score, 0.2);
});

test('init-version-negotiation: an unknown version → warn', () => {
  const r = judgeRule(rule, withBogus({ status: 200, negotiatedVersion: '2030-01-01' }));
  assert.equal(r.outcome, 'unknownVersion');
  assert.equal(r.status, 'warn');
});

test('init-version-negotiation: 2xx without protocolVersion → malformed', () => {
  assert.equal(judgeRule(rule, withBogus({ status: 200 })).outcome, 'malformed');
});

test('init-version-negotiation: not sent or no response → unobserved', () => {
  assert.equal(judgeRule(rule, withBogus(undefined)).outcome, 'unobserved');
  const r = judgeRule(rule, withBogus({ error: 'reset' }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /reset/);
});

test('init-version-negotiation: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});
