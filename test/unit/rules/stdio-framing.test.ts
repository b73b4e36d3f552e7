import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stdio-framing.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

test('stdio-framing: one message per line, UTF-8 → pass (CRLF tolerated, noted)', () => {
  const r = judgeRule(rule, stdioEvidence({ stdout: { crlfLines: 5 } }));
  assert.equal(r.outcome, 'framed');
  assert.match(r.detail, /5 ending in CRLF \(tolerated\)/);
});

test('stdio-framing: a message split over lines → fail, with the lines named', () => {
  const r = judgeRule(rule, stdioEvidence({ stdout: { lines: 14, jsonRpcLines: 0, splitMessages: [{ fromSeq: 1, toSeq: 14, text: '{\n  "jsonrpc": "2.0",' }] } }));
  assert.equal(r.outcome, 'splitMessages');
  assert.equal(r.score, 0);
  assert.match(r.detail, /first over lines 1–14: "\{\\n {2}\\"jsonrpc\\": \\"2.0\\","/);
});

test('stdio-framing: invalid UTF-8, an overlong line, an unterminated last line', () => {
  const bad = judgeRule(rule, stdioEvidence({
    stdout: { invalidUtf8Lines: [2] },
    lines: [{ dir: 'out', seq: 2, t: 5, text: '{"name":"caf\uFFFD"}', bytes: 16, kind: 'jsonrpc', invalidUtf8: true }],
  }));
  assert.equal(bad.outcome, 'invalidUtf8');
  assert.match(bad.detail, /invalid UTF-8 on line\(s\) 2 \(decoded with replacement/);
  assert.equal(judgeRule(rule, stdioEvidence({ stdout: { overlongLines: [3] } })).outcome, 'overlongLine');
  assert.equal(judgeRule(rule, stdioEvidence({ stdout: { unterminated: true } })).outcome, 'unterminated');
});
