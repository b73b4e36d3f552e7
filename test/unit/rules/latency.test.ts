import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/latency.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';

const ev = (ms: number[]) => evidence({ latency: { samples: ms.map((m, i) => ({ label: i ? `ping ${i}` : 'initialize', ms: m, exchangeId: `l${i}` })) } });

test('latency: median ≤ 500 ms → pass', () => {
  const r = judgeRule(rule, ev([120, 80, 2000]));
  assert.equal(r.outcome, 'fast');
  assert.equal(r.status, 'pass');
  assert.equal(r.data?.medianMs, 120);
  assert.match(r.detail, /median 120 ms over 3 sample\(s\) \(min 80 ms, max 2000 ms\)/);
  assert.deepEqual(r.exchanges, ['l0', 'l1', 'l2']);
});

test('latency: median ≤ 1500 ms → warn 0.6', () => {
  const r = judgeRule(rule, ev([600, 900, 1000, 1400]));
  assert.equal(r.outcome, 'slow');
  assert.equal(r.score, 0.6);
  assert.equal(r.data?.medianMs, 950);
});

test('latency: median > 1500 ms → fail 0.2', () => {
  const r = judgeRule(rule, ev([1600, 3000]));
  assert.equal(r.outcome, 'verySlow');
  assert.equal(r.score, 0.2);
});

test('latency: no samples → unobserved; applies to any era', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'noSamples');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ era: legacyEra, latency: { samples: [{ label: 'x', ms: 10 }] } })).outcome, 'fast');
});
