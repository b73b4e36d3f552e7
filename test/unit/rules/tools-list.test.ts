import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/tools-list.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { post } from './_support.ts';

type TL = NonNullable<Probes['toolsList']>;
const tl = (over: Partial<TL>): TL => ({ attempted: true, exchangeId: 't', ok: false, ...over });
const init = (capabilities: Record<string, unknown>): Probes['initialize'] =>
  ({ attempted: true, attempts: [], ok: true, exchangeId: 'i', capabilities, sessionIdSamples: [] });

test('tools-list: a tools array passes with count and latency', () => {
  const r = judgeRule(rule, evidence({ toolsList: tl({ ok: true, status: 200, toolCount: 3, toolNames: ['a', 'b', 'c'], latencyMs: 42 }) }));
  assert.equal(r.outcome, 'listed');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /3 tool\(s\) \(a, b, c\) in 42 ms/);
  assert.equal(r.data?.toolCount, 3);
});

test('tools-list: count read from the recorded result when the artifact lacks it; stateless too', () => {
  const x = post('t', { rpc: { result: { tools: [{ name: 'x' }] } } });
  const r = judgeRule(rule, evidence({ era: statelessEra, toolsList: tl({ ok: true, status: 200 }) }, [x]));
  assert.equal(r.outcome, 'listed');
  assert.match(r.detail, /^1 tool/);
});

test('tools-list: ok but no tools array → malformed', () => {
  const x = post('t', { rpc: { result: { items: [] } } });
  const r = judgeRule(rule, evidence({ toolsList: tl({ ok: true, status: 200 }) }, [x]));
  assert.equal(r.outcome, 'malformed');
  assert.equal(r.status, 'fail');
});

test('tools-list: JSON-RPC error → fail', () => {
  const r = judgeRule(rule, evidence({ toolsList: tl({ status: 200, errorCode: -32601, errorMessage: 'Method not found' }) }));
  assert.equal(r.outcome, 'rpcError');
  assert.match(r.detail, /-32601: Method not found/);
});

test('tools-list: HTTP error → fail', () => {
  const r = judgeRule(rule, evidence({ toolsList: tl({ status: 500 }) }));
  assert.equal(r.outcome, 'httpError');
  assert.equal(r.status, 'fail');
});

test('tools-list: no tools capability → na (not unobserved)', () => {
  const r = judgeRule(rule, evidence({ initialize: init({ resources: {} }), toolsList: tl({ status: 200, errorCode: -32601 }) }));
  assert.equal(r.outcome, 'noToolsCapability');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('tools-list: auth-blocked and unreachable servers', () => {
  const blocked = judgeRule(rule, evidence({ era: { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true } }));
  assert.equal(blocked.outcome, 'authBlocked');
  assert.equal(blocked.data?.unobserved, true);
  const down = judgeRule(rule, evidence({ era: { reachable: false, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: false, unreachableReason: 'ECONNREFUSED' } }));
  assert.equal(down.outcome, 'unreachable');
  assert.match(down.detail, /ECONNREFUSED/);
});

test('tools-list: not sent, or no response → unobserved', () => {
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ toolsList: tl({}) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

// step-up servers: the handshake is open, tools/list is behind the login (the auth probe met its 401)
const challenged: Probes['auth'] = { attempted: true, required: true, unauthenticated: { exchangeId: 'u', status: 401 } };

test('tools-list: a 401 with a JSON-RPC error, sent without credentials to a server that challenges, is the login, not a broken tools/list', () => {
  const x = post('t', { status: 401, rpc: { error: { code: -32001, message: 'Unauthorized' } } });
  const r = judgeRule(rule, evidence({ auth: challenged, toolsList: tl({ status: 401, errorCode: -32001 }) }, [x]));
  assert.equal(r.outcome, 'authBlocked');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /tools\/list → 401: credentials required \(the handshake itself is open/);
});

test('tools-list: the same 401 to a request that carried a token is judged', () => {
  const x = post('t', { status: 401, headers: { authorization: 'Bearer [redacted]' }, rpc: { error: { code: -32001, message: 'Unauthorized' } } });
  assert.equal(judgeRule(rule, evidence({ auth: challenged, toolsList: tl({ status: 401, errorCode: -32001 }) }, [x])).outcome, 'rpcError');
  // and without a challenge from the auth probe, a 401 is no login the scan knows of
  assert.equal(judgeRule(rule, evidence({ toolsList: tl({ status: 401 }) })).outcome, 'httpError');
});
