import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/legacy-endpoint-event.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

type L = NonNullable<Probes['legacy']>;
const SSE = 'https://mcp.example.com/sse';
const good: L = {
  attempted: true,
  tried: [
    { exchangeId: 'g1', url: 'https://mcp.example.com/mcp', status: 404 },
    { exchangeId: 'g2', url: SSE, status: 200, contentType: 'text/event-stream', firstEvent: 'endpoint' },
  ],
  sseUrl: SSE, endpointData: '/messages?sessionId=abc', endpointUrl: 'https://mcp.example.com/messages?sessionId=abc', sameOrigin: true,
  initialize: { exchangeId: 'p', status: 202, negotiatedVersion: '2024-11-05', viaStream: true },
  ok: true,
};
const ev = (over: Partial<L>) => evidence({ era: legacyEra, legacy: { ...good, ...over } });

test('legacy-endpoint-event: endpoint first, same origin, initialize accepted → pass', () => {
  const r = judgeRule(rule, ev({}));
  assert.equal(r.outcome, 'endpointOk');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /announced endpoint "\/messages\?sessionId=abc" → https:\/\/mcp\.example\.com\/messages/);
  assert.match(r.detail, /POST initialize → 202 \(negotiated 2024-11-05\)/);
  assert.ok(r.exchanges.includes('g2') && r.exchanges.includes('p'));
});

test('legacy-endpoint-event: resolves relative data itself when endpointUrl is missing', () => {
  const r = judgeRule(rule, ev({ endpointUrl: undefined, sameOrigin: undefined }));
  assert.equal(r.outcome, 'endpointOk');
});

test('legacy-endpoint-event: cross-origin endpoint → warn', () => {
  const r = judgeRule(rule, ev({ endpointData: 'https://other.example.net/messages', endpointUrl: undefined, sameOrigin: undefined }));
  assert.equal(r.outcome, 'crossOrigin');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /another origin/);
});

test('legacy-endpoint-event: endpoint not the first event → warn', () => {
  const tried = [{ ...good.tried[1], firstEvent: 'message' }];
  const r = judgeRule(rule, ev({ tried }));
  assert.equal(r.outcome, 'endpointNotFirst');
  assert.match(r.detail, /First event was "message"/);
});

test('legacy-endpoint-event: initialize refused at the endpoint → fail', () => {
  const r = judgeRule(rule, ev({ ok: false, initialize: { exchangeId: 'p', status: 404 } }));
  assert.equal(r.outcome, 'initRejected');
  assert.equal(r.status, 'fail');
});

test('legacy-endpoint-event: unusable endpoint data → fail', () => {
  const r = judgeRule(rule, ev({ endpointData: 'javascript:alert(1)', endpointUrl: undefined, sameOrigin: undefined }));
  assert.equal(r.outcome, 'badEndpoint');
  assert.equal(r.score, 0.2);
});

test('legacy-endpoint-event: stream without an endpoint event → fail', () => {
  const r = judgeRule(rule, ev({ endpointData: undefined, endpointUrl: undefined, sseUrl: undefined, ok: false, initialize: undefined,
    tried: [{ exchangeId: 'g2', url: SSE, status: 200, contentType: 'text/event-stream', firstEvent: 'message' }] }));
  assert.equal(r.outcome, 'noEndpointEvent');
  assert.equal(r.score, 0);
  assert.match(r.detail, /first event "message"/);
});

test('legacy-endpoint-event: not probed, or nothing answered → unobserved', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'unobserved');
  const r = judgeRule(rule, ev({ endpointData: undefined, tried: [{ exchangeId: 'g1', url: SSE, error: 'connect ECONNREFUSED' }] }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('legacy-endpoint-event: session-era server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'era-not-applicable');
});
