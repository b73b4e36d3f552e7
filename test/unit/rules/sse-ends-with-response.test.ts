import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/sse-ends-with-response.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, legacyEra, statelessEra } from '../../fixtures/evidence.ts';
import { post } from './_support.ts';

const ssePost = (id: string, endedAfterResponse?: boolean, probe = 'tools-list') =>
  post(id, { probe, contentType: 'text/event-stream', rpc: { framing: 'sse', ...(endedAfterResponse === undefined ? {} : { endedAfterResponse }) } });

test('sse-ends-with-response: streams close after the response → pass', () => {
  const r = judgeRule(rule, evidence({}, [ssePost('a', true), ssePost('b', true, 'initialize')]));
  assert.equal(r.outcome, 'ends');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /2 SSE response stream/);
});

test('sse-ends-with-response: a stream left open → warn listing it', () => {
  const r = judgeRule(rule, evidence({}, [ssePost('a', true), ssePost('b', false)]));
  assert.equal(r.outcome, 'staysOpen');
  assert.equal(r.status, 'warn');
  assert.deepEqual(r.exchanges, ['b']);
  assert.match(r.detail, /1 of 2/);
});

test('sse-ends-with-response: JSON-only server → na (not unobserved)', () => {
  const r = judgeRule(rule, evidence({}, [post('a')]));
  assert.equal(r.outcome, 'noSsePosts');
  assert.equal(r.data?.unobserved, undefined);
});

test('sse-ends-with-response: reading stopped before the end → unobserved', () => {
  const r = judgeRule(rule, evidence({}, [ssePost('a')]));
  assert.equal(r.outcome, 'unknown');
  assert.equal(r.data?.unobserved, true);
});

test('sse-ends-with-response: applies to stateless streams; not to legacy-only servers', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra }, [ssePost('d', false, 'discover')])).outcome, 'staysOpen');
  assert.equal(judgeRule(rule, evidence({ era: legacyEra })).outcome, 'era-not-applicable');
});
