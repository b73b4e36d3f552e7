import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/stdio-clean-exit.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

test('stdio-clean-exit: exits with 0 when stdin closes → pass', () => {
  const r = judgeRule(rule, stdioEvidence());
  assert.equal(r.outcome, 'exitedOnClose');
  assert.equal(r.detail, 'Exited 12 ms after stdin was closed (code 0).');
});

test('stdio-clean-exit: non-zero code, SIGTERM needed, SIGKILL needed', () => {
  assert.equal(judgeRule(rule, stdioEvidence({ exit: { code: 1 } })).outcome, 'nonZeroExit');
  const term = judgeRule(rule, stdioEvidence({ exit: { how: 'sigterm', code: null, signal: 'SIGTERM', afterCloseMs: 3010 } }));
  assert.equal(term.outcome, 'neededSigterm');
  assert.equal(term.status, 'warn');
  const kill = judgeRule(rule, stdioEvidence({ exit: { how: 'sigkill', code: null, signal: 'SIGKILL', groupKilled: true } }));
  assert.equal(kill.outcome, 'neededSigkill');
  assert.equal(kill.status, 'fail');
  assert.match(kill.detail, /SIGKILL sent to the process group \(signal SIGKILL\)/);
});

test('stdio-clean-exit: exited on its own → fail; deadline → unobserved; never started → na', () => {
  const early = judgeRule(rule, stdioEvidence({ exit: { how: 'before-close', code: 3, exitedAt: 160 }, stderr: { excerpt: 'boom\n' } }));
  assert.equal(early.outcome, 'exitedEarly');
  assert.match(early.detail, /exited \(code 3\) at 160 ms, before stdin was closed; stderr: "boom"/);
  assert.equal(judgeRule(rule, stdioEvidence({ exit: { how: 'deadline', code: null, signal: 'SIGKILL' } })).data?.unobserved, true);
  assert.equal(judgeRule(rule, stdioEvidence({ spawned: false, exit: { how: 'not-started', code: null } })).outcome, 'notStarted');
});
