import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/websocket-ping.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { httpEvidenceWith, wsArtifact, wsEvidence } from '../../websocket/fixtures.ts';

test('websocket-ping: pong → pass; none → fail; closed first → unobserved; not upgraded → na', () => {
  const ok = judgeRule(rule, httpEvidenceWith(wsArtifact()));
  assert.equal(ok.outcome, 'pong');
  assert.equal(ok.detail, 'Pong after 2 ms.');
  const none = judgeRule(rule, wsEvidence(wsArtifact({ ping: { sent: true, timeoutMs: 3000 } })));
  assert.equal(none.outcome, 'noPong');
  assert.equal(none.status, 'fail');
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ ping: { sent: false, timeoutMs: 3000 } }))).data?.unobserved, true);
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ session: undefined }))).outcome, 'notUpgraded');
});
