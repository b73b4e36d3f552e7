import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../rules/D7/origin-validation.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import type { Exchange, Probes } from '../../../src/contract/evidence.ts';
import { evidence, exchange as buildExchange, legacyEra } from '../../fixtures/evidence.ts';

type ResponseOver = Partial<NonNullable<Exchange['response']>>;
/** The fixture builder fills the rest of the response; its parameter type asks for all of it. */
const exchange = (over: Omit<Partial<Exchange>, 'response'> & { response?: ResponseOver }): Exchange =>
  buildExchange(over as Parameters<typeof buildExchange>[0]);

const loopbackTarget: Probes['target'] = {
  url: 'http://127.0.0.1:3000/mcp', scheme: 'http', host: '127.0.0.1', port: 3000, path: '/mcp',
  isLoopback: true, credentialQueryParams: [], userHeaderNames: [],
};

function origin(status: number | undefined, extra: Partial<NonNullable<Probes['origin']>> = {}): Probes['origin'] {
  return { attempted: true, originSent: 'https://evil.example', exchangeId: 'o1', ...(status === undefined ? {} : { status }), ...extra };
}

test('origin-validation: 403 to a foreign Origin passes', () => {
  const r = judgeRule(rule, evidence({ origin: origin(403) }));
  assert.equal(r.outcome, 'refused403');
  assert.equal(r.status, 'pass');
  assert.equal(r.score, 1);
  assert.deepEqual(r.exchanges, ['o1']);
  assert.match(r.detail, /answered 403/);
});

test('origin-validation: another 4xx passes in full on 2025-03-26/06-18', () => {
  const era = { reachable: true, revisions: ['2025-06-18', '2025-03-26'], era: 'session', transport: 'streamable-http', protocolVersion: '2025-06-18', authBlocked: false } as Probes['era'];
  const r = judgeRule(rule, evidence({ era, origin: origin(400) }));
  assert.equal(r.outcome, 'refused');
  assert.equal(r.status, 'pass');
  assert.equal(r.score, 1);
  assert.match(r.detail, /refused with 400/);
});

test('origin-validation: another 4xx on 2025-11-25 is a warn (403 is named there), a pass where no revision names 403', () => {
  const r = judgeRule(rule, evidence({ origin: origin(400) }));
  assert.equal(r.outcome, 'refusedNot403');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.7);
  assert.deepEqual(r.judgedAgainst, ['2025-11-25']);
  const older = judgeRule(rule, evidence({ era: { ...evidence().probes.era, revisions: ['2025-06-18'], sessionRevision: '2025-06-18' }, origin: origin(400) }));
  assert.equal(older.outcome, 'refused');
  assert.equal(older.status, 'pass');
  assert.match(r.detail, /name 403 Forbidden/);
  assert.ok(r.fix);
});

test('origin-validation: a 200 carrying only a JSON-RPC error is an in-band refusal', () => {
  const x = exchange({
    id: 'o1',
    response: {
      status: 200,
      rpc: { framing: 'json', messages: 1, responses: 1, requests: 0, notifications: 0, invalid: [], answered: true, error: { code: -32000, message: 'Origin not allowed' } },
    },
  });
  const r = judgeRule(rule, evidence({ origin: origin(200) }, [x]));
  assert.equal(r.outcome, 'refusedNot403');
  assert.match(r.detail, /JSON-RPC error body/);
});

test('origin-validation: a loopback server accepting a foreign Origin fails with a cap', () => {
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(200, { hostRebinding: { exchangeId: 'h1', status: 200 } }) }));
  assert.equal(r.outcome, 'acceptedLoopback');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /loopback/);
  assert.match(r.detail, /Host/);
  assert.deepEqual(r.exchanges, ['o1', 'h1']);
  assert.match(r.fix ?? '', /enableDnsRebindingProtection/);
});

test('origin-validation: a loopback server that refuses a spoofed Host but serves a foreign Origin fails without the cap', () => {
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(200, { hostRebinding: { exchangeId: 'h1', status: 403 } }) }));
  assert.equal(r.outcome, 'hostOnly');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, undefined);
  assert.match(r.detail, /answered 403 \(refused\)/);
  assert.deepEqual(r.exchanges, ['o1', 'h1']);
  assert.match(r.fix ?? '', /allowedOrigins/);
  // a Host probe without an HTTP answer proves nothing: still the capped finding
  const noAnswer = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(200, { hostRebinding: { exchangeId: 'h1' } }) }));
  assert.equal(noAnswer.outcome, 'acceptedLoopback');
});

test('origin-validation: a loopback HTTP+SSE stream opened with a spoofed Host fails even when Origin is refused (a rebinding page\'s GET carries no Origin)', () => {
  const get = (id: string) => exchange({ id, request: { method: 'GET', url: 'http://127.0.0.1:3000/sse', headers: {} }, response: { status: id === 'o1' ? 403 : 200 } });
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(403, { hostRebinding: { exchangeId: 'h1', status: 200 } }) }, [get('o1'), get('h1')]));
  assert.equal(r.outcome, 'hostRebinding');
  assert.equal(r.status, 'fail');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /Host. spoofed the server answered 200/);
});

test('origin-validation: Origin refused 403 while a POST with a spoofed Host and no Origin is served → pass: a rebinding page\'s POSTs carry its Origin (brave-search-mcp-server)', () => {
  const post = (id: string, status: number) => exchange({ id, request: { method: 'POST', url: 'http://127.0.0.1:3000/mcp', headers: {} }, response: { status } });
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(403, { hostRebinding: { exchangeId: 'h1', status: 200 } }) }, [post('o1', 403), post('h1', 200)]));
  assert.equal(r.outcome, 'refused403');
  assert.equal(r.status, 'pass');
  assert.match(r.detail, /Host. spoofed and no Origin was served \(200\), but a DNS-rebinding page's POSTs carry its Origin/);
});

test('origin-validation: a foreign-Origin initialize refused just as further clients\' plain initializes were is not the Origin check (genkit: one client per process) → inconclusive', () => {
  const post = (id: string, status: number) => exchange({ id, request: { method: 'POST', url: 'http://127.0.0.1:3000/mcp', headers: {} }, response: { status } });
  const initialize: Probes['initialize'] = {
    attempted: true, attempts: [], ok: true, sessionIdSamples: [],
    samples: [{ exchangeId: 's2', status: 400, ok: false, errorMessage: 'Server already initialized' }, { exchangeId: 's3', status: 400, ok: false }],
  };
  const r = judgeRule(rule, evidence({ target: loopbackTarget, initialize, origin: origin(400, { hostRebinding: { exchangeId: 'h1', status: 400 } }) }, [post('o1', 400), post('h1', 400)]));
  assert.equal(r.outcome, 'inconclusive');
  assert.match(r.detail, /initializes from further clients without any Origin/);
});

test('origin-validation: a refused spoofed Host on loopback is fine', () => {
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(403, { hostRebinding: { exchangeId: 'h1', status: 403 } }) }));
  assert.equal(r.outcome, 'refused403');
  assert.match(r.detail, /refused/);
});

test('origin-validation: a public server accepting a foreign Origin warns at 0.5', () => {
  const r = judgeRule(rule, evidence({ origin: origin(200) }));
  assert.equal(r.outcome, 'acceptedPublic');
  assert.equal(r.status, 'warn');
  assert.equal(r.score, 0.5);
  assert.match(r.detail, /served/);
  assert.equal(r.cap, undefined);
});

test('origin-validation: 401 like every unauthenticated request is unobserved, not a pass', () => {
  const era = { reachable: true, revisions: ['2025-11-25'], era: 'session', transport: 'streamable-http', authBlocked: true } as Probes['era'];
  const r = judgeRule(rule, evidence({
    era, origin: origin(401),
    auth: { attempted: true, required: true, unauthenticated: { exchangeId: 'a1', status: 401 } },
  }));
  assert.equal(r.outcome, 'authMasked');
  assert.equal(r.status, 'na');
  assert.equal(r.data?.unobserved, true);
});

test('origin-validation: a 5xx is inconclusive', () => {
  const r = judgeRule(rule, evidence({ origin: origin(502) }));
  assert.equal(r.outcome, 'inconclusive');
  assert.equal(r.data?.unobserved, true);
  assert.match(r.detail, /502/);
});

test('origin-validation: a legacy server answering the POST with 405 is inconclusive', () => {
  const r = judgeRule(rule, evidence({ era: legacyEra, origin: origin(405) }));
  assert.equal(r.outcome, 'inconclusive');
});

test('origin-validation: probe not run or no HTTP answer is unobserved', () => {
  assert.equal(judgeRule(rule, evidence()).outcome, 'unobserved');
  const r = judgeRule(rule, evidence({ origin: origin(undefined) }));
  assert.equal(r.outcome, 'unobserved');
  assert.equal(r.data?.unobserved, true);
});

test('origin-validation: no revision detected is era-not-applicable', () => {
  const era = { reachable: false, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: false } as Probes['era'];
  assert.equal(judgeRule(rule, evidence({ era, origin: origin(200) })).outcome, 'era-not-applicable');
});

test('origin-validation: a spoofed Host refused is no defence when CORS admits the foreign Origin (mcp-use `cors: {}`): any page drives the server → capped fail', () => {
  const echoed = exchange({ id: 'o1', request: { method: 'POST', url: 'http://127.0.0.1:3000/mcp', headers: { origin: 'https://evil.example' } }, response: { status: 200, headers: { 'content-type': 'application/json', 'access-control-allow-origin': 'https://evil.example' } } });
  const r = judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(200, { hostRebinding: { exchangeId: 'h1', status: 403 } }) }, [echoed]));
  assert.equal(r.outcome, 'acceptedLoopback');
  assert.equal(r.cap, 0.5);
  assert.match(r.detail, /Its CORS admits that origin too \(`Access-Control-Allow-Origin: https:\/\/evil\.example`\)/);
  // the same answer without CORS for that origin: the page cannot read it, the Host check holds
  const plain = exchange({ id: 'o1', response: { status: 200, headers: { 'content-type': 'application/json' } } });
  assert.equal(judgeRule(rule, evidence({ target: loopbackTarget, origin: origin(200, { hostRebinding: { exchangeId: 'h1', status: 403 } }) }, [plain])).outcome, 'hostOnly');
});

test('origin-validation: when every later initialize is refused alike, the foreign Origin on the scan\'s own session decides (nestjs-mcp: served → capped fail)', () => {
  const post = (id: string, status: number) => exchange({ id, request: { method: 'POST', url: 'http://127.0.0.1:3000/mcp', headers: {} }, response: { status } });
  const initialize: Probes['initialize'] = {
    attempted: true, attempts: [], ok: true, sessionIdSamples: [],
    samples: [{ exchangeId: 's2', status: 500, ok: false, errorMessage: 'Already connected to a transport' }, { exchangeId: 's3', status: 500, ok: false }],
  };
  const served = judgeRule(rule, evidence({ target: loopbackTarget, initialize, origin: origin(500, { hostRebinding: { exchangeId: 'h1', status: 500 }, onSession: { exchangeId: 'os', status: 200 } }) }, [post('o1', 500), post('h1', 500), post('os', 200)]));
  assert.equal(served.outcome, 'acceptedLoopback');
  assert.equal(served.cap, 0.5);
  assert.match(served.detail, /asked on the scan's own session: tools\/list\): the request was served\. The spoofed-Host initialize met the same 500/);
  assert.ok(served.exchanges.includes('os'));
  const refused = judgeRule(rule, evidence({ target: loopbackTarget, initialize, origin: origin(500, { hostRebinding: { exchangeId: 'h1', status: 500 }, onSession: { exchangeId: 'os', status: 403 } }) }, [post('o1', 500), post('h1', 500), post('os', 403)]));
  assert.equal(refused.outcome, 'refused403');
});

test('origin-validation: an HTTP+SSE stream and message-endpoint pings served with a foreign Origin → the pings are among the evidence the detail quotes (playwright-mcp-server)', () => {
  const get = exchange({ id: 'o1', request: { method: 'GET', url: 'http://127.0.0.1:3000/sse', headers: {} }, response: { status: 200 } });
  const legacy: Probes['legacy'] = { attempted: true, ok: true, tried: [], foreignPosts: { origin: { exchangeId: 'p1', status: 202 }, host: { exchangeId: 'p2', status: 202 } } } as unknown as Probes['legacy'];
  const r = judgeRule(rule, evidence({ era: legacyEra, target: loopbackTarget, legacy, origin: origin(200, { hostRebinding: { exchangeId: 'h1', status: 200 } }) }, [get]));
  assert.equal(r.outcome, 'acceptedLoopback');
  assert.match(r.detail, /A ping to the message endpoint with that Origin was answered 202/);
  assert.deepEqual([...r.exchanges].sort(), ['h1', 'o1', 'p1', 'p2']);
});
