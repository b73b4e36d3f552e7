import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/accept-negotiation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';

const withJsonOnly = (jsonOnlyAccept: Record<string, unknown> | undefined) => evidence({
  initialize: { attempted: true, attempts: [], ok: true, sessionIdSamples: [], ...(jsonOnlyAccept ? { jsonOnlyAccept: { exchangeId: 'j', ...jsonOnlyAccept } } : {}) },
});

test('accept-negotiation: JSON answer → pass', () => {
  const r = judgeRule(rule, withJsonOnly({ status: 200, contentType: 'application/json; charset=utf-8' }));
  assert.equal(r.outcome, 'json');
  assert.equal(r.status, 'pass');
  assert.equal(r.level, 'INFO');
});

test('accept-negotiation: 406 → pass, but the summary says strict', () => {
  const r = judgeRule(rule, withJsonOnly({ status: 406 }));
  assert.equal(r.outcome, 'strict406');
  assert.equal(r.status, 'pass');
  assert.equal(r.score, 1);
  assert.match(r.summary, /strict/);
});

test('accept-negotiation: SSE to a JSON-only client → warn', () => {
  const r = judgeRule(rule, withJsonOnly({ status: 200, contentType: 'text/event-stream' }));
  assert.equal(r.outcome, 'sseAnyway');
  assert.equal(r.status, 'warn');
  assert.match(r.fix ?? '', /enableJsonResponse/);
});

test('accept-negotiation: other statuses → warn', () => {
  const r = judgeRule(rule, withJsonOnly({ status: 400 }));
  assert.equal(r.outcome, 'other');
  assert.match(r.detail, /→ 400/);
});

test('accept-negotiation: not sent → unobserved', () => {
  const r = judgeRule(rule, withJsonOnly(undefined));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('accept-negotiation: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('accept-negotiation: refused just as further clients\' plain initializes were → inconclusive (nestjs-mcp: one server per process, 500 to every later initialize)', () => {
  const initialize: NonNullable<Parameters<typeof evidence>[0]>['initialize'] = {
    attempted: true, attempts: [], ok: true, sessionIdSamples: [],
    jsonOnlyAccept: { exchangeId: 'j', status: 500 },
    samples: [{ exchangeId: 's2', status: 500, ok: false, errorMessage: 'Already connected to a transport' }, { exchangeId: 's3', status: 500, ok: false }],
  };
  const r = judgeRule(rule, evidence({ initialize }));
  assert.equal(r.outcome, 'inconclusive');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ initialize: { ...initialize, samples: [{ exchangeId: 's2', status: 200, ok: true }] } })).outcome, 'other');
});
