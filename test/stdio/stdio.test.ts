// Real processes: scans stdio servers spawned from test/stdio/*.ts and checks the rule
// outcomes, the Evidence, and that no process (child or grandchild) outlives the scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { scanStdio } from '../../src/engine/scanStdio.ts';
import { Evidence } from '../../src/contract/evidence.ts';
import { liveChildren, minimalEnv, parseCommand } from '../../src/net/stdioProcess.ts';
import { writeOutputs } from '../../reports/output.ts';
import type { Result } from '../../src/contract/result.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const node = (script: string, ...args: string[]) => [JSON.stringify(process.execPath), script, ...args].join(' ');
const FAST = { exitGraceMs: 1_000, termGraceMs: 1_000, requestTimeoutMs: 5_000 };

const outcomes = (r: Result) => Object.fromEntries(r.rules.filter((x) => x.outcome !== 'transport-not-applicable').map((x) => [x.id, x.outcome]));

function gone(pid: number): boolean {
  try { process.kill(pid, 0); } catch (err) { return (err as NodeJS.ErrnoException).code === 'ESRCH'; }
  // a zombie (killed, not yet reaped by its new parent) is gone for our purpose
  try { return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

async function waitGone(pid: number, ms = 3_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (gone(pid)) return true;
  return gone(pid);
}

test('stdio: a well-behaved SDK server passes every stdio rule; HTTP-only rules are not applicable', async () => {
  const { evidence, result } = await scanStdio({ command: node('test/stdio/wellBehaved.ts'), cwd: ROOT, env: { API_TOKEN: 'sk-very-secret' }, options: FAST });
  Evidence.parse(evidence);
  assert.equal(evidence.url, `stdio:${node('test/stdio/wellBehaved.ts')}`);
  assert.equal(evidence.probes.target.scheme, 'stdio');
  assert.deepEqual(evidence.probes.era.revisions, ['2025-11-25']);
  assert.equal(result.transport, 'stdio');
  assert.equal(result.server.name, 'agentready-stdio-well-behaved');
  assert.deepEqual(pick(outcomes(result), ['era', 'tools-list', 'stdio-handshake', 'stdio-stdout-clean', 'stdio-framing', 'stdio-stderr-logging', 'latency', 'stdio-clean-exit']), {
    era: 'stdio', 'tools-list': 'listed', 'stdio-handshake': 'completed', 'stdio-stdout-clean': 'clean', 'stdio-framing': 'framed',
    'stdio-stderr-logging': 'logsOnStderr', latency: 'fast', 'stdio-clean-exit': 'exitedOnClose',
  });
  assert.equal(result.rules.find((r) => r.id === 'post-content-type')?.outcome, 'transport-not-applicable');
  assert.equal(result.scores.D2, 100);
  assert.equal(result.scores.D7, null);
  // --env: names recorded, values never
  assert.deepEqual(evidence.probes.stdio?.envNames, ['API_TOKEN']);
  assert.ok(!JSON.stringify(evidence).includes('sk-very-secret'));
  assert.ok(!JSON.stringify(result).includes('sk-very-secret'));
  // the transcript of lines, both directions
  const lines = evidence.probes.stdio!.lines;
  assert.equal(lines[0].dir, 'in');
  assert.match(lines[0].text, /"method":"initialize".*"protocolVersion":"2025-11-25"/);
  assert.ok(lines.some((l) => l.dir === 'out' && l.kind === 'jsonrpc' && l.text.includes('"tools"')));
  assert.ok(await waitGone(evidence.probes.stdio!.pid!));
  assert.equal(liveChildren(), 0);
  // reports are written exactly as for an HTTP scan
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-stdio-'));
  try {
    const files = await writeOutputs(result, evidence, dir, ['html', 'json', 'md']);
    assert.ok(files.some((f) => f.path.endsWith('report.html')));
    assert.match(readFileSync(path.join(dir, 'report.md'), 'utf8'), /stdio-clean-exit/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

function pick(o: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

test('stdio: a banner on stdout fails stdio-stdout-clean, the offending lines quoted', async () => {
  const { result } = await scanStdio({ command: node('test/stdio/banner.ts'), cwd: ROOT, options: FAST });
  const clean = result.rules.find((r) => r.id === 'stdio-stdout-clean')!;
  assert.equal(clean.outcome, 'noise');
  assert.equal(clean.status, 'fail');
  assert.ok(clean.detail.includes('line 1: "Weather MCP server v1.2 starting…"'), clean.detail);
  assert.ok(clean.detail.includes('\\r loading'), 'the carriage return of the progress bar is shown escaped');
  assert.equal(result.rules.find((r) => r.id === 'stdio-stderr-logging')!.outcome, 'logsOnStdout');
  assert.equal(result.rules.find((r) => r.id === 'stdio-handshake')!.outcome, 'completed');
  // a polluted stdout keeps the server out of the top tier, however good the rest is
  assert.deepEqual(result.caps.filter((c) => c.ruleId === 'stdio-stdout-clean').map((c) => [c.dimension, c.max]), [['D2', 60]]);
  assert.ok(result.scores.D2 !== null && result.scores.D2 <= 60, `D2 ${result.scores.D2}`);
  assert.notEqual(result.tier, 'platinum');
});

test('stdio: a server that ignores stdin close and SIGTERM is SIGKILLed with its grandchild', async () => {
  const t0 = Date.now();
  const { evidence, result } = await scanStdio({ command: node('test/stdio/neverExits.ts'), cwd: ROOT, options: FAST });
  const exit = evidence.probes.stdio!.exit;
  assert.equal(exit.how, 'sigkill');
  assert.equal(exit.signal, 'SIGKILL');
  const rule = result.rules.find((r) => r.id === 'stdio-clean-exit')!;
  assert.equal(rule.outcome, 'neededSigkill');
  assert.equal(rule.status, 'fail');
  assert.ok(Date.now() - t0 < 6_000, 'bounded by the grace periods');
  const grandchild = Number(/grandchild (\d+)/.exec(evidence.probes.stdio!.stderr.excerpt)?.[1]);
  assert.ok(grandchild > 0, 'the server reported its grandchild');
  assert.ok(await waitGone(evidence.probes.stdio!.pid!), 'the server is gone');
  assert.ok(await waitGone(grandchild), 'its grandchild is gone too');
  assert.equal(result.rules.find((r) => r.id === 'era')!.outcome, 'stdio');
  assert.deepEqual(evidence.probes.era.revisions, ['2025-06-18'], 'the negotiated (older) revision');
});

test('stdio: a crash mid-handshake fails the handshake and clean exit, and says why', async () => {
  const { evidence, result } = await scanStdio({ command: node('test/stdio/crashes.ts'), cwd: ROOT, options: FAST });
  const o = outcomes(result);
  assert.equal(o['stdio-handshake'], 'crashed');
  assert.equal(o['stdio-clean-exit'], 'exitedEarly');
  assert.equal(o.era, 'unreachable');
  assert.equal(evidence.probes.stdio!.exit.code, 3);
  assert.match(result.rules.find((r) => r.id === 'stdio-handshake')!.detail, /exited \(code 3\); stderr: "Error: DATABASE_URL is not set"/);
  assert.match(evidence.probes.era.unreachableReason ?? '', /exited \(code 3\) before answering initialize/);
});

test('stdio: framing faults — pretty-printed messages, invalid UTF-8, blank lines, refused newest revision', async () => {
  const pretty = await scanStdio({ command: node('test/stdio/sloppy.ts', 'pretty'), cwd: ROOT, options: FAST });
  assert.equal(outcomes(pretty.result)['stdio-framing'], 'splitMessages');
  assert.equal(outcomes(pretty.result)['stdio-handshake'], 'splitAnswers');
  assert.ok(pretty.evidence.probes.stdio!.lines.some((l) => l.kind === 'fragment'));
  const latin1 = await scanStdio({ command: node('test/stdio/sloppy.ts', 'latin1'), cwd: ROOT, options: FAST });
  assert.equal(outcomes(latin1.result)['stdio-framing'], 'invalidUtf8');
  const blank = await scanStdio({ command: node('test/stdio/sloppy.ts', 'blank', 'refuse'), cwd: ROOT, options: FAST });
  assert.equal(outcomes(blank.result)['stdio-stdout-clean'], 'blankLines');
  assert.equal(outcomes(blank.result)['stdio-handshake'], 'refusedNewest');
  assert.deepEqual(blank.evidence.probes.stdio!.handshake.attempts.map((a) => a.requestedVersion), ['2025-11-25', '2025-06-18']);
});

test('stdio: the scan deadline kills a silent server; a command that does not exist is reported', async () => {
  const t0 = Date.now();
  const { evidence, result } = await scanStdio({ command: node('-e', '"setInterval(() => {}, 1000)"'), options: { ...FAST, deadlineMs: 1_500 } });
  assert.ok(Date.now() - t0 < 4_000);
  assert.equal(outcomes(result)['stdio-handshake'], 'noAnswer');
  assert.equal(evidence.probes.stdio!.exit.how, 'deadline');
  assert.equal(outcomes(result)['stdio-clean-exit'], 'cutShort');
  assert.ok(await waitGone(evidence.probes.stdio!.pid!));

  const missing = await scanStdio({ command: 'agentready-no-such-command --flag', options: FAST });
  assert.equal(missing.evidence.probes.stdio!.spawned, false);
  assert.match(missing.evidence.probes.era.unreachableReason ?? '', /could not be started \(ENOENT/);
  assert.equal(outcomes(missing.result)['stdio-handshake'], 'notStarted');
  assert.equal(outcomes(missing.result).era, 'unreachable');
});

test('stdio: the child gets a minimal environment plus --env, not ours', async () => {
  process.env.AGENTREADY_TEST_PARENT_SECRET = 'parent-only';
  try {
    const { evidence } = await scanStdio({
      command: node('-e', '"console.error(JSON.stringify(Object.keys(process.env).sort()))"'),
      env: { FOO: 'bar' }, options: FAST,
    });
    const names = JSON.parse(evidence.probes.stdio!.stderr.excerpt.trim()) as string[];
    assert.ok(names.includes('FOO') && names.includes('PATH'), names.join(','));
    assert.ok(!names.includes('AGENTREADY_TEST_PARENT_SECRET'));
  } finally { delete process.env.AGENTREADY_TEST_PARENT_SECRET; }
  assert.deepEqual(Object.keys(minimalEnv({ X: '1' }, { PATH: '/bin', HOME: '/h', SECRET: 's', LANG: 'C', TMPDIR: '/t' }, 'linux')).sort(), ['HOME', 'LANG', 'PATH', 'TMPDIR', 'X']);
});

test('stdio: commands are split like a shell would, and shell syntax is refused', () => {
  assert.deepEqual(parseCommand(`node "my server.js" --name 'a b' c\\ d`), { file: 'node', args: ['my server.js', '--name', 'a b', 'c d'] });
  for (const bad of ['node s.js | tee log', 'a && b', 'node s.js > out.txt', 'node *.js', 'node $SCRIPT', 'a; b', '']) {
    assert.throws(() => parseCommand(bad), /--stdio/, bad);
  }
});

test('stdio: interrupting the scanner (SIGINT) kills the live child and its grandchild', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-int-'));
  const pidFile = path.join(dir, 'pids');
  const scanner = spawn(process.execPath, ['test/stdio/interrupted.ts', pidFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  scanner.stdout.on('data', (d: Buffer) => { out += d; });
  try {
    // wait until the handshake is over and the scanner waits for the child to exit
    for (const end = Date.now() + 8_000; !out.includes('shutting down') && Date.now() < end;) await sleep(50);
    assert.ok(out.includes('shutting down'), `scanner output: ${out}`);
    assert.ok(existsSync(pidFile));
    const [server, grandchild] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    assert.ok(!gone(server) && !gone(grandchild), 'both alive before the interrupt');
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => scanner.once('exit', (code, signal) => r({ code, signal })));
    scanner.kill('SIGINT');
    const how = await exited;
    assert.equal(how.signal, 'SIGINT', 'the scanner dies of SIGINT, as without the handler');
    assert.ok(await waitGone(server), 'server killed');
    assert.ok(await waitGone(grandchild), 'grandchild killed');
    assert.ok(!out.includes('scan finished'));
  } finally {
    scanner.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/agentready.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d; });
    p.stderr.on('data', (d: Buffer) => { stderr += d; });
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('stdio CLI: scan --stdio writes the same reports; shell syntax and misplaced flags are one-line usage errors', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-cli-'));
  try {
    const ok = await cli(['scan', '--stdio', node('test/stdio/wellBehaved.ts'), '--env', 'TOKEN=abc123', '--json', '-o', dir]);
    assert.equal(ok.code, 0, ok.stderr);
    const result = JSON.parse(ok.stdout) as Result;
    assert.equal(result.transport, 'stdio');
    assert.ok(result.url.startsWith('stdio:'));
    assert.ok(existsSync(path.join(dir, 'report.html')) && existsSync(path.join(dir, 'evidence.json')));
    assert.ok(!readFileSync(path.join(dir, 'evidence.json'), 'utf8').includes('abc123'));
    for (const [args, pattern] of [
      [['scan', '--stdio', 'node server.js | tee log'], /shell operator "\|"/],
      [['scan', '--stdio', 'node server.js', 'https://example.com/mcp'], /give no URL/],
      [['scan', '--stdio', 'node server.js', '--env', 'NOT AN ASSIGNMENT'], /--env .* is not KEY=VALUE/],
      [['scan', 'https://example.com/mcp', '--cwd', '/tmp'], /go with --stdio/],
    ] as [string[], RegExp][]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
