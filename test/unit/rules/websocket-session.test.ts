import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/websocket-session.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { httpEvidenceWith, wsArtifact, wsEvidence, wsSession } from '../../websocket/fixtures.ts';

test('websocket-session: initialize and tools/list over text frames → pass', () => {
  const r = judgeRule(rule, wsEvidence(wsArtifact()));
  assert.equal(r.outcome, 'works');
  assert.match(r.detail, /initialize \(2025-11-25\) → protocolVersion "2025-11-25" in 3 ms; tools\/list → 2 tool\(s\) in 2 ms/);
});

test('websocket-session: tools/list unanswered → warn; stray frames → warn; no answer / errors → fail', () => {
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ session: wsSession({ toolsList: { sent: true, answered: false } }) }))).outcome, 'toolsListFailed');
  assert.equal(judgeRule(rule, wsEvidence(wsArtifact({ session: wsSession({ binaryFrames: 1, invalidFrames: ['hello'] }) }))).outcome, 'strayFrames');
  const silent = judgeRule(rule, httpEvidenceWith(wsArtifact({ session: wsSession({ ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: false }], toolsList: undefined, stoppedBy: 'timeout' }) })));
  assert.equal(silent.outcome, 'noAnswer');
  assert.equal(silent.status, 'fail');
  assert.equal(judgeRule(rule, httpEvidenceWith(wsArtifact({ session: wsSession({ ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: true, errorCode: -32600 }], toolsList: undefined }) }))).outcome, 'initError');
});

test('websocket-session: not upgraded → na (not unobserved)', () => {
  const r = judgeRule(rule, httpEvidenceWith(wsArtifact({ upgrade: { url: 'wss://x/mcp', outcome: 'declined', status: 405 }, session: undefined }), 405));
  assert.equal(r.outcome, 'notUpgraded');
  assert.equal(r.data?.unobserved, undefined);
});
