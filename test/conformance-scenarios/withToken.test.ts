// The official conformance suite's auth scenarios again, now as a user who logged in: withToken.ts
// runs the scenario's own OAuth flow with the SDK's client and then scans with
// `--header "Authorization: Bearer <token>"`. The scan must get past the 401 and judge the rest
// (era, handshake, session and stream rules), while auth discovery is still judged from the
// unauthenticated requests — and the token must appear in no report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Result } from '../../src/contract/result.ts';
import type { Evidence } from '../../src/contract/evidence.ts';
import type { TokenReport } from './withToken.ts';

const require = createRequire(import.meta.url);
const CONFORMANCE = path.join(path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');
const WITH_TOKEN = fileURLToPath(new URL('./withToken.ts', import.meta.url));
const FORMATS = 'html,json,md,sarif,junit';

interface ScanWithToken {
  result: Result;
  evidence: Evidence;
  login: TokenReport;
  /** every report file the scan wrote, by name */
  reports: Map<string, string>;
  /** the scenario's own checks of the client (the login and the scan together) */
  checks: { id: string; status: string; description: string; details?: Record<string, unknown> }[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** Runs one client scenario with withToken.ts (login, then `agentready scan --quick --no-browser`) as the client. */
async function scanWithToken(name: string): Promise<ScanWithToken> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-with-token-'));
  const out = path.join(dir, 'out');
  const suiteResults = path.join(dir, 'suite');
  const loginFile = path.join(dir, 'login.json');
  try {
    // the suite splits the command on spaces: no spaces in these paths (mkdtemp under tmpdir)
    const command = `${process.execPath} ${WITH_TOKEN} --quick --no-browser --format ${FORMATS} --out ${out}`;
    // the suite exits 1 when one of its own client checks fails (our garbage-token probe is one): ours are the verdicts
    await new Promise<void>((resolve) => execFile(process.execPath, [CONFORMANCE, 'client', '--scenario', name, '--timeout', '90000', '-o', suiteResults, '--command', command],
      { timeout: 150_000, env: { ...process.env, WITH_TOKEN_REPORT: loginFile } }, () => resolve()));
    const login = JSON.parse(readFileSync(loginFile, 'utf8')) as TokenReport;
    assert.ok(login.token, `${name}: no token: ${login.error}`);
    const reports = new Map(filesUnder(out).map((f) => [path.basename(f), readFileSync(f, 'utf8')]));
    const checksFile = filesUnder(suiteResults).find((f) => path.basename(f) === 'checks.json');
    return {
      result: Result.parse(JSON.parse(reports.get('result.json') ?? 'null')),
      evidence: JSON.parse(reports.get('evidence.json') ?? 'null') as Evidence,
      login, reports,
      checks: checksFile ? JSON.parse(readFileSync(checksFile, 'utf8')) : [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = (r: Result, id: string) => {
  const x = r.rules.find((rule) => rule.id === id);
  return x ? `${x.status}/${x.outcome}` : 'missing';
};
const fails = (r: Result) => r.rules.filter((x) => x.status === 'fail' || x.status === 'error').map((x) => x.id).sort();

/** What every scan with a token shows about the credential and the unauthenticated discovery. */
function assertTokenHandling(name: string, s: ScanWithToken): void {
  const { login, evidence, reports } = s;
  assert.equal(login.scanExitCode, 0, `${name}: scan exit code`);
  // the credential is in no report: the header value is redacted wherever a request is recorded
  assert.ok(['result.json', 'evidence.json', 'report.html', 'report.md', 'report.sarif'].every((f) => reports.has(f)), `${name}: reports written: ${[...reports.keys()].join(', ')}`);
  for (const [file, text] of reports) assert.ok(!text.includes(login.token!), `${name}: the token appears in ${file}`);
  assert.deepEqual(evidence.probes.target.userHeaderNames, ['authorization']);
  // the scan's own MCP requests carry the user's header (redacted in the record)…
  const init = evidence.transcript.find((x) => x.probe === 'initialize' && x.response?.status === 200)!;
  assert.equal(init.request.headers.authorization, 'Bearer [redacted]', `${name}: initialize sent with the user's token`);
  // …and auth discovery still starts from a request without it, as a client without a token does
  const unauth = evidence.transcript.find((x) => x.probe === 'auth' && x.request.method === 'POST' && x.request.headers.authorization === undefined);
  assert.ok(unauth, `${name}: an unauthenticated request was sent`);
  assert.equal(unauth.response?.status, 401, `${name}: the unauthenticated request is challenged`);
  assert.match(unauth.response?.headers['www-authenticate'] ?? '', /^Bearer\b/);
  // the scenario's own checks of the client: the login looked like a real client's. The only
  // failure the suite may report is the garbage token the scan sends on purpose.
  const failed = s.checks.filter((c) => c.status === 'FAILURE').map((c) => c.id);
  assert.deepEqual([...new Set(failed)], ['invalid-bearer-token'], `${name}: the suite's client checks that failed`);
  if (login.grant === 'authorization_code') {
    const authorize = s.checks.find((c) => c.id === 'authorization-request');
    assert.ok(authorize, `${name}: the login went through the authorization endpoint`);
    // the 2025-03-26 fallback endpoints only record the method; the others verify the challenge
    const s256 = s.checks.some((c) => c.id === 'pkce-verifier-matches-challenge' && c.status === 'SUCCESS') ||
      (!s.checks.some((c) => c.id.startsWith('pkce-')) && authorize.details?.code_challenge_method === 'S256');
    assert.ok(s256, `${name}: PKCE S256 as the authorization server saw it`);
  }
}

/**
 * Every server of these scenarios is the suite's createServer: the SDK's StreamableHTTPServerTransport
 * without a session-id generator (stateless, so no Mcp-Session-Id), behind bearer auth, mounted on
 * POST /mcp only. Once authorized it is a 2025-11-25 server with exactly two MUST breaches: GET /mcp
 * is Express's 404 (2025-11-25 "Listening for Messages from the Server": text/event-stream or 405),
 * and it accepts any Origin on loopback (2025-11-25 Security Warning: servers MUST validate Origin).
 */
function assertPastThe401(name: string, r: Result): void {
  assert.equal(verdict(r, 'era'), 'pass/session', name);
  assert.equal(r.era, 'session', name);
  assert.equal(r.protocolVersion, '2025-11-25', name);
  assert.equal(verdict(r, 'tools-list'), 'pass/listed', name);
  assert.equal(verdict(r, 'notification-202'), 'pass/accepted', name);
  assert.equal(verdict(r, 'protocol-version-header'), 'pass/rejected', name);
  assert.equal(verdict(r, 'sse-content-type'), 'pass/labelled', name);
  assert.equal(verdict(r, 'sse-ends-with-response'), 'pass/ends', name);
  assert.equal(verdict(r, 'get-stream-or-405'), 'fail/notFoundOrBadRequest', name);
  assert.equal(verdict(r, 'origin-validation'), 'fail/acceptedLoopback', name);
  // judged, not blocked: no session id is minted, which is what these rules say
  for (const id of ['session-unknown-404', 'session-required-400', 'session-delete', 'session-id-entropy']) {
    assert.equal(verdict(r, id), 'na/noSession', `${name} ${id}`);
  }
  assert.ok(!r.rules.some((x) => x.outcome === 'authBlocked'), `${name}: nothing is left at "credentials required"`);
}

// 2025-11-25 discovery variants (and the token-endpoint ones, 2025-06-18 too; client credentials, an
// extension): the same discovery verdicts as without a token, and now everything behind the 401.
const CURRENT: Record<string, { challenge: string; asMetadata: string }> = {
  // resource_metadata in WWW-Authenticate
  'auth/metadata-default': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  // not in WWW-Authenticate: the well-known URL alone, allowed from 2025-11-25
  'auth/metadata-var1': { challenge: 'pass/wellKnownOnly', asMetadata: 'pass/valid' },
  'auth/metadata-var2': { challenge: 'pass/wellKnownOnly', asMetadata: 'pass/valid' },
  'auth/metadata-var3': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/basic-cimd': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/scope-from-www-authenticate': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/scope-from-scopes-supported': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/scope-omitted-when-undefined': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/token-endpoint-auth-basic': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/token-endpoint-auth-post': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/token-endpoint-auth-none': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  // no registration endpoint, no CIMD: clients are registered beforehand
  'auth/pre-registration': { challenge: 'pass/resourceMetadata', asMetadata: 'warn/noRegistration' },
  'auth/client-credentials-basic': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
  'auth/client-credentials-jwt': { challenge: 'pass/resourceMetadata', asMetadata: 'pass/valid' },
};

for (const [name, want] of Object.entries(CURRENT)) {
  test(`conformance scenario ${name} with a token: the scan continues past the 401 and still judges discovery`, async () => {
    const s = await scanWithToken(name);
    assertTokenHandling(name, s);
    const r = s.result;
    assertPastThe401(name, r);
    assert.deepEqual(s.evidence.probes.toolsList?.toolNames, ['test-tool'], 'the one tool the scenario server lists');
    assert.deepEqual(fails(r), ['get-stream-or-405', 'origin-validation']);
    assert.equal(verdict(r, 'auth-challenge'), want.challenge);
    assert.equal(verdict(r, 'authorization-server-metadata'), want.asMetadata);
    assert.equal(verdict(r, 'pkce-s256'), 'pass/s256');
    // a valid RFC 9728 document; without CORS only browser agents miss it (advice, a warn)
    assert.equal(verdict(r, 'protected-resource-metadata'), 'warn/noCors');
    for (const id of ['auth-challenge', 'protected-resource-metadata', 'authorization-server-metadata', 'pkce-s256']) {
      assert.deepEqual(r.rules.find((x) => x.id === id)?.judgedAgainst, ['2025-11-25'], `${id}: judged against the revision the server negotiated`);
    }
  });
}

// The 2025-03-26 discovery (no RFC 9728 document; AS metadata, or the default endpoints, at the MCP
// server's origin). Behind the 401 the revision was unknown, so it was a warn naming 2025-03-26;
// with a token the server is seen to negotiate 2025-11-25, whose Authorization Server Location says
// "MCP servers MUST implement the OAuth 2.0 Protected Resource Metadata (RFC9728)". That is one
// root cause: no metadata document; the authorization-server lookup depends on it.
for (const [name, pkce] of [['auth/2025-03-26-oauth-metadata-backcompat', 'pass/s256'], ['auth/2025-03-26-oauth-endpoint-fallback', 'na/noMetadata']]) {
  test(`conformance scenario ${name} with a token: a 2025-11-25 server without RFC 9728 metadata fails that MUST`, async () => {
    const s = await scanWithToken(name);
    assertTokenHandling(name, s);
    const r = s.result;
    assertPastThe401(name, r);
    const prm = r.rules.find((x) => x.id === 'protected-resource-metadata')!;
    assert.equal(`${prm.status}/${prm.outcome}`, 'fail/notFound');
    assert.deepEqual(prm.judgedAgainst, ['2025-11-25']);
    assert.match(prm.detail, /oauth-protected-resource\/mcp → 404/);
    assert.equal(verdict(r, 'auth-challenge'), 'fail/noResourceMetadata');
    assert.equal(verdict(r, 'authorization-server-metadata'), 'na/noPrm');
    assert.equal(verdict(r, 'pkce-s256'), pkce);
    assert.deepEqual(fails(r), ['auth-challenge', 'get-stream-or-405', 'origin-validation', 'protected-resource-metadata']);
  });
}
