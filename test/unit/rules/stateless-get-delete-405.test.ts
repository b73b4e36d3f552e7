import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stateless-get-delete-405.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

const ev = (get?: number, del?: number, era: Probes['era'] = statelessEra) => evidence({
  era,
  discover: {
    attempted: true, answered: true, exchangeId: 'd',
    get: { exchangeId: 'g', ...(get === undefined ? {} : { status: get }) },
    delete: { exchangeId: 'x', ...(del === undefined ? {} : { status: del }) },
  },
});

test('stateless-get-delete-405: both 405 → pass', () => {
  const r = judgeRule(rule, ev(405, 405));
  assert.equal(r.outcome, 'both405');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /GET → 405; DELETE → 405/);
  assert.deepEqual(r.exchanges, ['g', 'x']);
});

test('stateless-get-delete-405: one of them 405 → warn; a GET that is neither a stream nor 405 is get-stream-or-405\'s finding', () => {
  const r = judgeRule(rule, ev(200, 405));
  assert.equal(r.outcome, 'one405');
  assert.equal(r.status, 'warn');
  assert.equal(judgeRule(rule, ev(404, 405)).outcome, 'both405', 'GET 404 is judged once, by get-stream-or-405');
});

test('stateless-get-delete-405: neither → warn (a SHOULD)', () => {
  const r = judgeRule(rule, ev(200, 404));
  assert.equal(r.outcome, 'neither405');
  assert.equal(r.status, 'warn');
  assert.match(r.fix ?? '', /405/);
});

test('stateless-get-delete-405: only one observed, and it is 405 → pass with a note', () => {
  const r = judgeRule(rule, ev(405, undefined));
  assert.equal(r.outcome, 'both405');
  assert.match(r.detail, /only one was observed/);
});

test('stateless-get-delete-405: dual-era server → na, GET/DELETE belong to its session era', () => {
  const r = judgeRule(rule, ev(200, 200, { ...statelessEra, revisions: ['2026-07-28', '2025-11-25'] }));
  assert.equal(r.outcome, 'sessionEraToo');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('stateless-get-delete-405: not probed → unobserved', () => {
  const r = judgeRule(rule, ev(undefined, undefined));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'unobserved');
});

test('stateless-get-delete-405: session-only server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'era-not-applicable');
});
