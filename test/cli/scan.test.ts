// The command line as users meet it: a real child process, real servers, exit codes,
// stdout discipline and one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import { Result } from '../../src/contract/result.ts';
import { Evidence } from '../../src/contract/evidence.ts';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));
// These tests are about the CLI, not timing: a keep-alive threshold well above the demo server's
// 0.4 s cadence, so a loaded machine that starves the server for 2 s does not fail a rule here.
const FAST = ['--keepalive-max', '3', '--stream-window', '2', '--deadline', '15', '--no-browser'];

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

test('scan --json prints only the Result on stdout and writes reports, exit 0', async () => {
  const server = await startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 });
  const out = await mkdtemp(path.join(tmpdir(), 'agentready-cli-'));
  try {
    const r = await run(['scan', server.url, '--json', '--out', out, '--format', 'html,json,md,sarif,junit', ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const result = Result.parse(JSON.parse(r.stdout));
    assert.equal(result.url, server.url);
    assert.deepEqual(result.rules.filter((x) => x.status === 'fail').map((x) => `${x.id}/${x.outcome}: ${x.detail}`), []);
    const files = (await readdir(out)).sort();
    for (const f of ['evidence.json', 'report.html', 'report.junit.xml', 'report.md', 'report.sarif', 'result.json']) assert.ok(files.includes(f), `${f} in ${files}`);
    // rescore re-judges the saved evidence offline to the same scores
    const again = await run(['rescore', path.join(out, 'evidence.json'), '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).scores, result.scores);
    // written without a schema pass at run time: what was written must still match the schemas
    const saved = Result.parse(JSON.parse(await readFile(path.join(out, 'result.json'), 'utf8')));
    assert.deepEqual(saved.scores, result.scores);
    Evidence.parse(JSON.parse(await readFile(path.join(out, 'evidence.json'), 'utf8')));
  } finally {
    await server.close();
  }
});

test('the terminal summary names failing rules with their fix', async () => {
  const { startFlawedServer } = await import('../../src/demo/flawed.ts');
  const server = await startFlawedServer({ flaws: ['unknown-session-400'], keepAliveMs: 400, notifyEveryMs: 250 });
  const out = await mkdtemp(path.join(tmpdir(), 'agentready-cli-'));
  try {
    const r = await run(['scan', server.url, '--out', out, ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Overall\s+\d+/);
    assert.match(r.stdout, /session-unknown-404/);
    assert.match(r.stdout, /fix: .*404/);
    assert.doesNotMatch(r.stdout, /\u001b/, 'no escape sequences with NO_COLOR and no TTY');
  } finally {
    await server.close();
  }
});

test('an unreachable target exits 3 and still writes the report', async () => {
  const server = await startWellBehavedServer();
  const url = server.url;
  await server.close();
  const out = await mkdtemp(path.join(tmpdir(), 'agentready-cli-'));
  const r = await run(['scan', url, '--out', out, '--deadline', '5', '--no-browser']);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /Not reachable as MCP: connect/);
  assert.ok((await readdir(out)).includes('report.html'));
});

for (const [args, pattern] of [
  [['scan'], /scan needs a URL/],
  [['scan', 'not a url'], /is not a valid URL/],
  [['scan', 'ftp://example.com/mcp'], /must be http:\/\/ or https:\/\//],
  [['scan', 'https://user:pw@example.com/mcp'], /must not carry credentials/],
  [['scan', 'https://example.com/mcp', '--header', 'NoColon'], /is not "Name: value"/],
  [['scan', 'https://example.com/mcp', '--deadline', 'soon'], /--deadline "soon" must be a number of seconds/],
  [['scan', 'https://example.com/mcp', '--format', 'pdf'], /--format/],
  [['scan', 'https://example.com/mcp', '--call-tool', 'echo={bad'], /not valid JSON/],
  [['scan', 'https://example.com/mcp', '--bogus'], /Unknown option/],
  [['frobnicate'], /unknown command "frobnicate"/],
  [['rescore', '/nonexistent/evidence.json'], /cannot read/],
] as [string[], RegExp][]) {
  test(`bad input exits 2 with one line: ${args.join(' ')}`, async () => {
    const r = await run(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.equal(r.stdout, '');
  });
}
