import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D2/modern-client-fallback.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { evidence, exchange, statelessEra } from '../../fixtures/evidence.ts';
import type { Exchange } from '../../../src/contract/evidence.ts';

type Resp = Partial<NonNullable<Exchange['response']>>;
/** a session-era scan whose server/discover (exchange d) got this response (or none) */
const scan = (response: Resp | undefined, over: { errorCode?: number; answered?: boolean; authRequired?: boolean; error?: Exchange['error'] } = {}) => {
  const x = response === undefined
    ? exchange({ id: 'd', response: undefined, error: over.error ?? { kind: 'headers-timeout', message: 'no headers within 10 s' } })
    : exchange({ id: 'd', response });
  return evidence({
    discover: { attempted: true, exchangeId: 'd', answered: over.answered ?? false, ...(response?.status !== undefined ? { status: response.status } : {}), ...(over.errorCode !== undefined ? { errorCode: over.errorCode } : {}) },
    ...(over.authRequired ? { auth: { attempted: true, required: true } } : {}),
  }, [x]);
};

test('modern-client-fallback: 400 (no session) → pass: dual-era clients fall back', () => {
  const r = judgeRule(rule, scan({ status: 400, bodyBytes: 80 }, { errorCode: -32000 }));
  assert.equal(r.outcome, 'refused');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /→ 400 application\/json, JSON-RPC error -32000/);
  assert.deepEqual(r.exchanges, ['d']);
  // any 4xx is the spec's fallback signal, and so is a 200 carrying a JSON-RPC error
  assert.equal(judgeRule(rule, scan({ status: 404 })).outcome, 'refused');
  assert.equal(judgeRule(rule, scan({ status: 200, bodyBytes: 90 }, { errorCode: -32601 })).outcome, 'refused');
});

test('modern-client-fallback: a dual-era server answering server/discover with a result → pass, described as answered, not refused', () => {
  const x = exchange({ id: 'd', response: { status: 200, bodyBytes: 120 } });
  const r = judgeRule(rule, evidence({ discover: { attempted: true, exchangeId: 'd', status: 200, answered: true, supportedVersions: ['2026-07-28'] } }, [x]));
  assert.equal(r.outcome, 'answered');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /→ 200 application\/json: a result listing 2026-07-28\./);
});

test('modern-client-fallback: 5xx → fail, naming the clients it stops', () => {
  const r = judgeRule(rule, scan({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error', bodyBytes: 21 }));
  assert.equal(r.outcome, 'serverError');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /→ 500 text\/plain\. Body: "Internal Server Error"/);
  assert.match(rule.outcomes.serverError.breaks ?? '', /versionNegotiation/);
  assert.match(r.fix ?? '', /400 Bad Request/);
  // a JSON-RPC error body does not help: the client reads the status first
  assert.equal(judgeRule(rule, scan({ status: 503, bodyBytes: 70 }, { errorCode: -32603 })).outcome, 'serverError');
});

test('modern-client-fallback: 2xx that is not JSON-RPC → fail; 2xx JSON without an answer → warn', () => {
  const html = judgeRule(rule, scan({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html>', bodyBytes: 15 }));
  assert.equal(html.outcome, 'notJsonRpc');
  assert.equal(html.status, 'fail');
  const empty = judgeRule(rule, scan({ status: 202, headers: {}, bodyBytes: 0 }));
  assert.equal(empty.outcome, 'noResponse');
  assert.equal(empty.status, 'warn');
  assert.match(empty.detail, /No JSON-RPC response came/);
});

test('modern-client-fallback: no response → warn', () => {
  const r = judgeRule(rule, scan(undefined));
  assert.equal(r.outcome, 'noResponse');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /no response \(headers-timeout/);
});

test('modern-client-fallback: behind a login → na; not sent → unobserved; a stateless server → era not applicable', () => {
  assert.equal(judgeRule(rule, scan({ status: 401 }, { authRequired: true })).outcome, 'authMasked');
  assert.equal(judgeRule(rule, scan({ status: 401 })).outcome, 'refused', 'a 401 from a server that needs no login is a 4xx like any other');
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  assert.equal(judgeRule(rule, scan({ status: 302 })).outcome, 'unobserved');
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, discover: { attempted: true, answered: true, status: 200 } })).outcome, 'era-not-applicable');
});

test('modern-client-fallback: a 403 that initialize met too (the MCP Inspector proxy without an Origin) is not a fallback signal → authMasked', () => {
  const x = exchange({ id: 'd', response: { status: 403 } });
  const blocked = { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true } as const;
  const r = judgeRule(rule, evidence({ era: { ...blocked, revisions: [] }, discover: { attempted: true, exchangeId: 'd', status: 403, answered: false } }, [x]));
  assert.equal(r.outcome, 'authMasked');
  assert.equal(r.status, 'na');
});

