import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/websocket-upgrade.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { DEFAULT_SCORING } from '../../../src/engine/scoring.ts';
import { evidence } from '../../fixtures/evidence.ts';
import { httpEvidenceWith, wsArtifact, wsEvidence } from '../../websocket/fixtures.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

const up = (outcome: NonNullable<ReturnType<typeof wsArtifact>['upgrade']>['outcome'], status?: number, error?: string) =>
  wsArtifact({ upgrade: { url: 'wss://mcp.example.com/mcp', outcome, ...(status ? { status } : {}), ...(error ? { error } : {}), ms: 30, exchangeId: 'ws1' }, session: undefined });

test('websocket-upgrade: upgraded with mcp → pass, INFO, weight 0.25', () => {
  const r = judgeRule(rule, httpEvidenceWith(wsArtifact()), DEFAULT_SCORING);
  assert.equal(r.outcome, 'upgraded');
  assert.equal(r.level, 'INFO');
  assert.equal(r.weight, 0.25);
  assert.deepEqual(r.exchanges, ['ws1']);
  assert.match(r.description, /no MCP revision defines a WebSocket transport/);
});

test('websocket-upgrade: declined as plain HTTP → pass, with the body excerpt', () => {
  const r = judgeRule(rule, httpEvidenceWith(up('declined', 400), 400));
  assert.equal(r.outcome, 'declined');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /→ 400 application\/json in 30 ms; body/);
});

test('websocket-upgrade: 5xx and hanging warn (informative: no revision defines WebSocket); missing subprotocol and dropped warn', () => {
  assert.equal(judgeRule(rule, httpEvidenceWith(up('server-error', 502), 502)).status, 'warn');
  assert.equal(judgeRule(rule, httpEvidenceWith(up('timeout', undefined, 'Opening handshake has timed out'))).outcome, 'hung');
  assert.equal(judgeRule(rule, httpEvidenceWith(up('no-subprotocol', 101, 'Server sent no subprotocol'))).outcome, 'noSubprotocol');
  assert.equal(judgeRule(rule, httpEvidenceWith(up('dropped', undefined, 'socket hang up'))).outcome, 'dropped');
});

test('websocket-upgrade: not probed (old evidence) → na, not unobserved; errors → unobserved; stdio → transport na', () => {
  const old = judgeRule(rule, evidence());
  assert.equal(old.outcome, 'notProbed');
  assert.equal(old.data?.unobserved, undefined);
  assert.equal(judgeRule(rule, httpEvidenceWith(up('error', undefined, 'ECONNREFUSED'))).data?.unobserved, true);
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact())).outcome, 'upgraded');
  assert.equal(judgeRule(rule, stdioEvidence()).outcome, 'transport-not-applicable');
});

test('websocket-upgrade: a 5xx on a server whose MCP requests all met 5xx is era\'s one finding → na', () => {
  const down = evidence({
    era: { reachable: true, unreachableReason: 'initialize → 500', revisions: [], era: 'unknown', transport: 'unknown', authBlocked: false },
    discover: { attempted: true, exchangeId: 'd1', status: 500, answered: false },
    initialize: { attempted: true, attempts: [{ requestedVersion: '2025-11-25', exchangeId: 'i1', status: 500 }], ok: false, sessionIdSamples: [] },
    websocket: up('server-error', 500),
  });
  const r = judgeRule(rule, down);
  assert.equal(r.outcome, 'failingEverywhere');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /server\/discover and initialize met 500 too/);
});
