import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/protocol-version-header.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, statelessEra } from '../../fixtures/evidence.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

const pv = (status?: number, errorCode?: number) => ({
  protocolVersion: { attempted: true, sent: '1999-01-01', exchangeId: 'pv', ...(status === undefined ? {} : { status }), ...(errorCode === undefined ? {} : { errorCode }) },
});
const discover = (uv: Record<string, unknown> | undefined): { discover: Probes['discover'] } => ({
  discover: { attempted: true, answered: true, exchangeId: 'd', status: 200, supportedVersions: ['2026-07-28'], ...(uv ? { unsupportedVersion: { exchangeId: 'uv', ...uv } } : {}) },
});
const dualEra: Probes['era'] = { ...statelessEra, revisions: ['2026-07-28', '2025-11-25'], sessionRevision: '2025-11-25' };

test('protocol-version-header: session era, 400 → pass', () => {
  const r = judgeRule(rule, evidence(pv(400)));
  assert.equal(r.outcome, 'rejected');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /1999-01-01 → 400/);
  assert.deepEqual(r.exchanges, ['pv']);
});

test('protocol-version-header: session era, bogus version accepted → fail', () => {
  const r = judgeRule(rule, evidence(pv(200)));
  assert.equal(r.outcome, 'accepted');
  assert.equal(r.status, 'fail');
  assert.match(r.fix ?? '', /400/);
});

test('protocol-version-header: session era, other 4xx → fail (the MUST names 400); 5xx → fail', () => {
  const notFound = judgeRule(rule, evidence(pv(404)));
  assert.equal(notFound.outcome, 'otherStatus');
  assert.equal(notFound.status, 'fail');
  assert.equal(notFound.score, 0.5);
  assert.match(notFound.fix ?? '', /exactly `400 Bad Request`/);
  const r = judgeRule(rule, evidence(pv(500)));
  assert.equal(r.outcome, 'serverError');
  assert.equal(r.status, 'fail');
});

test('protocol-version-header: stateless era, 400 + -32022 + data.supported → pass', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra, ...discover({ status: 400, errorCode: -32022, supported: ['2026-07-28'] }) }));
  assert.equal(r.outcome, 'modernError');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /error -32022, supported: 2026-07-28/);
});

test('protocol-version-header: stateless era, 400 without the code → fail (2026-07-28 MUSTs the UnsupportedProtocolVersionError)', () => {
  const r = judgeRule(rule, evidence({ era: statelessEra, ...discover({ status: 400 }) }));
  assert.equal(r.outcome, 'modernNoCode');
  assert.equal(r.status, 'fail');
  assert.match(r.fix ?? '', /-32022/);
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, ...discover({ status: 400, errorCode: -32022 }) })).outcome, 'modernNoCode');
});

test('protocol-version-header: stateless era, accepted → fail', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, ...discover({ status: 200 }) })).outcome, 'accepted');
});

test('protocol-version-header: dual-era server is judged on both, worst wins', () => {
  const r = judgeRule(rule, evidence({ era: dualEra, ...pv(200), ...discover({ status: 400, errorCode: -32022, supported: ['2026-07-28'] }) }));
  assert.equal(r.outcome, 'accepted');
  assert.match(r.detail, /Session era.*2026-07-28/);
  assert.deepEqual(r.exchanges.sort(), ['pv', 'uv']);
  const ok = judgeRule(rule, evidence({ era: dualEra, ...pv(400), ...discover(undefined) }));
  assert.equal(ok.outcome, 'rejected'); // the unobserved stateless half does not hide the observed pass
});

test('protocol-version-header: not probed → unobserved', () => {
  const r = judgeRule(rule, evidence());
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, ...discover(undefined) })).outcome, 'unobserved');
});

test('protocol-version-header: 2025-03-26-only server → era not applicable', () => {
  const era: Probes['era'] = { reachable: true, revisions: ['2025-03-26'], era: 'session', transport: 'streamable-http', sessionRevision: '2025-03-26', authBlocked: false };
  assert.equal(judgeRule(rule, evidence({ era })).outcome, 'era-not-applicable');
});

test('protocol-version-header: a 401 without credentials from a server that challenges is the login: not applicable', () => {
  const auth: Probes['auth'] = { attempted: true, required: true, unauthenticated: { exchangeId: 'u', status: 401 } };
  const r = judgeRule(rule, evidence({ ...pv(401, -32001), auth }));
  assert.equal(r.outcome, 'authMasked');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /→ 401 \(error -32001\), sent without credentials to a server that demands them/);
  // with the scan's token on it, a 401 is the server's answer to the version
  const withToken = evidence({ ...pv(401), auth });
  withToken.probes.target.userHeaderNames = ['Authorization'];
  assert.equal(judgeRule(rule, withToken).outcome, 'otherStatus');
});
