import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/websocket-close-codes.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { wsArtifact, wsEvidence } from '../../websocket/fixtures.ts';

const binary = (over: Partial<NonNullable<ReturnType<typeof wsArtifact>['binary']>>) => ({ ...wsArtifact().binary!, ...over });

test('websocket-close-codes: binary → 1003 and close → 1000 → pass', () => {
  const r = judgeRule(rule, wsEvidence(wsArtifact()));
  assert.equal(r.outcome, 'correct');
  assert.equal(r.detail, 'binary frame → close 1003 "binary frames are not supported"; close 1000 → 1000.');
  assert.deepEqual(r.exchanges, ['ws1', 'ws2']);
});

test('websocket-close-codes: binary ignored, other code, close not answered', () => {
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ binary: binary({ closeCode: undefined, reason: undefined, timedOut: true }) }))).outcome, 'binaryIgnored');
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ binary: binary({ closeCode: undefined, reason: undefined, answeredText: true }) }))).outcome, 'binaryIgnored');
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ binary: binary({ closeCode: 1002 }) }))).outcome, 'binaryOtherCode');
  const dropped = judgeRule(rule, wsEvidence(wsArtifact({ cleanClose: { sent: true, code: 1006, timedOut: false } })));
  assert.equal(dropped.outcome, 'closeNotAnswered');
  assert.match(dropped.detail, /close 1000 → 1006 \(connection dropped\)/);
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ cleanClose: { sent: true, timedOut: true } }))).outcome, 'closeNotAnswered');
});

test('websocket-close-codes: not upgraded → na', () => {
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ session: undefined, binary: undefined, cleanClose: undefined }))).outcome, 'notUpgraded');
});
