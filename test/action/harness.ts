// Runs the action's scan step the way the runner does: action.yml is parsed, the step's
// `env:` expressions are evaluated (`${{ inputs.X }}` → the given input or its default),
// and its `run:` script is executed with `bash --noprofile --norc -eo pipefail -c` (the
// runner's `shell: bash`), with GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_WORKSPACE,
// RUNNER_TEMP and GITHUB_ACTION_PATH pointing at temporary files and this checkout.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseOutputFile } from '../../src/action/commands.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ActionStep { id?: string; name?: string; if?: string; uses?: string; run?: string; shell?: string; env?: Record<string, string>; with?: Record<string, unknown>; 'working-directory'?: string }
export interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
  branding?: { icon?: string; color?: string };
}

export function loadAction(): ActionMetadata {
  return YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
}

/** Evaluates the expressions this action uses in step env; anything else is an error (keep action.yml simple). */
export function evaluate(text: string, ctx: { inputs: Record<string, string>; action: ActionMetadata; workspace: string; temp: string }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (input) {
      const name = input[1]!;
      if (!(name in ctx.action.inputs)) throw new Error(`action.yml uses undeclared input ${name}`);
      return ctx.inputs[name] ?? ctx.action.inputs[name]!.default ?? '';
    }
    if (expr === 'github.action_path') return ROOT;
    if (expr === 'github.workspace') return ctx.workspace;
    if (expr === 'runner.temp') return ctx.temp;
    throw new Error(`the test runner cannot evaluate \${{ ${expr} }}`);
  });
}

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
  temp: string;
}

export interface Workspace { dir: string; temp: string }

const created: string[] = [];

/** Removes every workspace makeWorkspace made (call from after()). */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function makeWorkspace(files: Record<string, string> = {}): Workspace {
  const base = mkdtempSync(path.join(tmpdir(), 'agentready-action-'));
  created.push(base);
  const dir = path.join(base, 'workspace');
  const temp = path.join(base, 'runner-temp');
  mkdirSync(dir);
  mkdirSync(temp);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, temp };
}

/** The process environment without any INPUT_* left over, with this Node first on PATH. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('INPUT_') && !k.startsWith('AGENTREADY_INPUT_') && !k.startsWith('GITHUB_')) env[k] = v;
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return env;
}

function exec(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }); });
  });
}

function collect(ws: Workspace, r: { code: number; stdout: string; stderr: string }, files: { summary: string; output: string }): StepRun {
  return {
    ...r,
    summary: readFileSync(files.summary, 'utf8'),
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    workspace: ws.dir,
    temp: ws.temp,
  };
}

/** What the runner gives every step: fresh summary/output files and the GITHUB_* variables pointing at them. */
function runnerEnv(ws: Workspace): { files: { summary: string; output: string }; env: NodeJS.ProcessEnv } {
  const id = Math.random().toString(36).slice(2);
  const files = { summary: path.join(ws.temp, `step_summary_${id}`), output: path.join(ws.temp, `set_output_${id}`) };
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws.dir,
    RUNNER_TEMP: ws.temp,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
  };
  return { files, env };
}

/** The scan step (id `scan`) of action.yml, run like the runner runs a composite `run` step. */
export async function runScanStep(ws: Workspace, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepRun> {
  const action = loadAction();
  const step = action.runs.steps.find((s) => s.id === 'scan');
  if (!step?.run) throw new Error('action.yml has no run step with id "scan"');
  for (const name of Object.keys(inputs)) if (!(name in action.inputs)) throw new Error(`test passes undeclared input ${name}`);
  const ctx = { inputs, action, workspace: ws.dir, temp: ws.temp };
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), ctx)]));
  const runner = runnerEnv(ws);
  const files = runner.files;
  const env: NodeJS.ProcessEnv = { ...runner.env, GITHUB_ACTION_PATH: ROOT, ...extraEnv, ...stepEnv };
  const cwd = step['working-directory'] ? evaluate(step['working-directory'], ctx) : ws.dir;
  const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env, timeoutMs: 120_000 });
  return collect(ws, r, files);
}

/** `node src/action/main.ts` with INPUT_* variables, the way a `node` action would get its inputs. */
export async function runAsNodeAction(ws: Workspace, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepRun> {
  const runner = runnerEnv(ws);
  const files = runner.files;
  const env: NodeJS.ProcessEnv = { ...runner.env, ...extraEnv };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const r = await exec(process.execPath, [path.join(ROOT, 'src/action/main.ts')], { cwd: ws.dir, env, timeoutMs: 120_000 });
  return collect(ws, r, files);
}

/** The workflow commands printed on stdout: `::name props::message`, decoded. */
export interface Command { name: string; props: Record<string, string>; message: string; raw: string }

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProp = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** Commands outside any `::stop-commands::` section, as the runner would act on them. */
export function commandsOf(stdout: string): Command[] {
  const out: Command[] = [];
  let stopped: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stopped) { if (line === `::${stopped}::`) stopped = undefined; continue; }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'stop-commands') { stopped = m[3]; continue; }
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      props[kv.slice(0, i)] = unescapeProp(kv.slice(i + 1));
    }
    out.push({ name: m[1]!, props, message: unescapeData(m[3]!), raw: line });
  }
  return out;
}

/** Flags that keep each scan of the local test servers around a second. */
export const FAST_ARGS = '--keepalive-max 1 --stream-window 1.5 --deadline 10 --request-timeout 3 --no-browser';
