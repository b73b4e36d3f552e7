import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/server-discover.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

type D = NonNullable<Probes['discover']>;
const good: D = {
  attempted: true, answered: true, exchangeId: 'd', status: 200, supportedVersions: ['2026-07-28', '2025-11-25'],
  resultType: 'complete', serverInfo: { name: 'acme-mcp', version: '1.2.3' }, latencyMs: 31,
};
const withDiscover = (over: Partial<D>) => evidence({ era: statelessEra, discover: { ...good, ...over } });

test('server-discover: complete result passes', () => {
  const r = judgeRule(rule, withDiscover({}));
  assert.equal(r.outcome, 'complete');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /supportedVersions: 2026-07-28, 2025-11-25; resultType: complete; serverInfo: acme-mcp 1\.2\.3; 31 ms/);
  assert.deepEqual(r.exchanges, ['d']);
});

test('server-discover: missing serverInfo → warn', () => {
  const r = judgeRule(rule, withDiscover({ serverInfo: undefined }));
  assert.equal(r.outcome, 'noServerInfo');
  assert.equal(r.status, 'warn');
  assert.match(r.fix ?? '', /serverInfo/);
});

test('server-discover: resultType not "complete" → fail', () => {
  const r = judgeRule(rule, withDiscover({ resultType: undefined }));
  assert.equal(r.outcome, 'badResultType');
  assert.equal(r.status, 'fail');
});

test('server-discover: 2026-07-28 missing from supportedVersions → fail', () => {
  const r = judgeRule(rule, withDiscover({ supportedVersions: ['2025-11-25'] }));
  assert.equal(r.outcome, 'versionsMissing');
  assert.equal(judgeRule(rule, withDiscover({ supportedVersions: undefined })).outcome, 'versionsMissing');
});

test('server-discover: not answered with a result → fail', () => {
  const r = judgeRule(rule, withDiscover({ answered: false, status: 400, errorCode: -32600 }));
  assert.equal(r.outcome, 'notAnswered');
  assert.match(r.detail, /400, error -32600/);
});

test('server-discover: not sent or no response → unobserved', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'unobserved');
  const r = judgeRule(rule, withDiscover({ answered: false, status: undefined }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('server-discover: session-only server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'era-not-applicable');
});

test('server-discover: behind a login (every probe 401) the revision is unknown → not observed, not "the server speaks 2025-11-25" (mcp-use with OAuth)', () => {
  const hidden: Probes['era'] = { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true };
  const r = judgeRule(rule, evidence({ era: hidden }));
  assert.equal(r.outcome, 'not-observed');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /401\/403, so which revision the server speaks is unknown/);
  assert.doesNotMatch(r.detail, /speaks 2025-11-25/);
});
