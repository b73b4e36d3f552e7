// agentready.config.json: assertions for batch (and merge) runs. Validated with zod; any
// problem is one line naming the file, the JSON path and what is wrong (exit 2).
//
// {
//   "minScore": 60,                          overall score every endpoint must reach
//   "minScores": { "D7": 50 },               per dimension (D2, D7, D8)
//   "rules": { "cors-preflight": "error" },  off | warn | error (default warn: reported, not fatal)
//   "overrides": [ { "match": "https://*.internal.example/**", "minScore": 40, "rules": { "https": "off" } } ],
//   "baseline": "agentready.baseline.json"   accepted failures: { "<url>": ["rule-id", …] }
// }
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from '../contract/zod.ts';
import { UsageError } from '../contract/errors.ts';
import { loadRuleSet } from '../engine/index.ts';
import { normaliseUrl } from '../contract/urlList.ts';

export const CONFIG_FILE_NAME = 'agentready.config.json';

export const RuleLevel = z.enum(['off', 'warn', 'error']);
export type RuleLevel = z.infer<typeof RuleLevel>;

const Score = z.number().min(0).max(100);
const DimScores = z.strictObject({ D2: Score.optional(), D7: Score.optional(), D8: Score.optional() });
const RuleLevels = z.record(z.string(), RuleLevel);

const Override = z.strictObject({
  /** a glob on the whole URL (`*` within a path segment, `**` across, `?` one character), or /regex/flags */
  match: z.string().min(1),
  minScore: Score.optional(),
  minScores: DimScores.optional(),
  rules: RuleLevels.optional(),
});

export const AssertionConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  minScore: Score.optional(),
  minScores: DimScores.optional(),
  rules: RuleLevels.optional(),
  overrides: z.array(Override).optional(),
  baseline: z.string().min(1).optional(),
});
type RawConfig = z.infer<typeof AssertionConfigSchema>;

export type DimMins = Partial<Record<'D2' | 'D7' | 'D8', number>>;

export interface Thresholds {
  minScore?: number;
  minScores: DimMins;
  rules: Record<string, RuleLevel>;
}

export interface AssertionConfig extends Thresholds {
  /** where it was read from (for messages), absent for flags-only assertions */
  file?: string;
  overrides: (Partial<Thresholds> & { match: string; test: (url: string) => boolean })[];
  /** normalised URL → accepted failing rule ids */
  baseline?: { file: string; accepted: Map<string, Set<string>> };
}

const BaselineSchema = z.record(z.string(), z.array(z.string()));

/** `minScores.D2`, `overrides[0].rules.https`, or `(top level)`. */
export function jsonPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `${out ? '.' : ''}${String(k)}` : `[${JSON.stringify(String(k))}]`;
  return out || '(top level)';
}

function fail(file: string, where: string, problem: string): never {
  throw new UsageError(`${file}: ${where}: ${problem}`);
}

/** Reads a JSON file; `name` is how messages call it (the path as the user gave it). */
async function readJson(file: string, what: string, name = file): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${name}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`${name}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

function firstIssue(file: string, error: z.ZodError): never {
  const issue = error.issues[0]!;
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') problem = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  fail(file, jsonPath(issue.path), problem + more);
}

let knownRuleIds: Set<string> | undefined;
/** Every rule id a config or baseline may name. */
export async function ruleIds(): Promise<Set<string>> {
  knownRuleIds ??= new Set((await loadRuleSet()).RULE_IDS);
  return knownRuleIds;
}

/** `*`, `**`, `?` glob → anchored RegExp; `/…/flags` → that RegExp. */
export function urlMatcher(pattern: string): RegExp {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]);
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') { src += '.*'; i++; } else if (ch === '*') src += '[^/?#]*';
    else if (ch === '?') src += '[^/?#]';
    else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** Validates a parsed config; `file` names it in messages, `baseDir` resolves `baseline`. */
export async function buildConfig(raw: unknown, file: string, baseDir: string): Promise<AssertionConfig> {
  const parsed = AssertionConfigSchema.safeParse(raw);
  if (!parsed.success) firstIssue(file, parsed.error);
  const c: RawConfig = parsed.data;
  const known = await ruleIds();
  const unknown: string[] = [];
  for (const id of Object.keys(c.rules ?? {})) if (!known.has(id)) unknown.push(jsonPath(['rules', id]));
  (c.overrides ?? []).forEach((o, i) => {
    for (const id of Object.keys(o.rules ?? {})) if (!known.has(id)) unknown.push(jsonPath(['overrides', i, 'rules', id]));
  });
  if (unknown.length) throw new UsageError(`${file}: unknown rule id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (agentready knows ${known.size} rules; see docs/RULES.md)`);

  const overrides = (c.overrides ?? []).map((o, i) => {
    let re: RegExp;
    try { re = urlMatcher(o.match); } catch (err) { fail(file, jsonPath(['overrides', i, 'match']), `invalid regular expression (${(err as Error).message})`); }
    return {
      match: o.match,
      test: (url: string) => { re.lastIndex = 0; return re.test(url); },
      ...(o.minScore !== undefined ? { minScore: o.minScore } : {}),
      ...(o.minScores ? { minScores: o.minScores } : {}),
      ...(o.rules ? { rules: o.rules } : {}),
    };
  });
  const config: AssertionConfig = {
    file,
    ...(c.minScore !== undefined ? { minScore: c.minScore } : {}),
    minScores: c.minScores ?? {},
    rules: c.rules ?? {},
    overrides,
  };
  if (c.baseline) config.baseline = await loadBaseline(path.resolve(baseDir, c.baseline), file);
  return config;
}

export async function loadBaseline(file: string, configFile?: string): Promise<NonNullable<AssertionConfig['baseline']>> {
  if (!existsSync(file)) throw new UsageError(`${configFile ?? file}: baseline: ${file} does not exist`);
  const raw = await readJson(file, 'baseline');
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) firstIssue(file, parsed.error);
  const known = await ruleIds();
  const accepted = new Map<string, Set<string>>();
  for (const [rawUrl, ids] of Object.entries(parsed.data)) {
    let url: string;
    try { url = normaliseUrl(rawUrl); } catch (err) { fail(file, jsonPath([rawUrl]), (err as Error).message); }
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) fail(file, jsonPath([rawUrl]), `unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
    const set = accepted.get(url) ?? new Set<string>();
    for (const id of ids) set.add(id);
    accepted.set(url, set);
  }
  return { file, accepted };
}

/**
 * The config to use: `--config FILE`, else ./agentready.config.json when present, else
 * none. `--no-config` turns the automatic pick-up off.
 */
export async function loadAssertionConfig(opts: { configFile?: string; noConfig?: boolean; cwd?: string }): Promise<AssertionConfig | undefined> {
  const cwd = opts.cwd ?? process.cwd();
  let file = opts.configFile;
  if (file === undefined) {
    if (opts.noConfig) return undefined;
    const auto = path.join(cwd, CONFIG_FILE_NAME);
    if (!existsSync(auto)) return undefined;
    file = CONFIG_FILE_NAME;
  }
  const abs = path.resolve(cwd, file);
  const raw = await readJson(abs, 'config', file);
  return buildConfig(raw, file, path.dirname(abs));
}

/** The thresholds that apply to one URL: the top level, then every matching override in order. */
export function thresholdsFor(config: AssertionConfig, url: string): Thresholds {
  const t: Thresholds = { ...(config.minScore !== undefined ? { minScore: config.minScore } : {}), minScores: { ...config.minScores }, rules: { ...config.rules } };
  for (const o of config.overrides) {
    if (!o.test(url)) continue;
    if (o.minScore !== undefined) t.minScore = o.minScore;
    if (o.minScores) Object.assign(t.minScores, o.minScores);
    if (o.rules) Object.assign(t.rules, o.rules);
  }
  return t;
}
