import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D8/session-unknown-404.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, exchange, statelessEra } from '../../fixtures/evidence.ts';

const ev = (status?: number, applicable = true) =>
  evidence({ session: { applicable, unknownId: { exchangeId: 'u', ...(status === undefined ? { error: 'reset' } : { status }) } } });

test('session-unknown-404: 404 → pass', () => {
  const r = judgeRule(rule, ev(404));
  assert.equal(r.outcome, 'notFound');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /unknown Mcp-Session-Id → 404/);
  assert.deepEqual(r.exchanges, ['u']);
});

test('session-unknown-404: 400 → fail (pitfall 6)', () => {
  const r = judgeRule(rule, ev(400));
  assert.equal(r.outcome, 'badRequest');
  assert.equal(r.status, 'fail');
  assert.match(r.fix ?? '', /404 Not Found/);
});

test('session-unknown-404: accepted → fail', () => {
  assert.equal(judgeRule(rule, ev(200)).outcome, 'accepted');
});

test('session-unknown-404: accepted, and a DELETEd session served again → fail naming the terminated session', () => {
  const r = judgeRule(rule, evidence({ session: {
    applicable: true,
    unknownId: { exchangeId: 'u', status: 200 },
    delete: { exchangeId: 'd', status: 200 },
    afterDelete: { exchangeId: 'a', status: 200 },
  } }));
  assert.equal(r.outcome, 'accepted');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /ended with DELETE \(→ 200\) was served again \(→ 200\)/);
  assert.deepEqual(r.exchanges, ['u', 'd', 'a']);
});

test('session-unknown-404: other status → fail', () => {
  const r = judgeRule(rule, ev(401));
  assert.equal(r.outcome, 'otherStatus');
  assert.equal(r.score, 0.2);
});

test('session-unknown-404: no session minted → na (not unobserved)', () => {
  const r = judgeRule(rule, ev(404, false));
  assert.equal(r.outcome, 'noSession');
  assert.equal(r.data?.unobserved, undefined);
});

test('session-unknown-404: probe missing or no response → unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, ev(undefined));
  assert.equal(r.outcome, 'unobserved');
  assert.match(r.detail, /reset/);
});

test('session-unknown-404: stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra })).outcome, 'era-not-applicable');
});

test('session-unknown-404: a 401 without credentials from a server that challenges is the login: not applicable', () => {
  const ev401 = evidence({
    auth: { attempted: true, required: true, unauthenticated: { exchangeId: 'c', status: 401 } },
    session: { applicable: true, unknownId: { exchangeId: 'u', status: 401 } },
  });
  const r = judgeRule(rule, ev401);
  assert.equal(r.outcome, 'authMasked');
  assert.equal(r.status, 'na');
  assert.match(r.detail, /unknown Mcp-Session-Id → 401, sent without credentials/);
  // without a challenge, a 401 to an unknown session is the server's answer
  assert.equal(judgeRule(rule, ev(401)).outcome, 'otherStatus');
});

// @platformatic/mcp 2.4.0: a made-up id is answered 200 under a newly minted session
test('session-unknown-404: accepted under a new session id says so', () => {
  const x = exchange({
    id: 'u',
    request: { method: 'POST', url: 'https://mcp.example.com/mcp', headers: { 'mcp-session-id': 'made-up' } },
    response: { status: 200, headers: { 'content-type': 'application/json', 'mcp-session-id': 'fresh-42' } },
  });
  const r = judgeRule(rule, evidence({ session: { applicable: true, unknownId: { exchangeId: 'u', status: 200 } } }, [x]));
  assert.equal(`${r.status}/${r.outcome}`, 'fail/accepted');
  assert.match(r.detail, /different Mcp-Session-Id \(fresh-42\): the server quietly opened a new session/);
  assert.doesNotMatch(judgeRule(rule, ev(200)).detail, /new session/);
});

// the SDK README's handleSessionRequest: POST with an unknown id → 404, GET/DELETE → 400
test('session-unknown-404: 404 on POST but 400 on the GET stream warns; 405 on GET (no stream) passes', () => {
  const withGet = (get: number) => evidence({ session: { applicable: true, unknownId: { exchangeId: 'u', status: 404 }, unknownIdGet: { exchangeId: 'g', status: get } } });
  const r = judgeRule(rule, withGet(400));
  assert.equal(`${r.status}/${r.outcome}`, 'warn/notFoundOnPostOnly');
  assert.match(r.detail, /GET \(the stream\) with an unknown Mcp-Session-Id → 400/);
  assert.deepEqual(r.exchanges, ['u', 'g']);
  assert.equal(judgeRule(rule, withGet(405)).outcome, 'notFound');
  assert.equal(judgeRule(rule, withGet(404)).outcome, 'notFound');
});
