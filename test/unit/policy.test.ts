// The verdict policy is enforced where rules are defined, and revision gating and `requires`
// are applied by the engine, once for every rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule, gateOutcome, type Outcome } from '../../src/contract/rule.ts';
import { judgeRule } from '../../src/engine/judge.ts';
import { ALL_RULES } from '../../rules/index.ts';
import { evidence } from '../fixtures/evidence.ts';

const base = { id: 'x', dimension: 'D8' as const, eras: 'any' as const, title: 't', failureTitle: 'f', description: 'd', specRefs: [] };

test('policy: defineRule refuses a pass with a shortfall, a fail of a SHOULD without what it breaks, a gate without its otherwise', () => {
  assert.throws(() => defineRule({ ...base, level: 'MUST', outcomes: { p: { status: 'pass', score: 0.9, summary: 's', fix: 'f' } }, judge: () => ({ outcome: 'p', detail: '' }) }), /pass with a shortfall/);
  assert.throws(() => defineRule({ ...base, level: 'SHOULD', outcomes: { f: { status: 'fail', score: 0, summary: 's', fix: 'f' } }, judge: () => ({ outcome: 'f', detail: '' }) }), /without saying what it breaks/);
  assert.throws(() => defineRule({ ...base, level: 'MUST', outcomes: { f: { status: 'fail', score: 0, summary: 's', fix: 'f', since: '2025-11-25' } }, judge: () => ({ outcome: 'f', detail: '' }) }), /ungated `otherwise`/);
  assert.doesNotThrow(() => defineRule({ ...base, level: 'SHOULD', outcomes: { f: { status: 'fail', score: 0, summary: 's', fix: 'f', breaks: 'clients' } }, judge: () => ({ outcome: 'f', detail: '' }) }));
});

test('policy: every shipped rule follows it (defined without throwing), and every practice rule says so', () => {
  for (const r of ALL_RULES) {
    for (const [name, o] of Object.entries(r.outcomes) as [string, Outcome][]) {
      if (o.status === 'pass') assert.equal(o.score, 1, `${r.id}.${name}`);
      if (o.status === 'fail' && r.level !== 'MUST') assert.ok(o.breaks, `${r.id}.${name} names what it breaks`);
    }
  }
  for (const id of ['cors-preflight', 'cors-expose-headers', 'sse-keepalive', 'proxy-buffering', 'latency', 'legacy-session-id']) {
    assert.equal(ALL_RULES.find((r) => r.id === id)?.basis, 'practice', id);
  }
});

test('policy: a gated outcome holds when any judged revision lies in its range, else its otherwise', () => {
  const outcomes: Record<string, Outcome> = {
    harsh: { status: 'fail', score: 0, summary: 's', fix: 'f', since: '2025-11-25', otherwise: 'mild' },
    mild: { status: 'warn', score: 0.5, summary: 's', fix: 'f' },
  };
  assert.equal(gateOutcome(outcomes, 'harsh', ['2025-11-25']), 'harsh');
  assert.equal(gateOutcome(outcomes, 'harsh', ['2025-06-18', '2025-11-25']), 'harsh');
  assert.equal(gateOutcome(outcomes, 'harsh', ['2025-06-18']), 'mild');
  assert.equal(gateOutcome(outcomes, 'mild', ['2025-06-18']), 'mild');
});

test('policy: `requires` makes a rule not observed, with the reason, when its probe did not run', () => {
  const rule = defineRule({ ...base, level: 'MUST', requires: ['legacy'], outcomes: { p: { status: 'pass', score: 1, summary: 's' } }, judge: () => ({ outcome: 'p', detail: '' }) });
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'not-observed');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /No legacy evidence/);
});

test('policy: results say the revisions they were judged against, and session-era spec links point at that revision', () => {
  const ev = evidence();
  ev.probes.era = { ...ev.probes.era, revisions: ['2025-06-18'], sessionRevision: '2025-06-18', protocolVersion: '2025-06-18' };
  const r = judgeRule(ALL_RULES.find((x) => x.id === 'last-event-id-resume')!, ev);
  assert.deepEqual(r.judgedAgainst, ['2025-06-18']);
  assert.ok(r.specRefs.every((s) => !s.url.includes('/2025-11-25/basic/transports')), JSON.stringify(r.specRefs));
  assert.ok(r.specRefs.some((s) => s.url.includes('/2025-06-18/basic/transports#resumability-and-redelivery')));
});
