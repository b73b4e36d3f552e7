// action.yml against the action metadata rules, the dogfooding workflow, and the README's
// list of inputs and outputs — the parts of the action that no runner exercises locally.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync as mkdtempReal, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT, baseEnv, loadAction, type ActionStep } from './harness.ts';
import { INPUT_DEFAULTS, INPUT_NAMES, envName } from '../../src/action/inputs.ts';
import { OUTPUT_NAMES } from '../../src/action/main.ts';

const actionText = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const action = loadAction();
const steps = action.runs.steps;

/** Every `${{ … }}` expression in a value (strings, nested objects). */
function expressions(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/\$\{\{\s*([\s\S]+?)\s*\}\}/g)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressions);
  return [];
}

test('action.yml parses and has the required top-level fields', () => {
  assert.equal(typeof action.name, 'string');
  assert.ok(action.name.trim());
  assert.equal(typeof action.description, 'string');
  assert.ok(action.description.trim());
  assert.equal(action.runs.using, 'composite');
  assert.ok(Array.isArray(steps) && steps.length > 0);
  const allowed = new Set(['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
  for (const key of Object.keys(action)) assert.ok(allowed.has(key), `unknown top-level key ${key}`);
  if (action.branding) {
    assert.equal(typeof action.branding.icon, 'string');
    assert.ok(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'].includes(action.branding.color!));
  }
});

test('composite steps: run steps have a shell, uses steps are pinned, ids are unique and referenced only after they ran', () => {
  const ids: string[] = [];
  for (const [i, s] of steps.entries()) {
    const label = s.name ?? s.id ?? `step ${i + 1}`;
    assert.ok((s.run === undefined) !== (s.uses === undefined), `${label}: exactly one of run and uses`);
    if (s.run !== undefined) {
      assert.ok(s.shell, `${label}: a run step in a composite action needs shell`);
      assert.equal(s.with, undefined, `${label}: run steps take no with`);
      // inputs reach scripts through env only (no ${{ }} inside the script: no injection)
      assert.deepEqual(expressions(s.run), [], `${label}: no expressions inside run`);
    } else {
      assert.match(s.uses!, /^(\.\/.*|[\w.-]+\/[\w.-]+(\/[\w./-]+)?@v\d+)$/, `${label}: uses must be local or pinned to a major version`);
    }
    for (const expr of [...expressions(s.if ?? ''), ...(s.if ? [s.if] : []), ...expressions(s.env ?? {}), ...expressions(s.with ?? {}), ...expressions(s['working-directory'] ?? '')]) {
      for (const m of expr.matchAll(/steps\.([\w-]+)\./g)) assert.ok(ids.includes(m[1]!), `${label}: refers to step ${m[1]} before it ran`);
    }
    if (s.id) {
      assert.ok(!ids.includes(s.id), `duplicate step id ${s.id}`);
      ids.push(s.id);
    }
  }
});

test('every inputs.X used exists, every declared input is used, and the scan step passes each as AGENTREADY_INPUT_*', () => {
  const used = new Set([...actionText.matchAll(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g)].map((m) => m[1]!));
  const declared = Object.keys(action.inputs);
  for (const name of used) assert.ok(declared.includes(name), `inputs.${name} is used but not declared`);
  for (const name of declared) assert.ok(used.has(name), `input ${name} is declared but never used`);
  for (const [name, spec] of Object.entries(action.inputs)) {
    assert.equal(typeof spec.description, 'string', `${name}: description`);
    assert.ok(spec.description.trim(), `${name}: description`);
    assert.notEqual(spec.required, true, `${name}: nothing is required on its own (urls or urls-file)`);
  }
  // the runner reads exactly these inputs, with the same defaults
  assert.deepEqual([...declared].sort(), [...INPUT_NAMES].sort());
  for (const name of INPUT_NAMES) assert.equal(String(action.inputs[name]!.default ?? ''), INPUT_DEFAULTS[name], `default of ${name}`);
  const scan = steps.find((s) => s.id === 'scan') as ActionStep;
  assert.match(scan.run!, /node "\$GITHUB_ACTION_PATH\/src\/action\/main\.ts"/);
  for (const name of INPUT_NAMES) assert.equal(scan.env?.[envName(name)], `\${{ inputs.${name} }}`, `scan step env ${envName(name)}`);
});

test('outputs reference existing steps and the outputs the runner writes', () => {
  const ids = new Set(steps.map((s) => s.id).filter(Boolean));
  assert.deepEqual(Object.keys(action.outputs).sort(), [...OUTPUT_NAMES].sort());
  for (const [name, spec] of Object.entries(action.outputs)) {
    assert.ok(spec.description?.trim(), `${name}: description`);
    const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(spec.value);
    assert.ok(m, `${name}: value must be \${{ steps.<id>.outputs.<name> }}`);
    assert.ok(ids.has(m[1]!), `${name}: no step with id ${m[1]}`);
    assert.equal(m[2], name);
  }
});

test('the reports upload even when the gate fails, under the artifact name the scan step resolved (artifact-name, or one per shard)', () => {
  const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.ok(upload, 'an upload-artifact step');
  assert.match(upload.if ?? '', /always\(\)/);
  assert.equal(upload.with?.name, '${{ steps.scan.outputs.artifact-name }}');
  assert.equal(upload.with?.path, '${{ steps.scan.outputs.report-dir }}');
  assert.equal(upload.with?.['include-hidden-files'], undefined, 'the report folder is not hidden');
  // Node 24 for the scanner: setup-node only when the job's node is older
  const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.equal(String(setup?.with?.['node-version']), '24');
  assert.match(setup?.if ?? '', /steps\.node\.outputs\.usable/);
  const install = steps.find((s) => s.run?.includes('npm ci'));
  assert.match(install!.run!, /npm ci --omit=dev/);
  assert.equal(install!['working-directory'], '${{ github.action_path }}');
});

test('.github/workflows/agentready.yml: on push, starts the demo, then uses ./ with its URLs and uploads the SARIF', () => {
  const wf = YAML.parse(readFileSync(path.join(ROOT, '.github/workflows/agentready.yml'), 'utf8'));
  const on = typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on);
  assert.ok(on.includes('push'));
  const jobs = Object.values(wf.jobs) as { permissions?: Record<string, string>; steps: ActionStep[] }[];
  const job = jobs.find((j) => j.steps.some((s) => s.uses === './'));
  assert.ok(job, 'a job that uses ./');
  const at = (pred: (s: ActionStep) => boolean) => job.steps.findIndex(pred);
  const checkout = at((s) => /^actions\/checkout@v\d+$/.test(s.uses ?? ''));
  const install = at((s) => /npm ci/.test(s.run ?? ''));
  const demo = at((s) => /bin\/agentready\.js demo --serve/.test(s.run ?? ''));
  const self = at((s) => s.uses === './');
  const sarif = at((s) => (s.uses ?? '').startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(checkout >= 0 && checkout < install && install < demo && demo < self && self < sarif, `order: ${[checkout, install, demo, self, sarif]}`);
  assert.match(job.steps[demo]!.run!, /&\s*$/m, 'the demo runs in the background');
  const usesSelf = job.steps[self]!;
  for (const name of Object.keys(usesSelf.with ?? {})) assert.ok(name in action.inputs, `with.${name} is not an input`);
  assert.ok(usesSelf.with?.['urls-file'], 'scans the URLs the demo printed, via urls-file');
  assert.ok(usesSelf.id, 'the action step has an id (its outputs are used)');
  const upload = job.steps[sarif]!;
  assert.match(upload.if ?? '', /always\(\)/);
  assert.equal(upload.with?.sarif_file, `\${{ steps.${usesSelf.id}.outputs.sarif }}`);
  assert.equal(job.permissions?.['security-events'], 'write');
});

test('README documents the action: an example workflow, every input and every output', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## GitHub Action');
  assert.ok(start >= 0, 'a "## GitHub Action" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  assert.match(section, /uses: agentready\/agentready@v\d/);
  for (const name of INPUT_NAMES) assert.match(section, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `input ${name} in the README table`);
  for (const name of OUTPUT_NAMES) assert.match(section, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `output ${name} in the README table`);
});

const temps: string[] = [];
/** mkdtemp, removed after the tests. */
function mkdtempSync(prefix: string): string {
  const dir = mkdtempReal(prefix);
  temps.push(dir);
  return dir;
}
after(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim() || '/bin/bash';

/** Runs a composite step's script like the runner's `shell: bash`, with `bin` first on PATH. */
function runScript(step: ActionStep, opts: { cwd: string; bin?: string; path?: string }): { code: number; out: string; output: string } {
  const output = path.join(mkdtempSync(path.join(tmpdir(), 'agentready-step-')), 'output');
  writeFileSync(output, '');
  const env = { ...baseEnv(), GITHUB_OUTPUT: output, PATH: opts.path ?? `${opts.bin ? `${opts.bin}${path.delimiter}` : ''}${baseEnv().PATH}` };
  const r = spawnSync(BASH, ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: opts.cwd, env, encoding: 'utf8' });
  return { code: r.status ?? 1, out: r.stdout + r.stderr, output: readFileSync(output, 'utf8') };
}

function fakeBin(scripts: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-bin-'));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

test('the Node check: this Node (24, type stripping) is used as is; an older one gets setup-node', () => {
  const check = steps.find((s) => s.id === 'node')!;
  const ours = runScript(check, { cwd: ROOT });
  assert.equal(ours.code, 0, ours.out);
  assert.equal(ours.output.trim(), 'usable=true');
  const old = runScript(check, { cwd: ROOT, bin: fakeBin({ node: 'exit 1' }) }); // node 20: the check script exits 1
  assert.equal(old.code, 0, old.out);
  assert.equal(old.output.trim(), 'usable=false');
  const none = runScript(check, { cwd: ROOT, path: fakeBin({}) }); // no node at all
  assert.equal(none.code, 0, none.out);
  assert.equal(none.output.trim(), 'usable=false');
});

test('the install step runs npm ci --omit=dev in the action folder, unless its dependencies are already installed', () => {
  const install = steps.find((s) => s.run?.includes('npm ci'))!;
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-actionpath-'));
  const log = path.join(dir, 'npm.log');
  const bin = fakeBin({ npm: `echo "$PWD $*" >> "${log}"` });
  const first = runScript(install, { cwd: dir, bin });
  assert.equal(first.code, 0, first.out);
  assert.equal(readFileSync(log, 'utf8').trim(), `${dir} ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error`);
  mkdirSync(path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'node_modules/.package-lock.json'), '{}');
  writeFileSync(log, '');
  const again = runScript(install, { cwd: dir, bin });
  assert.equal(again.code, 0, again.out);
  assert.equal(readFileSync(log, 'utf8'), '', 'installed already (uses: ./ after npm ci): npm is not run');
  assert.match(again.out, /dependencies already installed/);
});
