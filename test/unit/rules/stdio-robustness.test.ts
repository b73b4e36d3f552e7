// Every rule judges stdio and WebSocket scans — partial, odd or hostile ones — without
// error, and HTTP-only rules say "not applicable" there instead of failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../../rules/index.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { judge } from '../../../src/engine/ruleSet.ts';
import type { Evidence } from '../../../src/contract/evidence.ts';
import { stdioEvidence } from '../../stdio/fixtures.ts';
import { wsArtifact, wsEvidence, wsSession } from '../../websocket/fixtures.ts';

const cases: Record<string, Evidence> = {
  'stdio, well-behaved': stdioEvidence(),
  'stdio, never started': stdioEvidence({ spawned: false, spawnError: 'ENOENT', pid: undefined, handshake: { ok: false, attempts: [], toolsList: undefined, pingMs: [] }, exit: { how: 'not-started', code: null } }),
  'stdio, hostile lines': stdioEvidence({
    lines: [{ dir: 'out', seq: 1, t: -1, text: '\u0000\u001b[2J<script>', bytes: 1e9, kind: 'text', invalidUtf8: true, overlong: true }],
    stdout: { lines: 1e6, jsonRpcLines: 0, noiseCount: 1e6, noise: [{ seq: 1, kind: 'text', text: '\u0000'.repeat(300) }], invalidUtf8Lines: [1, 99], overlongLines: [1], splitMessages: [{ fromSeq: 9, toSeq: 2, text: '' }], unterminated: true, capped: 'x' },
    stderr: { bytes: 1e12, lines: 0, excerpt: '\n\n\n', truncated: true },
    handshake: { ok: true, protocolVersion: '\u001b[31m', attempts: [{ requestedVersion: '2025-11-25', answered: true }], toolsList: { sent: true, answered: true, ok: true }, pingMs: [Number.MAX_SAFE_INTEGER] },
    exit: { how: 'unknown', code: null, signal: null },
  }),
  'websocket, upgraded': wsEvidence(wsArtifact()),
  'websocket, declined': wsEvidence(wsArtifact({ upgrade: { url: 'ws://x/', outcome: 'declined', status: 404 }, session: undefined, binary: undefined, cleanClose: undefined, ping: undefined })),
  'websocket, odd session': wsEvidence(wsArtifact({ session: wsSession({ ok: true, attempts: [], toolsList: undefined, invalidFrames: ['\u0000'] }), binary: { upgrade: { url: 'ws://x', outcome: 'error' }, sent: false, answeredText: false, timedOut: false }, cleanClose: { sent: false, timedOut: false } })),
};

for (const [name, ev] of Object.entries(cases)) {
  test(`transports: every rule judges "${name}" without error`, () => {
    for (const r of ALL_RULES) {
      const res = judgeRule(r, ev);
      assert.notEqual(res.status, 'error', `${r.id} errored on ${name}: ${res.detail}`);
      const applies = (r.transports ?? ['http']).includes(ev.probes.era.transport === 'stdio' ? 'stdio' : 'websocket');
      if (!applies) assert.equal(res.outcome, 'transport-not-applicable', r.id);
    }
    const result = judge(ev);
    assert.equal(result.counts.error, 0);
  });
}

test('transports: a stdio scan is scored on D2 and D8 only; D7 has nothing to judge', () => {
  const r = judge(stdioEvidence());
  assert.equal(r.scores.D7, null);
  assert.equal(r.scores.D2, 100);
  assert.equal(r.scores.D8, 100);
  assert.equal(r.tier, 'platinum');
});
