import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/jsonrpc-batch.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, exchange } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

const era03: Probes['era'] = {
  reachable: true, revisions: ['2025-03-26'], era: 'session', transport: 'streamable-http',
  protocolVersion: '2025-03-26', sessionRevision: '2025-03-26', authBlocked: false,
};
type B = NonNullable<Probes['batch']>;
const batch = (over: Partial<B>): B => ({ attempted: true, exchangeId: 'b', status: 200, contentType: 'application/json', sentIds: [7, 8], answeredIds: [7, 8], ...over });
const judge = (b: B, status = b.status) => judgeRule(rule, evidence({ era: era03, batch: b }, [exchange({ id: 'b', response: status === undefined ? undefined : { status } })]));

test('jsonrpc-batch: both requests of the batch answered → pass', () => {
  const r = judge(batch({}));
  assert.equal(r.outcome, 'answered');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /POST \[ping 7, ping 8\] → 200 application\/json; 2 of 2 answered/);
  assert.deepEqual(r.exchanges, ['b']);
});

test('jsonrpc-batch: refused (4xx, or an id-less error in a 200) or a 5xx on a 2025-03-26 session → fail (MUST support receiving batches)', () => {
  const refused = judge(batch({ status: 400, answeredIds: [], errorCode: -32600 }));
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.status, 'fail');
  assert.match(refused.fix ?? '', /2025-06-18/);
  assert.equal(judge(batch({ status: 200, answeredIds: [], errorCode: -32600 })).outcome, 'refused');
  const crashed = judge(batch({ status: 500, answeredIds: [] }));
  assert.equal(crashed.outcome, 'serverError');
  assert.equal(crashed.status, 'fail');
});

test('jsonrpc-batch: accepted but not every request answered → warn (SHOULD answer each); none → fail', () => {
  assert.equal(judge(batch({ answeredIds: [7] })).status, 'warn');
  assert.equal(judge(batch({ answeredIds: [] })).outcome, 'noResponses');
});

test('jsonrpc-batch: applies to 2025-03-26 only; not sent or no answer → unobserved', () => {
  assert.equal(judgeRule(rule, evidence({ batch: batch({}) })).outcome, 'era-not-applicable');
  const skipped = judgeRule(rule, evidence({ era: era03, batch: { attempted: false, skippedReason: 'no session', sentIds: [], answeredIds: [] } }));
  assert.equal(skipped.outcome, 'unobserved');
  assert.equal(skipped.data?.unobserved, true);
  assert.equal(judge(batch({ status: undefined }), undefined).outcome, 'unobserved');
});
