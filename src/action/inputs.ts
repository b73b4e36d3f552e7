// The action's inputs. A composite action gets no INPUT_* variables: action.yml passes each
// input explicitly as AGENTREADY_INPUT_<NAME> (e.g. AGENTREADY_INPUT_FAIL_UNDER). INPUT_<NAME>
// (the runner's form for `node` actions, hyphens kept: INPUT_FAIL-UNDER) is read too, so the
// same runner works as a node action. Every problem is an InputError: one line, exit 2.
import { parse as shellParse } from 'shell-quote';
import { parseFormats } from '../../reports/formats.ts';

export class InputError extends Error {}

/** Defaults, the same as in action.yml (a test checks they agree). */
export const INPUT_DEFAULTS = {
  'urls': '',
  'urls-file': '',
  'config': '',
  'fail-under': '',
  'headers': '',
  'concurrency': '8',
  'formats': 'html,json,md,sarif',
  'quick': 'false',
  'args': '',
  'artifact-name': 'agentready-reports',
  'working-directory': '',
  'output-dir': 'agentready-reports',
  'shard': '',
  'merge': '',
} as const;
export type InputName = keyof typeof INPUT_DEFAULTS;
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[];

/** `fail-under` → `AGENTREADY_INPUT_FAIL_UNDER`. */
export const envName = (name: string) => `AGENTREADY_INPUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** The raw value: AGENTREADY_INPUT_*, then INPUT_* (both spellings); blank means the default. */
export function getInput(env: NodeJS.ProcessEnv, name: InputName): string {
  const candidates = [envName(name), `INPUT_${name.replace(/ /g, '_').toUpperCase()}`, `INPUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  for (const key of candidates) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') return v;
  }
  return INPUT_DEFAULTS[name];
}

/** Environment variables that carry inputs (kept away from the scanner's process). */
export function isInputVariable(key: string): boolean {
  return key.startsWith('AGENTREADY_INPUT_') || key.startsWith('INPUT_');
}

export interface Header { name: string; value: string }

/**
 * Every string in the `headers` input that may be secret: each value, the credential after
 * an auth scheme (`Bearer abc` → also `abc`), and whole lines that are not `Name: value`
 * (someone pasted a bare token). Computed before any validation, so masks go out first.
 */
export function secretsOf(headersInput: string): string[] {
  const out = new Set<string>();
  for (const raw of headersInput.split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf(':');
    const value = i > 0 ? line.slice(i + 1).trim() : line;
    if (!value) continue;
    out.add(value);
    const scheme = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value);
    if (scheme) out.add(scheme[1]!.trim());
  }
  return [...out];
}

/** `Name: value` lines; messages name the line and the header, never the value. */
export function parseHeaders(headersInput: string): Header[] {
  const out: Header[] = [];
  headersInput.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `headers line ${i + 1}`;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new InputError(`${where} is not "Name: value" (the value is not shown)`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new InputError(`${where}: "${name.slice(0, 60)}" is not a valid HTTP header name`);
    if (!value) throw new InputError(`${where}: ${name} has an empty value`);
    if (/[\0]/.test(value)) throw new InputError(`${where}: the value of ${name} contains NUL`);
    out.push({ name, value });
  });
  return out;
}

/** Flags the action sets itself (or that would break what it reads back). */
const MANAGED_FLAGS: Record<string, string> = {
  '--out': 'use the output-dir input', '-o': 'use the output-dir input',
  '--header': 'use the headers input (its values are masked)', '-H': 'use the headers input (its values are masked)',
  '--json': 'the action reads manifest.json', '--resume': 'each run starts fresh', '--shard': 'use the shard input',
  '--help': 'not an option here', '-h': 'not an option here',
  '--config': 'use the config input', '--fail-under': 'use the fail-under input', '--format': 'use the formats input', '--concurrency': 'use the concurrency input',
};

/** Extra batch flags, split like a shell would (quotes, escapes) without running one. */
export function parseArgs(raw: string): string[] {
  const text = raw.replace(/\r\n|\n|\r/g, ' ').trim();
  if (!text) return [];
  const entries = shellParse(text, (name: string) => ({ op: `$${name}` }) as unknown as string);
  const out: string[] = [];
  for (const e of entries) {
    if (typeof e !== 'string') {
      const what = 'comment' in e ? `#${String(e.comment)}` : (e as { op: string; pattern?: string }).pattern ?? (e as { op: string }).op;
      throw new InputError(`args: "${String(what).slice(0, 60)}" would need a shell (no shell runs here; quote it)`);
    }
    const flag = e.split('=')[0]!;
    if (MANAGED_FLAGS[flag]) throw new InputError(`args: ${flag} is set by the action (${MANAGED_FLAGS[flag]})`);
    if (!e.startsWith('-') && (out.length === 0 || !out[out.length - 1]!.startsWith('--'))) {
      throw new InputError(`args: "${e.slice(0, 60)}" is not a flag (list endpoints in urls or urls-file)`);
    }
    out.push(e);
  }
  return out;
}

export function parseBoolean(name: string, raw: string): boolean {
  if (/^(true|yes|on|1)$/i.test(raw.trim())) return true;
  if (/^(false|no|off|0)$/i.test(raw.trim())) return false;
  throw new InputError(`${name} must be true or false (got "${raw.slice(0, 40)}")`);
}

export interface ActionInputs {
  /** the `urls` input, one URL per line (comments allowed), as given */
  urls: string;
  urlsFile?: string;
  config?: string;
  failUnder?: number;
  headers: Header[];
  concurrency: number;
  formats: string[];
  quick: boolean;
  args: string[];
  artifactName: string;
  workingDirectory?: string;
  outputDir: string;
  /** scan only this shard of the list (`batch --shard i/n`): one job of a matrix */
  shard?: { index: number; count: number };
  /** instead of scanning: join these shard outputs (folders, relative to working-directory) */
  merge?: string[];
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parseShardInput(raw: string): { index: number; count: number } {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count) throw new InputError(`shard "${raw.slice(0, 40)}" must be i/n with 1 ≤ i ≤ n (e.g. 2/4, from a matrix: \${{ matrix.shard }}/4)`);
  return { index, count };
}

/** Validates every input; throws InputError. Call secretsOf() and mask first. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const get = (n: InputName) => getInput(env, n);
  const urls = get('urls');
  const urlsFile = get('urls-file').trim() || undefined;
  const shardRaw = get('shard').trim();
  const merge = get('merge').split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (merge.length) {
    // urls-file may stay: in the merge job it only points findings at their lines
    if (urls.trim()) throw new InputError('merge joins shard outputs and scans nothing: leave urls empty in the merge job');
    if (shardRaw) throw new InputError('merge and shard exclude each other: shard goes on the scanning jobs, merge on the job that joins them');
  } else if (!urls.trim() && !urlsFile) {
    throw new InputError('no endpoints: set urls (one URL per line) or urls-file');
  }

  const failUnderRaw = get('fail-under').trim();
  let failUnder: number | undefined;
  if (failUnderRaw) {
    failUnder = Number(failUnderRaw);
    if (!Number.isFinite(failUnder) || failUnder < 0 || failUnder > 100) throw new InputError(`fail-under "${failUnderRaw.slice(0, 40)}" must be a score between 0 and 100`);
  }
  const concurrencyRaw = get('concurrency').trim();
  const concurrency = Number(concurrencyRaw);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new InputError(`concurrency "${concurrencyRaw.slice(0, 40)}" must be a whole number between 1 and 1000`);
  let formats: string[];
  try { formats = parseFormats(get('formats')); } catch (err) { throw new InputError(`formats: ${(err as Error).message}`); }
  let artifactName = get('artifact-name').trim();
  // artifact names must be unique in a run: each shard job of a matrix gets its own by default
  if (shardRaw && artifactName === INPUT_DEFAULTS['artifact-name']) {
    const { index, count } = parseShardInput(shardRaw);
    artifactName = `${artifactName}-shard-${index}-of-${count}`;
  }
  if (/[":<>|*?\\/\r\n]/.test(artifactName)) throw new InputError(`artifact-name "${artifactName.slice(0, 60)}" contains a character artifacts may not have (" : < > | * ? \\ / or a line break)`);
  const outputDir = get('output-dir').trim();
  return {
    urls,
    ...(urlsFile ? { urlsFile } : {}),
    ...(get('config').trim() ? { config: get('config').trim() } : {}),
    ...(failUnder !== undefined ? { failUnder } : {}),
    headers: parseHeaders(get('headers')),
    concurrency,
    formats,
    quick: parseBoolean('quick', get('quick')),
    args: parseArgs(get('args')),
    artifactName,
    ...(get('working-directory').trim() ? { workingDirectory: get('working-directory').trim() } : {}),
    outputDir,
    ...(shardRaw ? { shard: parseShardInput(shardRaw) } : {}),
    ...(merge.length ? { merge } : {}),
  };
}
