import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stdio-stderr-logging.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

test('stdio-stderr-logging: logs on stderr → pass with count and first lines (INFO)', () => {
  const r = judgeRule(rule, stdioEvidence());
  assert.equal(r.outcome, 'logsOnStderr');
  assert.equal(r.level, 'INFO');
  assert.match(r.detail, /stderr: 2 line\(s\), 40 byte\(s\); first: "\[server\] starting", "\[server\] ready"/);
});

test('stdio-stderr-logging: silent → pass; text on stdout → warn; flood → warn', () => {
  assert.equal(judgeRule(rule, stdioEvidence({ stderr: { bytes: 0, lines: 0, excerpt: '' } })).outcome, 'quiet');
  const onStdout = judgeRule(rule, stdioEvidence({ stderr: { bytes: 0, lines: 0, excerpt: '' }, stdout: { noiseCount: 1, noise: [{ seq: 1, kind: 'text', text: 'INFO ready' }] } }));
  assert.equal(onStdout.outcome, 'logsOnStdout');
  assert.equal(onStdout.status, 'warn');
  assert.equal(judgeRule(rule, stdioEvidence({ stderr: { bytes: 5 * 1024 * 1024, lines: 90_000, excerpt: 'debug…\n', truncated: true } })).outcome, 'flood');
});
