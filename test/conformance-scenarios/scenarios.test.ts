// The official conformance suite's client scenarios as an oracle: each starts a small MCP server
// (and authorization server) on loopback presenting one variant a revision allows, written to the
// letter of that revision by the MCP maintainers, and runs a client command against it. Our CLI
// is that client; its verdicts on the rules each scenario exercises are asserted here, with the
// scenario's own description and the spec text of its revision as the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Result } from '../../src/contract/result.ts';

const require = createRequire(import.meta.url);
const CONFORMANCE = path.join(path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');
const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));

/** Runs one client scenario with `agentready scan --quick --no-browser` as the client; returns our Result. */
async function scenario(name: string): Promise<Result> {
  const out = mkdtempSync(path.join(tmpdir(), 'agentready-conformance-'));
  try {
    const command = `${process.execPath} ${BIN} scan --quick --no-browser --json --out ${out}`;
    // the suite exits 1 when its own client checks (a login it expected us to perform) fail: ours are the verdicts
    await new Promise<void>((resolve) => execFile(process.execPath, [CONFORMANCE, 'client', '--scenario', name, '--command', command], { timeout: 120_000 }, () => resolve()));
    return Result.parse(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const verdict = (r: Result, id: string) => {
  const x = r.rules.find((rule) => rule.id === id);
  return x ? `${x.status}/${x.outcome}` : 'missing';
};
const AUTH_RULES = ['auth-challenge', 'protected-resource-metadata', 'authorization-server-metadata', 'pkce-s256'];

// RFC 9728 metadata + RFC 8414 metadata at the locations 2025-11-25 allows: nothing here may fail.
for (const name of ['auth/metadata-default', 'auth/metadata-var1', 'auth/metadata-var2', 'auth/metadata-var3', 'auth/scope-from-www-authenticate', 'auth/basic-cimd', 'auth/pre-registration']) {
  test(`conformance scenario ${name}: discovery the 2025-11-25 revision allows is never a fail`, async () => {
    const r = await scenario(name);
    for (const id of AUTH_RULES) assert.notEqual(r.rules.find((x) => x.id === id)?.status, 'fail', `${id}: ${verdict(r, id)}`);
    assert.match(verdict(r, 'auth-challenge'), /^pass\/(resourceMetadata|wellKnownOnly)$/);
    assert.equal(verdict(r, 'pkce-s256'), 'pass/s256');
    // no CORS on any of these servers: browser agents only, one finding
    assert.equal(verdict(r, 'cors-preflight').split('/')[0], 'warn');
    assert.notEqual(r.rules.find((x) => x.id === 'cors-expose-headers')?.status, 'fail');
    if (name === 'auth/pre-registration') {
      // clients are registered beforehand: neither CIMD nor dynamic registration is advertised
      assert.equal(verdict(r, 'authorization-server-metadata'), 'warn/noRegistration');
    } else {
      assert.equal(verdict(r, 'authorization-server-metadata'), 'pass/valid');
    }
  });
}

// The 2025-03-26 discovery: no RFC 9728 document; AS metadata at the MCP server's origin, or its
// default endpoints. Behind the times, not broken: clients still fall back to it.
for (const name of ['auth/2025-03-26-oauth-metadata-backcompat', 'auth/2025-03-26-oauth-endpoint-fallback']) {
  test(`conformance scenario ${name}: a warn naming 2025-03-26, never a fail`, async () => {
    const r = await scenario(name);
    for (const id of ['auth-challenge', 'protected-resource-metadata', 'authorization-server-metadata']) {
      const x = r.rules.find((rule) => rule.id === id)!;
      assert.equal(`${x.status}/${x.outcome}`, 'warn/olderRevisionOnly', id);
      assert.deepEqual(x.judgedAgainst, ['2025-11-25', '2025-03-26'], id);
      assert.match(x.summary, /2025-03-26/);
      assert.ok(x.fix, `${id} says what to publish`);
    }
    assert.notEqual(r.rules.find((x) => x.id === 'pkce-s256')?.status, 'fail');
  });
}

test('conformance scenario sse-retry: the server closes its stream with retry: and the scan resumes it with Last-Event-ID', async () => {
  const r = await scenario('sse-retry');
  assert.equal(verdict(r, 'era'), 'pass/session');
  assert.equal(verdict(r, 'last-event-id-resume'), 'pass/replayed');
  assert.equal(verdict(r, 'stream-isolation'), 'pass/isolated');
  // it speaks 2025-03-26, whose text has no retry: advice (2025-11-25 added it)
  assert.equal(verdict(r, 'sse-retry'), 'na/era-not-applicable');
});

test('conformance scenarios initialize and tools_call: reachable, tools listed, and exactly the spec breaches these minimal servers have', async () => {
  // These servers exist to test clients' handshakes, not to be complete servers: their shortcuts are
  // MUST breaches of the revision they speak, and the scan names each one (and nothing else).
  const expected: Record<string, string[]> = {
    // notifications/initialized → 200 with a JSON body (MUST: 202, no body); GET → 400 (MUST: a
    // stream or 405); MCP-Protocol-Version 1999-01-01 accepted (MUST: 400); no Origin check (MUST)
    initialize: ['get-stream-or-405', 'notification-202', 'origin-validation', 'protocol-version-header'],
    // GET → 404 text/html (MUST: a stream or 405); no Origin check
    tools_call: ['get-stream-or-405', 'origin-validation'],
  };
  for (const [name, fails] of Object.entries(expected)) {
    const r = await scenario(name);
    assert.equal(verdict(r, 'era'), 'pass/session', name);
    assert.equal(verdict(r, 'tools-list'), 'pass/listed', name);
    assert.deepEqual(r.rules.filter((x) => x.status === 'fail' || x.status === 'error').map((x) => x.id).sort(), fails, name);
  }
});
