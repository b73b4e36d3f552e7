import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/stdio-handshake.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';

test('stdio-handshake: initialize → initialized → tools/list answered → pass with latency', () => {
  const r = judgeRule(rule, stdioEvidence());
  assert.equal(r.outcome, 'completed');
  assert.match(r.detail, /initialize \(2025-11-25\) → protocolVersion "2025-11-25" in 120 ms; notifications\/initialized sent; tools\/list → 2 tool\(s\) in 3 ms/);
  assert.equal(r.data?.initializeMs, 120);
});

test('stdio-handshake: newest revision refused, older accepted → warn', () => {
  const r = judgeRule(rule, stdioEvidence({
    handshake: {
      protocolVersion: '2025-06-18',
      attempts: [
        { requestedVersion: '2025-11-25', answered: true, ms: 100, errorCode: -32602, errorMessage: 'Unsupported protocol version' },
        { requestedVersion: '2025-06-18', answered: true, ms: 2, negotiatedVersion: '2025-06-18' },
      ],
    },
  }));
  assert.equal(r.outcome, 'refusedNewest');
  assert.match(r.detail, /error -32602 "Unsupported protocol version"/);
});

test('stdio-handshake: slow, split, silent tools/list', () => {
  assert.equal(judgeRule(rule, stdioEvidence({ handshake: { attempts: [{ requestedVersion: '2025-11-25', answered: true, ms: 7_500, negotiatedVersion: '2025-11-25' }] } })).outcome, 'slow');
  assert.equal(judgeRule(rule, stdioEvidence({ handshake: { attempts: [{ requestedVersion: '2025-11-25', answered: true, ms: 5, split: true }] } })).outcome, 'splitAnswers');
  assert.equal(judgeRule(rule, stdioEvidence({ handshake: { toolsList: { sent: true, answered: false }, stoppedBy: 'timeout' } })).outcome, 'toolsListSilent');
});

test('stdio-handshake: crash, silence, errors, deadline', () => {
  const crashed = judgeRule(rule, stdioEvidence({
    handshake: { ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: false }], stoppedBy: 'exit', toolsList: undefined },
    exit: { how: 'before-close', code: 3 }, stderr: { excerpt: 'Error: DATABASE_URL is not set\n' },
  }));
  assert.equal(crashed.outcome, 'crashed');
  assert.match(crashed.detail, /exited \(code 3\); stderr: "Error: DATABASE_URL is not set"/);
  assert.equal(judgeRule(rule, stdioEvidence({ handshake: { ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: false }], stoppedBy: 'timeout', toolsList: undefined } })).outcome, 'noAnswer');
  assert.equal(judgeRule(rule, stdioEvidence({ handshake: { ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: true, errorCode: -1 }], toolsList: undefined } })).outcome, 'initError');
  const cut = judgeRule(rule, stdioEvidence({ handshake: { ok: false, attempts: [{ requestedVersion: '2025-11-25', answered: false }], stoppedBy: 'deadline', toolsList: undefined } }));
  assert.equal(cut.outcome, 'cutShort');
  assert.equal(cut.data?.unobserved, true);
});
