import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stdio-stdout-clean.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence } from '../../fixtures/evidence.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

test('stdio-stdout-clean: only JSON-RPC lines → pass', () => {
  const r = judgeRule(rule, stdioEvidence());
  assert.equal(r.outcome, 'clean');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /5 stdout line\(s\): 5 JSON-RPC, 0 other/);
});

test('stdio-stdout-clean: a banner and a progress bar → fail, lines quoted and escaped', () => {
  const r = judgeRule(rule, stdioEvidence({
    stdout: {
      lines: 7, jsonRpcLines: 5, noiseCount: 2,
      noise: [{ seq: 1, kind: 'text', text: 'Server v1 starting <b>' }, { seq: 2, kind: 'text', text: '50%\r100%\u001b[0m' }],
    },
  }));
  assert.equal(r.outcome, 'noise');
  assert.equal(r.status, 'fail');
  assert.equal(r.score, 0);
  assert.ok(r.detail.includes('line 1: "Server v1 starting <b>"'), r.detail);
  assert.ok(r.detail.includes('line 2: "50%\\r100%\\u001b[0m"'), r.detail); // control characters shown escaped
});

test('stdio-stdout-clean: JSON that is not JSON-RPC counts as noise; blank lines only → warn', () => {
  const json = judgeRule(rule, stdioEvidence({ stdout: { noiseCount: 1, noise: [{ seq: 3, kind: 'json', text: '{"level":"info"}' }] } }));
  assert.equal(json.outcome, 'noise');
  assert.match(json.detail, /JSON, not JSON-RPC/);
  const blank = judgeRule(rule, stdioEvidence({ stdout: { noiseCount: 2, blankCount: 2, noise: [{ seq: 2, kind: 'blank', text: '' }, { seq: 4, kind: 'blank', text: '' }] } }));
  assert.equal(blank.outcome, 'blankLines');
  assert.equal(blank.status, 'warn');
});

test('stdio-stdout-clean: nothing on stdout → unobserved; not started → na; HTTP scans → transport na', () => {
  assert.equal(judgeRule(rule, stdioEvidence({ stdout: { lines: 0, jsonRpcLines: 0, bytes: 0 } })).data?.unobserved, true);
  assert.equal(judgeRule(rule, stdioEvidence({ spawned: false, spawnError: 'ENOENT', handshake: { ok: false, attempts: [] } })).outcome, 'notStarted');
  assert.equal(judgeRule(rule, evidence()).outcome, 'transport-not-applicable');
});
