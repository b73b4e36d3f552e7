// `agentready diff old new`: what got better or worse, per endpoint and rule by rule.
// Each side is a batch manifest.json, a batch directory, a results.jsonl, a scan's
// result.json, or a scan output directory holding one.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { styleText } from 'node:util';
import { z } from '../contract/zod.ts';
import { UsageError } from '../contract/errors.ts';
import { plain } from '../../reports/text.ts';
import { TIER_LABELS, type Tier } from '../contract/result.ts';
import { statusOf, type EndpointStatus, type Entry } from './entry.ts';
import { MANIFEST_FILE, parseManifest } from './manifest.ts';
import { readResultsLog, RESULTS_FILE } from './resultsLog.ts';

type RuleStatus = 'pass' | 'warn' | 'fail' | 'na' | 'error';
type ScoreKey = 'overall' | 'D2' | 'D7' | 'D8';
const SCORE_KEYS: ScoreKey[] = ['overall', 'D2', 'D7', 'D8'];

export interface SideEntry {
  url: string;
  status: EndpointStatus;
  tier: Tier | null;
  scores: Record<ScoreKey, number | null>;
  rules: Record<string, RuleStatus>;
}

export interface DiffSide {
  source: string;
  kind: 'batch' | 'result';
  endpoints: Map<string, SideEntry>;
}

/** Just what diff reads from a Result (so a result.json from a newer schema still diffs). */
const ResultLike = z.object({
  url: z.string(),
  era: z.string(),
  reachable: z.boolean(),
  tier: z.string(),
  scores: z.object({ overall: z.number().nullable(), D2: z.number().nullable(), D7: z.number().nullable(), D8: z.number().nullable() }),
  rules: z.array(z.object({ id: z.string(), status: z.enum(['pass', 'warn', 'fail', 'na', 'error']) })),
});

const fromEntry = (e: Entry): SideEntry => ({ url: e.url, status: e.status, tier: e.tier, scores: { ...e.scores }, rules: { ...e.rules } });

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`diff: ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(err as Error).message.split('\n')[0]})`}`);
  }
}

export async function loadDiffSide(p: string): Promise<DiffSide> {
  if (!existsSync(p)) throw new UsageError(`diff: ${p}: no such file or directory`);
  let file = p;
  if (statSync(p).isDirectory()) {
    const candidates = [MANIFEST_FILE, RESULTS_FILE, 'result.json'].map((f) => path.join(p, f));
    const found = candidates.find((f) => existsSync(f));
    if (!found) throw new UsageError(`diff: ${p}: no ${MANIFEST_FILE}, ${RESULTS_FILE} or result.json in this directory`);
    file = found;
  }
  if (file.endsWith('.jsonl')) {
    const log = await readResultsLog(file);
    return { source: p, kind: 'batch', endpoints: new Map([...log.entries.values()].map((e) => [e.url, fromEntry(e)])) };
  }
  const raw = await readJson(file);
  if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === 'agentready-batch') {
    let m;
    try { m = parseManifest(raw, file); } catch (err) { throw new UsageError(`diff: ${(err as Error).message}`); }
    return { source: p, kind: 'batch', endpoints: new Map(m.endpoints.map((e) => [e.url, fromEntry(e)])) };
  }
  const r = ResultLike.safeParse(raw);
  if (!r.success) throw new UsageError(`diff: ${file}: neither a batch manifest nor a scan result.json`);
  const res = r.data;
  // authBlocked lives in the Evidence; a saved evidence.json beside the result has it.
  let authBlocked = false;
  const evidenceFile = path.join(path.dirname(file), 'evidence.json');
  if (existsSync(evidenceFile)) {
    try { authBlocked = (JSON.parse(await readFile(evidenceFile, 'utf8')) as { probes?: { era?: { authBlocked?: boolean } } }).probes?.era?.authBlocked === true; } catch { /* ignore */ }
  }
  const rules: Record<string, RuleStatus> = {};
  for (const x of res.rules) rules[x.id] = x.status;
  const entry: SideEntry = {
    url: res.url,
    status: statusOf(res, authBlocked),
    tier: res.tier as Tier,
    scores: { ...res.scores },
    rules,
  };
  return { source: p, kind: 'result', endpoints: new Map([[entry.url, entry]]) };
}

export type Change = 'better' | 'worse' | 'mixed' | 'changed' | 'unchanged' | 'added' | 'removed';

export interface EndpointDiff {
  url: string;
  /** when two single results with different URLs are compared */
  newUrl?: string;
  change: Change;
  status: { old: EndpointStatus | null; new: EndpointStatus | null };
  tier: { old: Tier | null; new: Tier | null };
  scores: { key: ScoreKey; old: number | null; new: number | null; delta: number | null }[];
  rules: { id: string; old: RuleStatus | null; new: RuleStatus | null; change: 'better' | 'worse' | 'changed' }[];
}

export interface DiffReport {
  old: { source: string; endpoints: number };
  new: { source: string; endpoints: number };
  summary: Record<Change, number>;
  endpoints: EndpointDiff[];
}

const STATUS_RANK: Record<EndpointStatus, number | null> = { scanned: 2, unreachable: 1, error: 0, skipped: null };
const RULE_RANK: Partial<Record<RuleStatus, number>> = { pass: 2, warn: 1, fail: 0 };

function compare(oldE: SideEntry | undefined, newE: SideEntry | undefined, url: string): EndpointDiff {
  const d: EndpointDiff = {
    url,
    change: 'unchanged',
    status: { old: oldE?.status ?? null, new: newE?.status ?? null },
    tier: { old: oldE?.tier ?? null, new: newE?.tier ?? null },
    scores: [],
    rules: [],
  };
  if (!oldE || !newE) {
    d.change = oldE ? 'removed' : 'added';
    return d;
  }
  if (oldE.url !== newE.url) d.newUrl = newE.url;
  let better = false;
  let worse = false;
  let changed = false;
  const so = STATUS_RANK[oldE.status];
  const sn = STATUS_RANK[newE.status];
  if (oldE.status !== newE.status) {
    if (so !== null && sn !== null) { if (sn > so) better = true; else worse = true; } else changed = true;
  }
  for (const key of SCORE_KEYS) {
    const o = oldE.scores[key];
    const n = newE.scores[key];
    if (o === n) continue;
    const delta = o !== null && n !== null ? n - o : null;
    d.scores.push({ key, old: o, new: n, delta });
    if (delta !== null) { if (delta > 0) better = true; else worse = true; } else if (n === null) worse = true; else better = true;
  }
  const ids = [...new Set([...Object.keys(oldE.rules), ...Object.keys(newE.rules)])].sort();
  for (const id of ids) {
    const o = oldE.rules[id] ?? null;
    const n = newE.rules[id] ?? null;
    if (o === n) continue;
    const ro = o === null ? undefined : RULE_RANK[o];
    const rn = n === null ? undefined : RULE_RANK[n];
    const change = ro !== undefined && rn !== undefined ? (rn > ro ? 'better' : 'worse') : 'changed';
    d.rules.push({ id, old: o, new: n, change });
    if (change === 'better') better = true; else if (change === 'worse') worse = true; else changed = true;
  }
  if (oldE.tier !== newE.tier) changed = true;
  d.change = better && worse ? 'mixed' : worse ? 'worse' : better ? 'better' : changed ? 'changed' : 'unchanged';
  return d;
}

const ORDER: Change[] = ['worse', 'mixed', 'better', 'changed', 'added', 'removed', 'unchanged'];

export function diffSides(a: DiffSide, b: DiffSide): DiffReport {
  const endpoints: EndpointDiff[] = [];
  if (a.kind === 'result' && b.kind === 'result' && a.endpoints.size === 1 && b.endpoints.size === 1) {
    // Two single scans: compare them even if the URL changed (a moved endpoint).
    const [o] = a.endpoints.values();
    const [n] = b.endpoints.values();
    endpoints.push(compare(o, n, o!.url));
  } else {
    const urls = [...new Set([...a.endpoints.keys(), ...b.endpoints.keys()])].sort();
    for (const url of urls) endpoints.push(compare(a.endpoints.get(url), b.endpoints.get(url), url));
  }
  endpoints.sort((x, y) => ORDER.indexOf(x.change) - ORDER.indexOf(y.change) || (x.url < y.url ? -1 : x.url > y.url ? 1 : 0));
  const summary = Object.fromEntries(ORDER.map((c) => [c, 0])) as Record<Change, number>;
  for (const e of endpoints) summary[e.change]++;
  return { old: { source: a.source, endpoints: a.endpoints.size }, new: { source: b.source, endpoints: b.endpoints.size }, summary, endpoints };
}

// ---- rendering ------------------------------------------------------------------------

type Style = Parameters<typeof styleText>[0];
const HEADINGS: Record<Change, string> = {
  worse: 'Worse', mixed: 'Better in some ways, worse in others', better: 'Better', changed: 'Changed (neither better nor worse)',
  added: 'Added', removed: 'Removed', unchanged: 'Unchanged',
};
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
const val = (n: number | null) => (n === null ? '—' : String(n));
const tierLabel = (t: Tier | null) => (t ? TIER_LABELS[t] ?? t : '—');

function scoreLine(d: EndpointDiff): string {
  return d.scores.map((s) => `${s.key} ${val(s.old)} → ${val(s.new)}${s.delta !== null ? ` (${signed(s.delta)})` : ''}`).join(', ');
}

export function summaryLine(r: DiffReport): string {
  const s = r.summary;
  return `${s.worse} worse · ${s.mixed} mixed · ${s.better} better · ${s.changed} changed · ${s.unchanged} unchanged · ${s.added} added · ${s.removed} removed`;
}

export function renderDiffText(r: DiffReport, opts: { color: boolean; all?: boolean }): string {
  const c = (style: Style, t: string) => (opts.color ? styleText(style, t) : t);
  const lines = [c('bold', `agentready diff: ${plain(r.old.source, 200)} (${r.old.endpoints}) → ${plain(r.new.source, 200)} (${r.new.endpoints})`), `  ${summaryLine(r)}`];
  for (const change of ORDER) {
    if (change === 'unchanged' && !opts.all) continue;
    const group = r.endpoints.filter((e) => e.change === change);
    if (!group.length) continue;
    const style: Style = change === 'worse' || change === 'removed' ? 'red' : change === 'better' || change === 'added' ? 'green' : 'yellow';
    lines.push('', c(style, c('bold', `${HEADINGS[change]} (${group.length})`)));
    for (const e of group) {
      lines.push(`  ${plain(e.url, 200)}${e.newUrl ? ` → ${plain(e.newUrl, 200)}` : ''}`);
      if (change === 'added') { lines.push(`    ${e.status.new}${e.tier.new ? ` · ${tierLabel(e.tier.new)}` : ''}`); continue; }
      if (change === 'removed') { lines.push(`    was ${e.status.old}${e.tier.old ? ` · ${tierLabel(e.tier.old)}` : ''}`); continue; }
      if (e.status.old !== e.status.new) lines.push(`    status ${e.status.old} → ${e.status.new}`);
      if (e.scores.length) lines.push(`    ${scoreLine(e)}${e.tier.old !== e.tier.new ? ` · tier ${tierLabel(e.tier.old)} → ${tierLabel(e.tier.new)}` : ''}`);
      for (const x of e.rules) {
        const mark = x.change === 'better' ? c('green', '✓') : x.change === 'worse' ? c('red', '✗') : c('yellow', '~');
        lines.push(`    ${mark} ${x.id}: ${x.old ?? 'not judged'} → ${x.new ?? 'not judged'}`);
      }
    }
  }
  return lines.join('\n');
}

function mdText(s: string): string {
  return plain(s, 300).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

export function renderDiffMarkdown(r: DiffReport, opts: { all?: boolean } = {}): string {
  const out = [`## agentready diff`, '', `${mdText(r.old.source)} (${r.old.endpoints} endpoints) → ${mdText(r.new.source)} (${r.new.endpoints} endpoints)`, '', `**${summaryLine(r)}**`, ''];
  const shown = r.endpoints.filter((e) => opts.all || e.change !== 'unchanged');
  if (!shown.length) { out.push('Nothing changed.', ''); return out.join('\n'); }
  out.push('| Endpoint | Change | Status | Overall | D2 | D7 | D8 | Rules |', '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const e of shown) {
    const score = (k: ScoreKey) => {
      const s = e.scores.find((x) => x.key === k);
      return s ? `${val(s.old)} → ${val(s.new)}${s.delta !== null ? ` (${signed(s.delta)})` : ''}` : '';
    };
    const status = e.status.old === e.status.new ? (e.status.new ?? '') : `${e.status.old ?? '—'} → ${e.status.new ?? '—'}`;
    const rules = e.rules.map((x) => `${x.change === 'better' ? '✅' : x.change === 'worse' ? '❌' : '〰️'} \`${x.id}\` ${x.old ?? '—'} → ${x.new ?? '—'}`).join('<br>');
    out.push(`| ${mdText(e.url)} | ${e.change} | ${status} | ${score('overall')} | ${score('D2')} | ${score('D7')} | ${score('D8')} | ${rules} |`);
  }
  out.push('');
  return out.join('\n');
}
