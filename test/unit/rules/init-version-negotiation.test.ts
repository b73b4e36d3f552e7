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

test('init-version-negotiation: refused just as further clients\' initializes with the negotiated version were → inconclusive (one client per process, see multiple-clients)', () => {
  const initialize: NonNullable<Parameters<typeof evidence>[0]>['initialize'] = {
    attempted: true, attempts: [], ok: true, sessionIdSamples: [],
    bogusVersion: { exchangeId: 'b1', status: 400, errorCode: -32600 },
    samples: [{ exchangeId: 's2', status: 400, ok: false, errorMessage: 'Server already initialized' }, { exchangeId: 's3', status: 400, ok: false }],
  };
  const r = judgeRule(rule, evidence({ initialize }));
  assert.equal(r.outcome, 'inconclusive');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /see multiple-clients/);
  // the samples served: the refusal is the version's
  const served = { ...initialize, samples: [{ exchangeId: 's2', status: 200, ok: true }] };
  assert.equal(judgeRule(rule, evidence({ initialize: served })).outcome, 'refused');
});
