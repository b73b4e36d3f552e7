// The GitHub Action end to end: action.yml's scan step run the way the runner runs it,
// against the demo endpoints on loopback — job summary, step outputs, annotations, report
// files, the merged SARIF, exit status for passing and failing gates, bad input, and
// header values that must never show up anywhere but in ::add-mask::.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import { startFlawedServer } from '../../src/demo/flawed.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import { DEMO_FLAWS } from '../../src/cli/demo.ts';
import { Manifest } from '../../src/batch/manifest.ts';
import { FAST_ARGS, ROOT, baseEnv, commandsOf, evaluate, loadAction, makeWorkspace, removeWorkspaces, runAsNodeAction, runScanStep, type ActionStep, type Command } from './harness.ts';

let well: RunningServer;
let flawed: RunningServer;
let echo: Server;
let echoUrl: string;

before(async () => {
  well = await startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 250 });
  flawed = await startFlawedServer({ flaws: DEMO_FLAWS, keepAliveMs: 300, notifyEveryMs: 250 });
  // a server that quotes the credentials it was sent back in its error messages
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      let id: unknown = null;
      try { id = JSON.parse(body).id ?? null; } catch { /* not JSON */ }
      res.writeHead(req.method === 'POST' ? 200 : 405, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32001, message: `credentials rejected: ${req.headers.authorization} / ${req.headers['x-api-key']}` } }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}/mcp`;
});
after(async () => {
  await Promise.all([well.close(), flawed.close(), new Promise((resolve) => echo.close(resolve))]);
  removeWorkspaces();
});

const annotations = (cmds: Command[]) => cmds.filter((c) => c.name === 'error' || c.name === 'warning' || c.name === 'notice');
// biome-ignore lint/suspicious/noExplicitAny: the tests read many JSON shapes
const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p)); else out.push(p);
  }
  return out;
}

test('passing gate: two endpoints from urls-file → exit 0, outputs, summary, annotations, reports and one SARIF', async () => {
  const ws = makeWorkspace({
    'mcp-endpoints.txt': `# the demo endpoints\n${well.url}\n${flawed.url}\n`,
    // an earlier run's report folder: replaced, not mixed in
    'agentready-reports/manifest.json': JSON.stringify({ kind: 'agentready-batch' }),
    'agentready-reports/old-endpoint/report.html': 'stale',
  });
  const r = await runScanStep(ws, { 'urls-file': 'mcp-endpoints.txt', 'fail-under': '50', quick: 'true', args: FAST_ARGS });
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // outputs
  const reportDir = path.join(ws.dir, 'agentready-reports');
  assert.equal(r.outputs['report-dir'], reportDir);
  assert.equal(r.outputs.manifest, path.join(reportDir, 'manifest.json'));
  assert.equal(r.outputs.sarif, path.join(reportDir, 'agentready.sarif'));
  assert.equal(r.outputs.passed, 'true');
  const m = Manifest.parse(readJson(r.outputs.manifest!));
  assert.equal(m.endpoints.length, 2);
  const scores = m.endpoints.map((e) => e.scores.overall!);
  assert.equal(Number(r.outputs.overall), m.totals.meanOverall);
  assert.equal(Number(r.outputs.lowest), Math.min(...scores));
  const flawedEntry = m.endpoints.find((e) => e.url === flawed.url)!;
  const wellEntry = m.endpoints.find((e) => e.url === well.url)!;
  assert.ok(flawedEntry.scores.overall! < wellEntry.scores.overall!);
  assert.ok(flawedEntry.counts!.fail > 0);

  // report files: the earlier run is gone; each endpoint has every format asked for
  assert.ok(!existsSync(path.join(reportDir, 'old-endpoint')));
  for (const f of ['manifest.json', 'index.html', 'summary.md', 'results.jsonl', 'agentready.sarif']) assert.ok(existsSync(path.join(reportDir, f)), f);
  for (const e of m.endpoints) {
    for (const f of ['report.html', 'report.md', 'result.json', 'report.sarif', 'evidence.json']) assert.ok(existsSync(path.join(reportDir, e.dir, f)), `${e.dir}/${f}`);
  }

  // the merged SARIF: valid, one run, every finding of both endpoints, pointing at the list line
  const sarif = readJson(r.outputs.sarif!);
  const schema = readJson(path.join(ROOT, 'test/reports/sarif-2.1.0.subset.schema.json'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  const doc: unknown = structuredClone(sarif);
  assert.ok(ajv.validate(schema, doc), ajv.errorsText(ajv.errors));
  assert.equal(sarif.runs.length, 1);
  const run = sarif.runs[0];
  assert.equal(run.automationDetails.id, 'agentready/');
  const expected = m.endpoints.reduce((n, e) => n + e.counts!.fail + e.counts!.warn, 0);
  assert.equal(run.results.length, expected);
  const lineOf = (url: string) => url === well.url ? 2 : 3;
  for (const res of run.results) {
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    const loc = res.locations[0];
    assert.equal(loc.physicalLocation.artifactLocation.uri, 'mcp-endpoints.txt');
    assert.equal(loc.physicalLocation.region.startLine, lineOf(loc.logicalLocations[0].fullyQualifiedName));
  }
  assert.equal(new Set(run.tool.driver.rules.map((d: { id: string }) => d.id)).size, run.tool.driver.rules.length);

  // annotations: one per failing/warning rule of the flawed endpoint, on its line of the list
  const cmds = commandsOf(r.stdout);
  const notes = annotations(cmds);
  assert.ok(notes.length > 0 && notes.length <= 51);
  const flawedResult = readJson(path.join(reportDir, flawedEntry.reports.json!));
  for (const rule of flawedResult.rules.filter((x: { status: string }) => x.status === 'fail' || x.status === 'warn')) {
    const a = notes.find((n) => n.props.title === `agentready ${rule.id}`);
    assert.ok(a, `annotation for ${rule.id}`);
    assert.equal(a.name, rule.status === 'fail' ? 'error' : 'warning');
    assert.equal(a.props.file, 'mcp-endpoints.txt');
    assert.equal(a.props.line, '3');
    assert.ok(a.message.startsWith(`${flawed.url}: ${rule.title}`), a.message);
    if (rule.fix) assert.ok(a.message.includes(` — ${rule.fix.slice(0, 40)}`), a.message);
  }
  assert.ok(!notes.some((n) => n.message.startsWith(well.url)), 'nothing to say about the well-behaved endpoint');
  // the batch's own output ran with workflow commands off
  assert.match(r.stdout, /^::stop-commands::agentready-[0-9a-f]{32}$/m);
  assert.match(r.stdout, /agentready batch — 2 endpoints/);

  // the job summary
  const s = r.summary;
  assert.match(s, /^## agentready: ✅ assertions passed — 2 MCP endpoints/);
  for (const e of m.endpoints) {
    const row = s.split('\n').find((l) => l.startsWith(`| ${e.url} |`));
    assert.ok(row, `row for ${e.url}`);
    const cells = row.split('|').map((c) => c.trim());
    assert.deepEqual(cells.slice(4, 8), [e.scores.overall, e.scores.D2, e.scores.D7, e.scores.D8].map(String));
  }
  assert.match(s, /From `fail-under: 50`\./);
  assert.match(s, /### What to fix/);
  const failing = flawedResult.rules.find((x: { status: string; fix?: string }) => x.status === 'fail' && x.fix);
  assert.ok(s.includes(`\`${failing.id}\``));
  assert.match(s, /<br>\*\*Fix:\*\* /);
  assert.match(s, /workflow artifact \*\*agentready-reports\*\*/);
  assert.match(s, /`agentready-reports\/agentready\.sarif`/);
});

test('failing gate: fail-under above an endpoint\'s score → exit 1, passed=false, the reason in the summary and first among the annotations', async () => {
  const workflow = `on: push\njobs:\n  scan:\n    steps:\n      - uses: agentready/agentready@v1\n        with:\n          urls: |\n            ${well.url}\n            ${flawed.url}\n`;
  const ws = makeWorkspace({ '.github/workflows/ci.yml': workflow });
  const r = await runScanStep(ws, { urls: `${well.url}\n${flawed.url}\n`, 'fail-under': '95', quick: 'true', args: FAST_ARGS },
    { GITHUB_WORKFLOW_REF: 'octo/service/.github/workflows/ci.yml@refs/heads/main', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/service', GITHUB_RUN_ID: '42' });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.outputs.passed, 'false');
  const m = Manifest.parse(readJson(r.outputs.manifest!));
  const low = m.endpoints.find((e) => e.url === flawed.url)!.scores.overall!;
  assert.ok(low < 95);
  assert.equal(r.outputs.lowest, String(low));

  const first = annotations(commandsOf(r.stdout))[0]!;
  assert.equal(first.name, 'error');
  assert.equal(first.props.title, 'agentready --fail-under');
  assert.equal(first.message, `${flawed.url}: overall score ${low} is below --fail-under 95`);
  // the URL's line in the workflow file that lists it (the urls input)
  assert.equal(first.props.file, '.github/workflows/ci.yml');
  assert.equal(first.props.line, String(workflow.split('\n').findIndex((l) => l.includes(flawed.url)) + 1));

  assert.match(r.summary, /^## agentready: ❌ 1 assertion failed — 2 MCP endpoints/);
  assert.match(r.summary, /### Assertions: ❌ 1 failed — this fails the job/);
  assert.ok(r.summary.includes(`- ❌ ${flawed.url} — overall score ${low} is below --fail-under 95`));
  assert.match(r.summary, /listed on the \[run page\]\(https:\/\/github\.com\/octo\/service\/actions\/runs\/42#artifacts\)/);
  assert.match(r.stdout, /1 assertion failed — failing the step/);
});

test('a config with a rule at level error fails the job; rules set to off are not annotated; no sarif format, no sarif output', async () => {
  const ws = makeWorkspace({
    'ci/agentready.config.json': JSON.stringify({ rules: { 'session-unknown-404': 'error', 'session-id-entropy': 'off' } }),
  });
  const r = await runScanStep(ws, { urls: flawed.url, config: 'ci/agentready.config.json', formats: 'json,md', quick: 'true', args: FAST_ARGS });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.outputs.passed, 'false');
  assert.equal(r.outputs.sarif, '');
  assert.ok(!existsSync(path.join(ws.dir, 'agentready-reports', 'agentready.sarif')));

  const notes = annotations(commandsOf(r.stdout));
  const rule = notes.find((n) => n.props.title === 'agentready session-unknown-404')!;
  assert.equal(rule.name, 'error');
  assert.equal(notes[0], rule, 'the rule that fails the job is annotated first');
  assert.equal(rule.props.file, 'ci/agentready.config.json');
  assert.ok(!notes.some((n) => n.props.title === 'agentready session-id-entropy'), 'level off: not annotated');

  assert.match(r.summary, /From config `ci\/agentready\.config\.json`\./);
  assert.ok(r.summary.includes(`- ❌ ${flawed.url} — rule session-unknown-404 failed \\(level error\\)`), r.summary);
  assert.match(r.summary, /`session-unknown-404` \*\*Unknown sessions are not answered 404\*\* \(MUST, D8\) — \*\*fails the job\*\*/);
  assert.match(r.summary, /1 failing rule result hidden \(level `off`\)/);
  assert.doesNotMatch(r.summary, /`session-id-entropy`/);
});

test('header values are masked before anything is printed and appear nowhere else — not in stdout, the summary, the outputs or the reports', async () => {
  const token = 's3cr3t-T0ken,with:punct%uation';
  const apiKey = 'k3y-0f-th3-s3rv1c3';
  const ws = makeWorkspace();
  const r = await runScanStep(ws, {
    urls: `${well.url}\n${echoUrl}`,
    headers: `Authorization: Bearer ${token}\nX-Api-Key: ${apiKey}\n`,
    quick: 'true', args: FAST_ARGS,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // the first lines of the step's output are the masks, escaped per the command rules
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 3).sort(), [
    `::add-mask::Bearer ${token.replace(/%/g, '%25')}`, `::add-mask::${token.replace(/%/g, '%25')}`, `::add-mask::${apiKey}`,
  ].sort());
  const rest = lines.slice(3).join('\n');
  for (const secret of [token, apiKey, encodeURIComponent(token)]) {
    assert.ok(!rest.includes(secret), 'stdout after the masks');
    assert.ok(!r.stderr.includes(secret), 'stderr');
    assert.ok(!r.summary.includes(secret), 'summary');
    assert.ok(!Object.values(r.outputs).some((v) => v.includes(secret)), 'outputs');
    for (const f of walk(r.outputs['report-dir']!)) assert.ok(!readFileSync(f, 'utf8').includes(secret), `${path.relative(ws.dir, f)} holds a header value`);
  }
  assert.match(rest, /--header "Authorization: \*\*\*" --header "X-Api-Key: \*\*\*"/);
  assert.match(r.summary, /headers sent: `Authorization`, `X-Api-Key` \(values masked\)/);

  const m = Manifest.parse(readJson(r.outputs.manifest!));
  // the scanner redacts what it sent in the evidence …
  const wellEvidence = readFileSync(path.join(r.outputs['report-dir']!, m.endpoints.find((e) => e.url === well.url)!.reports.evidence!), 'utf8');
  assert.ok(/"authorization": ?"Bearer \[redacted\]"/.test(wellEvidence), 'Authorization redacted in the evidence');
  assert.ok(/"x-api-key": ?"\[redacted\]"/.test(wellEvidence), 'X-Api-Key redacted in the evidence');
  // … and what a server echoed back is scrubbed by the action
  const echoEvidence = readFileSync(path.join(r.outputs['report-dir']!, m.endpoints.find((e) => e.url === echoUrl)!.reports.evidence!), 'utf8');
  assert.ok(echoEvidence.includes('credentials rejected: *** / ***'), 'the echoed credentials are scrubbed');
});

test('unreachable endpoints alone do not fail the job; the runner also reads INPUT_* (a node action\'s inputs)', async () => {
  const dead = 'http://127.0.0.1:9/mcp';
  const ws = makeWorkspace();
  const r = await runAsNodeAction(ws, { urls: dead, quick: 'true', args: '--deadline 5 --connect-timeout 2 --no-browser', 'artifact-name': 'scan-results' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.passed, 'true');
  const w = annotations(commandsOf(r.stdout)).find((n) => n.props.title === 'agentready unreachable');
  assert.ok(w, r.stdout);
  assert.equal(w.name, 'warning');
  assert.ok(w.message.startsWith(`${dead}: not reachable as MCP`), w.message);
  assert.match(r.summary, /^## agentready: ℹ️ scanned \(no assertions configured\) — 1 MCP endpoint/);
  assert.match(r.summary, /\*\*unreachable\*\*/);
  assert.match(r.summary, /### Assertions: none configured/);
  assert.match(r.summary, /workflow artifact \*\*scan-results\*\*/);
});

for (const [name, inputs, files, pattern, where] of [
  ['no endpoints', { urls: '  \n' }, {}, /^no endpoints: set urls/, undefined],
  ['an invalid line in urls-file', { 'urls-file': 'list.txt' }, { 'list.txt': 'https://ok.example/mcp\nftp://nope.example/mcp\n' }, /^list\.txt:2: .*must be http:\/\/ or https:\/\//, { file: 'list.txt', line: '2' }],
  ['an invalid line in urls', { urls: 'https://ok.example/mcp\nnot a url' }, {}, /^urls input, line 2: /, undefined],
  ['a missing urls-file', { 'urls-file': 'nope.txt' }, {}, /^urls-file nope\.txt: no such file/, undefined],
  ['a bad fail-under', { urls: 'https://ok.example/mcp', 'fail-under': 'lots' }, {}, /^fail-under "lots" must be a score between 0 and 100/, undefined],
  ['a malformed config', { urls: 'https://ok.example/mcp', config: 'c.json' }, { 'c.json': '{"minScore": "high"}' }, /^c\.json: minScore: /, undefined],
  ['an unknown format', { urls: 'https://ok.example/mcp', formats: 'html,pdf' }, {}, /^formats: unknown report format "pdf"/, undefined],
  ['a header line without a colon (not echoed)', { urls: 'https://ok.example/mcp', headers: 'justAToken123' }, {}, /^headers line 1 is not "Name: value" \(the value is not shown\)$/, undefined],
  ['a managed flag in args', { urls: 'https://ok.example/mcp', args: '--out elsewhere' }, {}, /^args: --out is set by the action/, undefined],
  ['an output-dir holding other files', { urls: 'https://ok.example/mcp', 'output-dir': 'src' }, { 'src/index.ts': 'keep me' }, /^output-dir "src" already holds other files/, undefined],
  ['an output-dir holding the workspace', { urls: 'https://ok.example/mcp', 'output-dir': '..' }, {}, /^output-dir "\.\." would hold /, undefined],
] as [string, Record<string, string>, Record<string, string>, RegExp, { file: string; line: string } | undefined][]) {
  test(`bad input (${name}) → exit 2 with a clear ::error::, nothing scanned`, async () => {
    const ws = makeWorkspace(files);
    const r = await runScanStep(ws, inputs);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const errors = commandsOf(r.stdout).filter((c) => c.name === 'error');
    assert.ok(errors.length >= 1, r.stdout);
    assert.equal(errors[0]!.props.title, 'agentready: bad input');
    assert.match(errors[0]!.message, pattern);
    if (where) assert.deepEqual({ file: errors[0]!.props.file, line: errors[0]!.props.line }, where);
    assert.equal(r.outputs.passed, 'false');
    assert.equal(r.outputs['report-dir'], '');
    assert.match(r.summary, /^## agentready: ❌ bad input/);
    if (inputs.headers) assert.ok(!r.stdout.replace(/^::add-mask::.*$/m, '').includes(inputs.headers));
    if (files['src/index.ts']) assert.equal(readFileSync(path.join(ws.dir, 'src/index.ts'), 'utf8'), 'keep me');
  });
}

test('working-directory and output-dir: relative paths resolve against the working directory', async () => {
  const ws = makeWorkspace({ 'services/mcp/endpoints.txt': `${well.url}\n` });
  const r = await runScanStep(ws, { 'working-directory': 'services/mcp', 'urls-file': 'endpoints.txt', 'output-dir': 'reports', quick: 'true', args: FAST_ARGS, 'fail-under': '90' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs['report-dir'], path.join(ws.dir, 'services/mcp/reports'));
  const a = annotations(commandsOf(r.stdout));
  assert.equal(a.length, 0, 'a well-behaved endpoint: nothing to annotate');
  assert.match(r.summary, /Nothing: no rule failed or warned/);
  assert.match(r.summary, /\(on the runner: `services\/mcp\/reports`\)/);
});

test('the repository workflow, run locally: its demo step starts the two demo endpoints, then the action scans them with the workflow\'s inputs', async () => {
  const wf = YAML.parse(readFileSync(path.join(ROOT, '.github/workflows/agentready.yml'), 'utf8'));
  const job = (Object.values(wf.jobs) as { steps: ActionStep[] }[]).find((j) => j.steps.some((s) => s.uses === './'))!;
  const demoStep = job.steps.find((s) => /demo --serve/.test(s.run ?? ''))!;
  const selfStep = job.steps.find((s) => s.uses === './')!;
  const ws = makeWorkspace();
  // its own process group: the servers it leaves running in the background are stopped at the end
  const demo = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', demoStep.run!], { cwd: ROOT, env: { ...baseEnv(), RUNNER_TEMP: ws.temp }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  demo.stdout.on('data', (d) => { log += d; });
  demo.stderr.on('data', (d) => { log += d; });
  try {
    const [code] = await once(demo, 'close');
    assert.equal(code, 0, log);
    const urls = readFileSync(path.join(ws.temp, 'demo-endpoints.txt'), 'utf8').trim().split('\n');
    assert.equal(urls.length, 2, log);
    for (const u of urls) assert.match(u, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const action = loadAction();
    const inputs = Object.fromEntries(Object.entries(selfStep.with ?? {}).map(([k, v]) => [k, evaluate(String(v), { inputs: {}, action, workspace: ws.dir, temp: ws.temp })]));
    // the browser check needs Chromium, which a test machine may lack; everything else as in CI
    inputs.args = `${inputs.args ?? ''} --no-browser`;
    const r = await runScanStep(ws, inputs);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.passed, 'true');
    assert.ok(existsSync(r.outputs.sarif!));
    assert.match(r.summary, /^## agentready: ✅ assertions passed — 2 MCP endpoints/);
    assert.match(r.summary, /workflow artifact \*\*agentready-demo-reports\*\*/);
  } finally {
    try { process.kill(-demo.pid!, 'SIGTERM'); } catch { /* already gone */ }
  }
});

test('a cancelled run (SIGINT): the batch finishes the running scan, the summary and outputs are still written, exit 130', async () => {
  const ws = makeWorkspace();
  const summary = path.join(ws.temp, 'summary.md');
  const output = path.join(ws.temp, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const child = spawn(process.execPath, [path.join(ROOT, 'src/action/main.ts')], {
    cwd: ws.dir,
    env: {
      ...baseEnv(), GITHUB_WORKSPACE: ws.dir, RUNNER_TEMP: ws.temp, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output,
      AGENTREADY_INPUT_URLS: `${well.url}?first\n${well.url}?second\n${well.url}?third`, AGENTREADY_INPUT_CONCURRENCY: '1',
      AGENTREADY_INPUT_ARGS: '--keepalive-max 1 --stream-window 3 --per-host 1 --no-browser',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let sent = false;
  child.stdout.on('data', (d) => { out += d; });
  // the first scan has finished (its progress line): cancel, as the runner does
  child.stderr.on('data', () => { if (!sent) { sent = true; child.kill('SIGINT'); } });
  const [code] = await once(child, 'close');
  assert.equal(code, 130, out);
  assert.match(readFileSync(summary, 'utf8'), /^## agentready: ⛔ interrupted — 3 MCP endpoints/);
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').map((l) => l.split('<<')[0]!).filter(Boolean).map((k) => [k, true]));
  assert.ok(outputs['report-dir'] && outputs.manifest, 'outputs written');
  const m = Manifest.parse(readJson(path.join(ws.dir, 'agentready-reports/manifest.json')));
  const statuses = m.endpoints.map((e) => e.status);
  assert.ok(statuses.includes('scanned') && statuses.includes('skipped'), statuses.join());
  assert.match(out, /interrupted/);
});
