// The GitHub Action's runner (action.yml runs `node src/action/main.ts`). It reads the
// inputs from the environment, masks header values before printing anything, runs
// `agentready batch` as a child process (the same command line users run, exit codes
// included; a crash or a double Ctrl-C in the scanner cannot take the reporting down), then
// turns the batch's output folder into what a workflow needs: annotations, a job summary,
// step outputs and one SARIF file for code scanning. The step fails only when assertions
// fail (exit 1), the input is bad (exit 2) or the scanner broke (exit 4).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readManifest, MANIFEST_FILE, type Manifest } from '../contract/manifest.ts';
import { addMask, randomToken, workflowCommand, writeOutputs } from './commands.ts';
import { getInput, InputError, isInputVariable, readInputs, secretsOf, type ActionInputs } from './inputs.ts';
import { makeScrubber, MIN_SCRUB_LENGTH, scrubDirectory, scrubStream, type Scrub } from './secrets.ts';
import { buildLocator, repoRelative, type SourceLocation } from './locate.ts';
import { findingsOf, readResults } from './findings.ts';
import { collectAnnotations, renderAnnotations } from './annotations.ts';
import { mergeSarif, MERGED_SARIF_FILE } from './sarif.ts';
import { renderFailureSummary, renderJobSummary } from './summary.ts';
import { PACKAGE_ROOT } from '../contract/packageRoot.ts';

/** The action's checkout: the scanner version pinned by the ref the workflow `uses:` (from dist/src/action too). */
export const ACTION_ROOT = fileURLToPath(PACKAGE_ROOT);
export const BIN = path.join(ACTION_ROOT, 'bin', 'agentready.js');

export const OUTPUT_NAMES = ['overall', 'lowest', 'passed', 'report-dir', 'manifest', 'sarif', 'artifact-name'] as const;
type Outputs = Record<(typeof OUTPUT_NAMES)[number], string>;
const NO_OUTPUTS: Outputs = { overall: '', lowest: '', passed: 'false', 'report-dir': '', manifest: '', sarif: '', 'artifact-name': '' };

/** The artifact the reports are uploaded as, even when the inputs are otherwise bad. */
function artifactNameOf(env: NodeJS.ProcessEnv): string {
  try { return readInputs(env).artifactName; } catch { return getInput(env, 'artifact-name').trim(); }
}

export interface ActionIO { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Ends the run early with an exit code, a title and the lines that say why. */
class Stop extends Error {
  readonly code: number;
  readonly title: string;
  readonly lines: { message: string; where?: SourceLocation }[];
  readonly hint?: string;
  /** a report folder with partial results worth uploading */
  readonly reportDir?: string;
  constructor(code: number, title: string, lines: { message: string; where?: SourceLocation }[], hint?: string, reportDir?: string) {
    super(title);
    this.code = code;
    this.title = title;
    this.lines = lines;
    if (hint !== undefined) this.hint = hint;
    if (reportDir !== undefined) this.reportDir = reportDir;
  }
}

export async function runAction(env: NodeJS.ProcessEnv, io: ActionIO): Promise<number> {
  // 1. Masks before anything else is printed.
  const secrets = secretsOf(getInput(env, 'headers'));
  for (const s of secrets) io.stdout.write(addMask(s));
  const scrub = makeScrubber(secrets, MIN_SCRUB_LENGTH);
  const say = (text: string) => { io.stdout.write(scrub(text)); };
  const summary = (md: string) => { if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${scrub(md)}\n`, 'utf8'); };
  const outputs = (o: Outputs) => writeOutputs(env.GITHUB_OUTPUT, Object.fromEntries(Object.entries(o).map(([k, v]) => [k, scrub(v)])));

  try {
    return await run(env, io, say, summary, outputs, scrub);
  } catch (err) {
    const stop = err instanceof Stop ? err
      : err instanceof InputError ? new Stop(2, 'bad input', [{ message: err.message }])
        : new Stop(4, 'internal error', [{ message: err instanceof Error ? err.stack ?? err.message : String(err) }], 'This is a bug in agentready; please report it with the log of this step.');
    for (const l of stop.lines.slice(0, 10)) {
      say(workflowCommand('error', { title: `agentready: ${stop.title}`, file: l.where?.file, line: l.where?.line }, l.message));
    }
    summary(renderFailureSummary(stop.title, stop.lines.map((l) => l.message), stop.hint));
    outputs({ ...NO_OUTPUTS, 'report-dir': stop.reportDir ?? '', 'artifact-name': artifactNameOf(env) });
    return stop.code;
  }
}

async function run(env: NodeJS.ProcessEnv, io: ActionIO, say: (t: string) => void, summary: (md: string) => void, outputs: (o: Outputs) => void, scrub: Scrub): Promise<number> {
  const inputs = readInputs(env);
  const workspace = env.GITHUB_WORKSPACE ? path.resolve(env.GITHUB_WORKSPACE) : undefined;
  const workDir = path.resolve(workspace ?? process.cwd(), inputs.workingDirectory ?? '.');
  if (!isDir(workDir)) throw new InputError(`working-directory ${inputs.workingDirectory ?? workDir} does not exist`);
  const outDir = path.resolve(workDir, inputs.outputDir);
  prepareOutDir(outDir, inputs.outputDir, [workDir, workspace, ACTION_ROOT]);

  // 2. The work: scan the list (or one shard of it), or join shard outputs downloaded from a matrix.
  let list: ListFile | undefined;
  let config: string | undefined;
  let args: string[];
  if (inputs.merge) {
    const dirs = shardOutputs(inputs.merge, workDir, outDir);
    config = inputs.config ? path.resolve(workDir, inputs.config) : undefined;
    args = [
      'merge', ...dirs, '--out', outDir,
      ...(inputs.config ? ['--config', inputs.config] : []),
      ...(inputs.failUnder !== undefined ? ['--fail-under', String(inputs.failUnder)] : []),
    ];
  } else {
    // the list: urls-file as it is (batch's messages then name its lines), or a file in
    // RUNNER_TEMP holding the `urls` input (after urls-file's lines when both are set)
    const urlsFile = inputs.urlsFile ? path.resolve(workDir, inputs.urlsFile) : undefined;
    if (urlsFile && !existsSync(urlsFile)) throw new InputError(`urls-file ${inputs.urlsFile}: no such file`);
    if (urlsFile && !statSync(urlsFile).isFile()) throw new InputError(`urls-file ${inputs.urlsFile}: not a file`);
    list = writeList(inputs, urlsFile, env.RUNNER_TEMP, workspace);
    config = inputs.config ? path.resolve(workDir, inputs.config) : undefined;
    args = [
      'batch', list.file, '--out', outDir, '--format', inputs.formats.join(','), '--concurrency', String(inputs.concurrency), '--strict',
      ...(inputs.config ? ['--config', inputs.config] : []),
      ...(inputs.failUnder !== undefined ? ['--fail-under', String(inputs.failUnder)] : []),
      ...inputs.headers.flatMap((h) => ['--header', `${h.name}: ${h.value}`]),
      ...(inputs.quick ? ['--quick'] : []),
      ...(inputs.shard ? ['--shard', `${inputs.shard.index}/${inputs.shard.count}`] : []),
      ...inputs.args,
    ];
  }
  const shown = args.map((a) => { const h = inputs.headers.find((x) => a === `${x.name}: ${x.value}`); return h ? `"${h.name}: ***"` : /[\s"']/.test(a) ? JSON.stringify(a) : a; });
  say(`::group::agentready ${shown.join(' ')}\n`);
  const batch = await runBatchChild(args, workDir, env, io, scrub);
  say('::endgroup::\n');
  const code = batch.code;

  if (existsSync(outDir)) await scrubDirectory(outDir, scrub);

  const agentreadyLines = batch.stderr.split('\n').filter((l) => l.startsWith('agentready: ')).map((l) => l.slice('agentready: '.length));
  if (code === 2) {
    const lines = agentreadyLines.filter((l) => !/^skipping \d+ invalid line/.test(l)).map((l) => list ? list.describe(l) : { message: l });
    throw new Stop(2, 'bad input', lines.length ? lines : [{ message: `agentready ${args[0]} refused the input (exit 2)` }],
      inputs.merge
        ? 'Nothing was merged. Fix the input named above (`merge` names the folders holding the downloaded shard outputs; `config` must be a valid agentready.config.json).'
        : 'Nothing was scanned. Fix the input named above (one URL per line in `urls`/`urls-file`; `config` must be a valid agentready.config.json).');
  }
  const manifestFile = path.join(outDir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) {
    const tail = (agentreadyLines.length ? agentreadyLines : batch.stderr.trim().split('\n').slice(-5)).map((message) => ({ message }));
    const partial = existsSync(outDir) && readdirSync(outDir).length > 0 ? outDir : undefined;
    throw new Stop(code === 0 ? 4 : code, code === 130 ? 'interrupted' : 'the scan did not finish', tail.length ? tail : [{ message: `agentready batch exited with ${code} and wrote no manifest` }],
      partial ? 'What was written before it stopped is in the reports artifact.' : undefined, partial);
  }
  let manifest: Manifest;
  try { manifest = await readManifest(manifestFile); } catch (err) { throw new Stop(4, 'unreadable manifest', [{ message: (err as Error).message }]); }

  // 4. Findings → SARIF, annotations, summary, outputs.
  const results = readResults(outDir, manifest);
  const findings = findingsOf(manifest, results);
  const urlsFile = inputs.urlsFile ? path.resolve(workDir, inputs.urlsFile) : undefined;
  const locate = buildLocator({ workspace, urlsFile, urls: inputs.urls, config, workflowRef: env.GITHUB_WORKFLOW_REF });

  let sarifFile = '';
  if (inputs.formats.includes('sarif')) {
    const logs = [];
    for (const e of manifest.endpoints) {
      const rel = e.reports.sarif;
      if (!rel || rel.includes('..')) continue;
      try { logs.push(JSON.parse(readFileSync(path.join(outDir, rel), 'utf8'))); } catch { /* an endpoint without SARIF (scanner error) */ }
    }
    sarifFile = path.join(outDir, MERGED_SARIF_FILE);
    writeFileSync(sarifFile, `${scrub(JSON.stringify(mergeSarif(logs, { locate, scanner: manifest.scanner }), null, 2))}\n`, 'utf8');
  }

  const annotations = renderAnnotations(collectAnnotations(manifest, findings, locate), { artifactName: inputs.artifactName });
  say(annotations.text);

  const display = (p: string) => repoRelative(workspace, p) ?? p;
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  summary(renderJobSummary({
    manifest, findings, exitCode: code, artifactName: inputs.artifactName, ...(runUrl ? { runUrl } : {}),
    reportDir: display(outDir), ...(sarifFile ? { sarif: display(sarifFile) } : {}),
    headerNames: inputs.headers.map((h) => h.name), annotations,
  }));

  const scored = manifest.endpoints.map((e) => e.scores.overall).filter((v): v is number => v !== null);
  outputs({
    overall: manifest.totals.meanOverall === null ? '' : String(manifest.totals.meanOverall),
    lowest: scored.length ? String(Math.min(...scored)) : '',
    passed: code === 0 ? 'true' : 'false',
    'report-dir': outDir,
    manifest: manifestFile,
    sarif: sarifFile,
    'artifact-name': inputs.artifactName,
  });

  const a = manifest.assertions;
  const t = manifest.totals;
  const verdict = code === 130 ? 'interrupted' : !a ? 'no assertions configured' : a.ok ? 'assertions passed' : `${a.failures.length} assertion${a.failures.length === 1 ? '' : 's'} failed — failing the step`;
  say(`agentready: ${t.endpoints} endpoint${t.endpoints === 1 ? '' : 's'} · mean overall ${t.meanOverall ?? '—'} · lowest ${scored.length ? Math.min(...scored) : '—'} · ${verdict}; reports in ${display(outDir)} (artifact "${inputs.artifactName}")\n`);
  return code;
}

/**
 * The folders to join: each `merge` line is a batch output (it holds manifest.json), or a
 * folder of them — what actions/download-artifact makes of several artifacts (one subfolder
 * each). Order is kept (then by name), so the merged index lists shards in a stable order.
 */
function shardOutputs(lines: string[], workDir: string, outDir: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const dir = path.resolve(workDir, line);
    if (!isDir(dir)) throw new InputError(`merge: ${line} is not a folder (download the shard artifacts first)`);
    if (path.resolve(dir) === path.resolve(outDir)) throw new InputError(`merge: ${line} is the output-dir; the merged output needs a folder of its own`);
    if (existsSync(path.join(dir, MANIFEST_FILE))) { out.push(dir); continue; }
    const inner = readdirSync(dir).sort().map((n) => path.join(dir, n)).filter((d) => isDir(d) && existsSync(path.join(d, MANIFEST_FILE)));
    if (!inner.length) throw new InputError(`merge: ${line} holds no agentready batch output (no ${MANIFEST_FILE} in it or in its subfolders)`);
    out.push(...inner);
  }
  return out;
}

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/**
 * The output folder starts empty: an earlier agentready output there is removed (its old
 * endpoint folders would end up in the artifact); anything else there is refused rather
 * than deleted, and so is a folder holding the workspace or the action itself.
 */
function prepareOutDir(outDir: string, given: string, protectedDirs: (string | undefined)[]): void {
  for (const p of protectedDirs) {
    if (!p) continue;
    const rel = path.relative(outDir, path.resolve(p));
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) throw new InputError(`output-dir "${given}" would hold ${path.resolve(p)}; give the reports a folder of their own`);
  }
  if (!existsSync(outDir)) return;
  if (!isDir(outDir)) throw new InputError(`output-dir "${given}" exists and is not a folder`);
  const entries = readdirSync(outDir);
  if (!entries.length) return;
  let ours = entries.includes('results.jsonl');
  try { ours ||= JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')).kind === 'agentready-batch'; } catch { /* not ours */ }
  if (!ours) throw new InputError(`output-dir "${given}" already holds other files (not an earlier agentready report); choose an empty or new folder`);
  rmSync(outDir, { recursive: true, force: true });
}

interface ListFile {
  file: string;
  /** a batch message about `file:LINE:` → the same about the line of urls-file or of the urls input */
  describe(message: string): { message: string; where?: SourceLocation };
}

function writeList(inputs: ActionInputs, urlsFile: string | undefined, runnerTemp: string | undefined, workspace: string | undefined): ListFile {
  const workspaceRel = (f: string) => repoRelative(workspace, f);
  if (!inputs.urls.trim() && urlsFile) {
    const rel = workspaceRel(urlsFile);
    return {
      file: urlsFile,
      describe: (message) => {
        const m = message.startsWith(`${urlsFile}:`) ? /^:(\d+):\s*(.*)$/s.exec(message.slice(urlsFile.length)) : null;
        if (!m) return { message: message.split(urlsFile).join(inputs.urlsFile!) };
        return { message: `${inputs.urlsFile}:${m[1]}: ${m[2]}`, ...(rel ? { where: { file: rel, line: Number(m[1]) } } : {}) };
      },
    };
  }
  let fileText = '';
  if (urlsFile) {
    fileText = readFileSync(urlsFile, 'utf8').replace(/\r\n|\r/g, '\n');
    if (fileText && !fileText.endsWith('\n')) fileText += '\n';
  }
  const fileLines = fileText ? fileText.split('\n').length - 1 : 0;
  const dir = mkdtempSync(path.join(runnerTemp || tmpdir(), 'agentready-'));
  const file = path.join(dir, 'urls.txt');
  writeFileSync(file, fileText + inputs.urls, 'utf8');
  const rel = urlsFile ? workspaceRel(urlsFile) : undefined;
  return {
    file,
    describe: (message) => {
      const m = message.startsWith(`${file}:`) ? /^:(\d+):\s*(.*)$/s.exec(message.slice(file.length)) : null;
      if (!m) return { message: message.split(file).join('the urls input') };
      const n = Number(m[1]);
      if (n <= fileLines) return { message: `${inputs.urlsFile}:${n}: ${m[2]}`, ...(rel ? { where: { file: rel, line: n } } : {}) };
      return { message: `urls input, line ${n - fileLines}: ${m[2]}` };
    },
  };
}

/**
 * Runs `agentready batch` with the action's Node. Its output goes to the log between
 * `::stop-commands::` and the resume token, so nothing a scanned server says (a name, an
 * error message) can be taken for a workflow command. Header values are scrubbed from it.
 * SIGINT/SIGTERM (a cancelled run) are passed on: the batch finishes what runs and writes
 * its manifest (exit 130).
 */
async function runBatchChild(args: string[], cwd: string, env: NodeJS.ProcessEnv, io: ActionIO, scrub: Scrub): Promise<{ code: number; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!isInputVariable(k) && v !== undefined) childEnv[k] = v;
  childEnv.NO_COLOR = '1';
  delete childEnv.FORCE_COLOR;
  const token = randomToken();
  io.stdout.write(`::stop-commands::${token}\n`);
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // both become SIGINT: the batch's graceful stop (finish running scans, write the manifest)
  const onInt = () => { child.kill('SIGINT'); };
  const onTerm = onInt;
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-256 * 1024); });
  const out = child.stdout.pipe(scrubStream(scrub));
  const err = child.stderr.pipe(scrubStream(scrub));
  out.pipe(io.stdout, { end: false });
  err.pipe(io.stderr, { end: false });
  try {
    const [[code, signal]] = await Promise.all([
      once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>,
      once(out, 'end'), once(err, 'end'),
    ]);
    return { code: code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 130 : 4), stderr };
  } catch (e) {
    return { code: 4, stderr: `${stderr}\nagentready: could not run the scanner (${(e as Error).message})` };
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    io.stdout.write(`::${token}::\n`);
  }
}

// `node src/action/main.ts`: run with the process's environment; the exit code fails the step.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction(process.env, { stdout: process.stdout, stderr: process.stderr });
}
