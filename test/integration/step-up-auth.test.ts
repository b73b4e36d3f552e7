// Step-up authorization: the handshake is open and credentials are demanded only for what it
// unlocks (tools). Auth discovery follows an open initialize with an unauthenticated tools/list, as
// a client does, and judges that 401's challenge by the 2025-11-25 Authorization text ("when
// authorization is required and not yet proven by the client, servers MUST respond with HTTP 401");
// the checks whose requests the 401 stops are not applicable, not failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import type { Result } from '../../src/contract/result.ts';
import { STEP_UP_TOKEN, startStepUpServer } from './stepUpServer.ts';

const SCAN = { keepAliveMaxMs: 1_500, streamWindowMs: 2_000, deadlineMs: 20_000 };
const verdict = (r: Result, id: string) => {
  const x = r.rules.find((rule) => rule.id === id);
  return `${x?.status}/${x?.outcome}`;
};

async function scanStepUp(headers: Record<string, string> = {}) {
  const server = await startStepUpServer();
  try {
    return await scan({ url: server.url, options: { ...SCAN, headers } });
  } finally {
    await server.close();
  }
}

test('step-up auth: the 401 on tools/list after an open initialize is the challenge judged', async () => {
  const { result, evidence } = await scanStepUp();
  const auth = evidence.probes.auth!;
  assert.equal(auth.required, true, 'a 401 was met');
  const challenged = evidence.transcript.find((x) => x.id === auth.unauthenticated?.exchangeId);
  assert.match(challenged?.request.body ?? '', /"method":"tools\/list"/, 'the challenge came from tools/list');
  assert.equal(challenged?.request.headers.authorization, undefined, 'sent without credentials');
  assert.ok(challenged?.request.headers['mcp-session-id'], 'in the session the open initialize minted');
  assert.equal(verdict(result, 'era'), 'pass/session');
  assert.equal(verdict(result, 'auth-challenge'), 'pass/resourceMetadata');
  assert.equal(verdict(result, 'protected-resource-metadata'), 'pass/valid');
  assert.equal(verdict(result, 'authorization-server-metadata'), 'pass/valid');
  assert.equal(verdict(result, 'pkce-s256'), 'pass/s256');
  // the 401s the scan's own tools/list requests meet are the login, not a broken endpoint
  assert.equal(verdict(result, 'tools-list'), 'na/authBlocked');
  assert.equal(verdict(result, 'protocol-version-header'), 'na/authMasked');
  assert.equal(verdict(result, 'session-unknown-404'), 'na/authMasked');
  assert.equal(verdict(result, 'session-required-400'), 'na/authMasked');
  assert.equal(verdict(result, 'session-delete'), 'pass/deletedUnverified');
  assert.match(result.rules.find((x) => x.id === 'auth-challenge')?.detail ?? '', /^Unauthenticated tools\/list \(after an open handshake\) answered 401/);
  // the browser-agent CORS check meets the login where a client does
  assert.equal(evidence.probes.cors?.challenge?.status, 401);
});

test('step-up auth: with a token the rest is judged, and discovery still meets the unauthenticated 401', async () => {
  const { result, evidence } = await scanStepUp({ authorization: `Bearer ${STEP_UP_TOKEN}` });
  assert.equal(evidence.probes.auth?.required, true);
  assert.equal(verdict(result, 'auth-challenge'), 'pass/resourceMetadata');
  assert.equal(verdict(result, 'protected-resource-metadata'), 'pass/valid');
  assert.equal(verdict(result, 'tools-list'), 'pass/listed');
  assert.equal(verdict(result, 'protocol-version-header'), 'pass/rejected');
  assert.equal(verdict(result, 'session-unknown-404'), 'pass/notFound');
  assert.equal(verdict(result, 'session-required-400'), 'pass/badRequest');
});

test('step-up auth, 2026-07-28: server/discover is open, the 401 on tools/list is the challenge judged', async () => {
  const server = await startStepUpServer({ modern: true });
  try {
    const { result, evidence } = await scan({ url: server.url, options: SCAN });
    assert.equal(verdict(result, 'era'), 'pass/stateless');
    assert.equal(evidence.probes.auth?.required, true);
    const challenged = evidence.transcript.find((x) => x.id === evidence.probes.auth?.unauthenticated?.exchangeId);
    assert.match(challenged?.request.body ?? '', /"method":"tools\/list"/);
    assert.equal(challenged?.request.headers['mcp-method'], 'tools/list', 'as a 2026-07-28 request');
    assert.equal(verdict(result, 'auth-challenge'), 'pass/resourceMetadata');
    assert.equal(verdict(result, 'protected-resource-metadata'), 'pass/valid');
    assert.equal(verdict(result, 'tools-list'), 'na/authBlocked');
  } finally {
    await server.close();
  }
});
