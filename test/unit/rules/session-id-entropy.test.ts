import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { alphabetSize } from '../../../rules/D7/session-id-entropy.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Exchange, Probes } from '../../../src/contract/evidence.ts';
import { evidence, exchange as buildExchange, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';

type ResponseOver = Partial<NonNullable<Exchange['response']>>;
/** The fixture builder fills the rest of the response; its parameter type asks for all of it. */
const exchange = (over: Omit<Partial<Exchange>, 'response'> & { response?: ResponseOver }): Exchange =>
  buildExchange(over as Parameters<typeof buildExchange>[0]);

function init(samples: string[], over: Partial<NonNullable<Probes['initialize']>> = {}): Probes['initialize'] {
  return { attempted: true, attempts: [], ok: true, exchangeId: 'i1', ...(samples[0] !== undefined ? { sessionId: samples[0] } : {}), sessionIdSamples: samples, ...over };
}
const judge = (samples: string[], over: Partial<NonNullable<Probes['initialize']>> = {}) => judgeRule(rule, evidence({ initialize: init(samples, over) }));

test('session-id-entropy: alphabet classes', () => {
  assert.equal(alphabetSize('0123'), 10);
  assert.equal(alphabetSize('09af'), 16);
  assert.equal(alphabetSize('09az'), 36);
  assert.equal(alphabetSize('gZ9-_'), 64);
  assert.equal(alphabetSize('aF9'), 22); // hex letters of both cases
});

test('session-id-entropy: random UUIDs pass', () => {
  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const x = exchange({ id: 'i2', response: { headers: { 'mcp-session-id': ids[1] } } });
  const r = judgeRule(rule, evidence({ initialize: init(ids) }, [x]));
  assert.equal(r.outcome, 'strong');
  assert.equal(r.status, 'pass');
  assert.ok((r.data?.estimatedBits as number) >= 96);
  assert.deepEqual(r.exchanges, ['i1', 'i2']);
  assert.match(r.detail, /3 id\(s\) observed/);
});

test('session-id-entropy: 32 random hex chars pass', () => {
  const hex = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
  assert.equal(judge([hex(), hex()]).outcome, 'strong');
});

test('session-id-entropy: 16 random hex chars (64 bits) warn', () => {
  const hex = () => Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex');
  // three samples make accidental equal positions (which lower the estimate) unlikely
  const r = judge(['3f9a0c7d1e2b4a68', 'c41d7e02b9f35a1c', '8e5b2f6a0d9c7314']);
  assert.equal(r.outcome, 'lowEntropy');
  assert.equal(r.status, 'warn');
  assert.match(r.detail, /16 varying characters over an alphabet of 16 ≈ 64 bits/);
  assert.ok(['lowEntropy', 'weak'].includes(judge([hex(), hex(), hex()]).outcome));
});

test('session-id-entropy: long decimal ids under 64 bits fail as weak', () => {
  const r = judge(['5830172946182735', '1947362850391746', '7205918364720591']);
  assert.equal(r.outcome, 'weak');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /alphabet of 10/);
});

test('session-id-entropy: counters are predictable', () => {
  const r = judge(['session-00000000001041', 'session-00000000001042', 'session-00000000001043']);
  assert.equal(r.outcome, 'predictable');
  assert.equal(r.status, 'fail');
  assert.match(r.detail, /decimal number that moves by 2/);
});

test('session-id-entropy: timestamps with carry are predictable', () => {
  const r = judge(['1732000000999000', '1732000001003000']);
  assert.equal(r.outcome, 'predictable');
});

test('session-id-entropy: hex counters are predictable', () => {
  const r = judge(['00000000000000ff', '0000000000000100', '0000000000000101']);
  assert.equal(r.outcome, 'predictable');
  assert.match(r.detail, /hex number/);
});

test('session-id-entropy: a long shared prefix with a small varying suffix is predictable', () => {
  const r = judge(['tenant-acme-prod-sess-Kq9x', 'tenant-acme-prod-sess-Zt2m', 'tenant-acme-prod-sess-b7Rw']);
  assert.equal(r.outcome, 'predictable');
  assert.match(r.detail, /differ in only 4/);
});

test('session-id-entropy: the same id twice is predictable', () => {
  const id = crypto.randomUUID();
  const r = judge([id, id]);
  assert.equal(r.outcome, 'predictable');
  assert.match(r.detail, /same id was minted/);
});

test('session-id-entropy: short ids fail', () => {
  const r = judge(['a8f3k2', 'q9z1m4']);
  assert.equal(r.outcome, 'tooShort');
  assert.equal(r.status, 'fail');
});

test('session-id-entropy: characters outside 0x21-0x7E fail', () => {
  const r = judge(['abc def ghi jkl mno', crypto.randomUUID()]);
  assert.equal(r.outcome, 'invalidCharacters');
  assert.match(r.detail, /U\+0020/);
  assert.equal(judge(['sessão-0123456789abcdef']).outcome, 'invalidCharacters');
});

test('session-id-entropy: one sample is judged on format and length only', () => {
  const r = judge([crypto.randomUUID()]);
  assert.equal(r.outcome, 'formatOnly');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /one sample/);
  // the sessionId alone (no samples list) is used too
  assert.equal(judge([], { sessionId: crypto.randomUUID() }).outcome, 'formatOnly');
});

test('session-id-entropy: no session minted is not applicable', () => {
  const r = judge([]);
  assert.equal(r.outcome, 'noSession');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, undefined);
});

test('session-id-entropy: failed or missing initialize is unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judge([], { ok: false });
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('session-id-entropy: stateless servers are era-not-applicable', () => {
  assert.equal(judgeRule(rule, evidence({ era: statelessEra, initialize: init(['1', '2']) })).outcome, 'era-not-applicable');
});

/** An HTTP+SSE scan: the session's endpoint event and the isolation watcher's, as the legacy probe records them. */
function legacyScan(first: string, second: string | undefined) {
  const watcher = sseExchange(second === undefined ? [] : [{ event: 'endpoint', data: second }], [], { id: 'w1' });
  return evidence({
    era: legacyEra,
    initialize: { attempted: true, attempts: [], ok: false, exchangeId: 'i1', sessionIdSamples: [] },
    legacy: { attempted: true, tried: [], sseUrl: 'https://mcp.example.com/sse', endpointData: first, ok: true, streamExchangeId: 's1' },
    isolation: { attempted: true, stimuli: [], watches: [{ kind: 'legacy-second-session', exchangeId: 'w1', status: 200, open: true, leaked: [], events: 1 }] },
  }, [watcher]);
}

test('session-id-entropy: HTTP+SSE sessionIds from the endpoint events are judged (UUIDs → strong)', () => {
  const r = judgeRule(rule, legacyScan(`/messages?sessionId=${crypto.randomUUID()}`, `/messages?sessionId=${crypto.randomUUID()}`));
  assert.equal(r.outcome, 'strong');
  assert.match(r.detail, /2 HTTP\+SSE session id\(s\) observed/);
  assert.deepEqual(r.exchanges, ['s1', 'w1']);
});

test('session-id-entropy: HTTP+SSE endpoints numbered by a counter → predictable (fail)', () => {
  const r = judgeRule(rule, legacyScan('/messages?session_id=1000000000000041', '/messages?session_id=1000000000000042'));
  assert.equal(r.outcome, 'predictable');
  assert.equal(r.status, 'fail');
});

test('session-id-entropy: HTTP+SSE with the same endpoint for every connection → predictable; the session in the path is read too', () => {
  assert.equal(judgeRule(rule, legacyScan('/messages/', '/messages/')).outcome, 'predictable');
  const path = judgeRule(rule, legacyScan(`/s/${crypto.randomUUID()}/messages`, `/s/${crypto.randomUUID()}/messages`));
  assert.equal(path.outcome, 'strong');
});

test('session-id-entropy: one HTTP+SSE session (the second connection got no endpoint) → format only', () => {
  const r = judgeRule(rule, legacyScan(`/messages?sessionId=${crypto.randomUUID()}`, undefined));
  assert.equal(r.outcome, 'formatOnly');
});
