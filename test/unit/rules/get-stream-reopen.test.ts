import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/get-stream-reopen.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Probes } from '../../../src/contract/evidence.ts';
import { evidence, exchange, statelessEra } from '../../fixtures/evidence.ts';

type Reopen = NonNullable<NonNullable<Probes['session']>['reopen']>;
const SSE = 'text/event-stream';
const session = (reopen: Reopen | undefined): Probes['session'] => ({ applicable: true, ...(reopen ? { reopen } : {}) });
const verdict = (reopen: Reopen | undefined, transcript = [exchange({ id: 'g1', response: { status: 200, headers: { 'content-type': SSE } } })]) => {
  const r = judgeRule(rule, evidence({ session: session(reopen) }, transcript));
  return { ...r, v: `${r.status}/${r.outcome}` };
};
const first = { exchangeId: 'g1', status: 200 };

test('get-stream-reopen: a second GET after the first closed gets a stream → pass', () => {
  const r = verdict({ first, second: { exchangeId: 'g2', status: 200, contentType: SSE } });
  assert.equal(r.v, 'pass/reopened');
  assert.deepEqual(r.exchanges, ['g1', 'g2']);
  assert.match(r.detail, /first GET → 200 text\/event-stream, closed after its headers; reopened → 200 text\/event-stream/);
  assert.equal(verdict({ first, conflict: { exchangeId: 'g2', status: 409 }, second: { exchangeId: 'g3', status: 200, contentType: SSE } }).v, 'pass/reopenedAfterConflict');
});

test('get-stream-reopen: every GET after the first refused (C# SDK 1.1) → fail, quoting the server', () => {
  const refusal = exchange({ id: 'g2', response: { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":-32000,"message":"Bad Request: This server does not support multiple GET requests."}}' } });
  const r = verdict({ first, second: { exchangeId: 'g2', status: 400 } }, [exchange({ id: 'g1', response: { status: 200, headers: { 'content-type': SSE } } }), refusal]);
  assert.equal(r.v, 'fail/refused');
  assert.match(r.detail, /does not support multiple GET requests/);
});

test('get-stream-reopen: 409 a second later warns; 5xx and a non-stream 2xx fail', () => {
  assert.equal(verdict({ first, conflict: { exchangeId: 'g2', status: 409 }, second: { exchangeId: 'g3', status: 409 } }).v, 'warn/stillConflicting');
  assert.equal(verdict({ first, second: { exchangeId: 'g2', status: 500 } }).v, 'fail/serverError');
  assert.equal(verdict({ first, second: { exchangeId: 'g2', status: 200, contentType: 'application/json' } }).v, 'fail/notStream');
});

test('get-stream-reopen: no stream at first, no session, not probed, stateless → na', () => {
  assert.equal(verdict({ first: { exchangeId: 'g1', status: 405 } }).v, 'na/noGetStream');
  assert.equal(verdict(undefined).v, 'na/unobserved');
  assert.equal(verdict({ first, second: { exchangeId: 'g2', error: 'timeout' } }).v, 'na/unobserved');
  assert.equal(judgeRule(rule, evidence({ session: { applicable: false } })).outcome, 'noSession');
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, session: session(undefined) })).status, 'na');
});
