import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/multiple-clients.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

type Sample = NonNullable<NonNullable<Probes['initialize']>['samples']>[number];
const init = (samples: Sample[] | undefined, ok = true): Probes['initialize'] =>
  ({ attempted: true, attempts: [], ok, exchangeId: 'i1', sessionIdSamples: [], ...(samples ? { samples } : {}) });

test('multiple-clients: further initializes served → pass', () => {
  const r = judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', status: 200, ok: true }, { exchangeId: 's3', status: 200, ok: true }]) }));
  assert.equal(r.outcome, 'served');
  assert.equal(r.status, 'pass');
  assert.deepEqual(r.exchanges, ['i1', 's2', 's3']);
});

test('multiple-clients: every initialize after the first refused → fail, quoting the server (one transport per process)', () => {
  const refused = { status: 400, ok: false, errorCode: -32600, errorMessage: 'Invalid Request: Server already initialized' };
  const r = judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', ...refused }, { exchangeId: 's3', ...refused }]) }));
  assert.equal(r.outcome, 'singleClient');
  assert.equal(r.status, 'fail');
  assert.equal(r.basis, 'practice');
  assert.match(r.detail, /400 "Invalid Request: Server already initialized"/);
  assert.match(r.fix ?? '', /one transport .* per session/);
  // a 2xx that carries no InitializeResult is no session either
  assert.equal(judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', status: 200, ok: false }]) })).outcome, 'singleClient');
});

test('multiple-clients: a rate limit (429/503) warns; one served sample is enough to pass', () => {
  assert.equal(judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', status: 429, ok: false }, { exchangeId: 's3', status: 429, ok: false }]) })).status, 'warn');
  assert.equal(judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', status: 429, ok: false }, { exchangeId: 's3', status: 200, ok: true }]) })).outcome, 'served');
});

test('multiple-clients: no first session, no samples or no answers → unobserved; a stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ initialize: init(undefined, false) })).outcome, 'unobserved');
  assert.equal(judgeRule(rule, evidence({ initialize: init(undefined) })).outcome, 'unobserved');
  const silent = judgeRule(rule, evidence({ initialize: init([{ exchangeId: 's2', ok: false, error: 'headers-timeout' }]) }));
  assert.equal(silent.outcome, 'unobserved');
  assert.equal(silent.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});
