// The README's sharded workflow, run locally job by job: every job of its `strategy.matrix`
// runs the action's scan step with its `shard` on a runner of its own (a fresh workspace),
// each job's report folder travels under the artifact name the step output (as
// upload-artifact then download-artifact with the README's `pattern` would carry it), and
// the merge job's step joins them into one manifest, SARIF, summary and gate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import { startFlawedServer } from '../../src/demo/flawed.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import { DEMO_FLAWS } from '../../src/cli/demo.ts';
import { Manifest } from '../../src/batch/manifest.ts';
import { FAST_ARGS, ROOT, commandsOf, makeWorkspace, removeWorkspaces, runScanStep, type ActionStep } from './harness.ts';

let well: RunningServer;
let flawed: RunningServer;

before(async () => {
  well = await startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 250 });
  flawed = await startFlawedServer({ flaws: DEMO_FLAWS, keepAliveMs: 300, notifyEveryMs: 250 });
});
after(async () => {
  await Promise.all([well.close(), flawed.close()]);
  removeWorkspaces();
});

interface Job { needs?: string; strategy?: { matrix?: { shard?: number[] } }; steps: ActionStep[] }

/** The README's sharded workflow: the yaml block under "Large lists over a CI matrix". */
function readmeWorkflow(): { jobs: Record<string, Job> } {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Large lists over a CI matrix');
  assert.ok(start >= 0, 'README has a "Large lists over a CI matrix" section');
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start));
  assert.ok(block, 'that section has a yaml workflow');
  return YAML.parse(block[1]!) as { jobs: Record<string, Job> };
}

/** `pattern:` of download-artifact (a glob of artifact names) as a RegExp. */
const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

test('the README matrix workflow: shard jobs scan their parts, the merge job joins them into one manifest, SARIF, summary and gate', async () => {
  const wf = readmeWorkflow();
  const scanJob = Object.values(wf.jobs).find((j) => j.strategy?.matrix?.shard)!;
  const mergeJob = Object.values(wf.jobs).find((j) => j.needs)!;
  assert.ok(scanJob && mergeJob, 'a matrix job and a job that needs it');
  const shards = scanJob.strategy!.matrix!.shard!;
  const scanStep = scanJob.steps.find((s) => s.uses?.startsWith('agentready/agentready@'))!;
  const download = mergeJob.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
  const mergeStep = mergeJob.steps.find((s) => s.uses?.startsWith('agentready/agentready@'))!;
  assert.ok(scanStep && download && mergeStep);

  // two demo endpoints and two that refuse connections: four URLs over the matrix's shards
  const list = `${well.url}\n${flawed.url}\nhttp://127.0.0.1:1/mcp\nhttp://127.0.0.1:9/mcp\n`;
  const urls = list.trim().split('\n');
  const artifacts: { name: string; dir: string; endpoints: number }[] = [];
  for (const shard of shards) {
    const ws = makeWorkspace({ 'mcp-endpoints.txt': list });
    const inputs = Object.fromEntries(Object.entries(scanStep.with ?? {}).map(([k, v]) => [k, String(v).replace('${{ matrix.shard }}', String(shard))]));
    // this machine: short observation windows and no browser; everything else as written
    const r = await runScanStep(ws, { ...inputs, args: FAST_ARGS });
    assert.equal(r.code, 0, `shard ${shard}: ${r.stdout}${r.stderr}`);
    assert.equal(r.outputs['artifact-name'], `agentready-reports-shard-${shard}-of-${shards.length}`);
    const m = Manifest.parse(JSON.parse(readFileSync(r.outputs.manifest!, 'utf8')));
    assert.deepEqual(m.shard, { index: shard, count: shards.length });
    artifacts.push({ name: r.outputs['artifact-name']!, dir: r.outputs['report-dir']!, endpoints: m.endpoints.length });
  }
  assert.equal(artifacts.reduce((n, a) => n + a.endpoints, 0), urls.length, 'every URL in exactly one shard');

  // download-artifact with a pattern: one subfolder per matching artifact, under `path`
  const mergeWs = makeWorkspace({ 'mcp-endpoints.txt': list });
  const pattern = globToRegExp(String(download.with!.pattern));
  for (const a of artifacts) {
    assert.match(a.name, pattern, `the merge job's download pattern takes ${a.name}`);
    const into = path.join(mergeWs.dir, String(download.with!.path), a.name);
    mkdirSync(into, { recursive: true });
    cpSync(a.dir, into, { recursive: true });
  }

  const mergeInputs = Object.fromEntries(Object.entries(mergeStep.with ?? {}).map(([k, v]) => [k, String(v)]));
  const r = await runScanStep(mergeWs, mergeInputs);
  // fail-under 75: the flawed demo endpoint scores below it (and the unreachable ones have none)
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.outputs.passed, 'false');
  assert.equal(r.outputs['artifact-name'], 'agentready-reports');
  const m = Manifest.parse(JSON.parse(readFileSync(r.outputs.manifest!, 'utf8')));
  assert.deepEqual(m.endpoints.map((e) => e.url).sort(), [...urls].sort());
  assert.equal(m.mergedFrom?.length, shards.length);
  for (const e of m.endpoints) assert.ok(existsSync(path.join(r.outputs['report-dir']!, e.dir, 'result.json')) || e.status !== 'scanned', e.url);
  assert.ok(m.assertions && !m.assertions.ok);
  assert.ok(m.assertions.failures.some((f) => f.url === flawed.url), JSON.stringify(m.assertions.failures));

  // one SARIF for the whole list, its findings on the lines of urls-file
  const sarif = JSON.parse(readFileSync(r.outputs.sarif!, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  assert.equal(sarif.runs.length, 1);
  const flawedFindings = m.endpoints.find((e) => e.url === flawed.url)!;
  assert.ok(sarif.runs[0]!.results.length >= flawedFindings.counts!.fail);
  assert.ok(sarif.runs[0]!.results.every((res) => res.locations[0]!.physicalLocation.artifactLocation.uri === 'mcp-endpoints.txt'));
  assert.ok(sarif.runs[0]!.results.some((res) => res.locations[0]!.physicalLocation.region.startLine === 2), 'the flawed endpoint is line 2');

  // the job summary covers all four endpoints; annotations come from the merged findings
  assert.match(r.summary, /4 MCP endpoints/);
  assert.ok(commandsOf(r.stdout).some((c) => c.name === 'error' && c.props.file === 'mcp-endpoints.txt' && c.props.line === '2'));
});

test('merge input mistakes are one-line errors, exit 2: urls beside merge, a folder without shard outputs, shard beside merge', async () => {
  const ws = makeWorkspace({ 'empty/readme.txt': 'nothing here' });
  const withUrls = await runScanStep(ws, { merge: 'empty', urls: well.url });
  assert.equal(withUrls.code, 2);
  assert.match(withUrls.stdout, /::error title=agentready%3A bad input::merge joins shard outputs and scans nothing/);
  const empty = await runScanStep(ws, { merge: 'empty' });
  assert.equal(empty.code, 2);
  assert.match(empty.stdout, /merge: empty holds no agentready batch output/);
  const missing = await runScanStep(ws, { merge: 'nowhere' });
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /merge: nowhere is not a folder/);
  const both = await runScanStep(ws, { merge: 'empty', shard: '1/2' });
  assert.equal(both.code, 2);
  assert.match(both.stdout, /merge and shard exclude each other/);
  const badShard = await runScanStep(ws, { urls: well.url, shard: '3/2' });
  assert.equal(badShard.code, 2);
  assert.match(badShard.stdout, /shard "3\/2" must be i\/n with 1 ≤ i ≤ n/);
});
