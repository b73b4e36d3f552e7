// The end-of-batch terminal text (also used by merge): totals, the weakest endpoints, and
// which assertions failed and why.
import path from 'node:path';
import { styleText } from 'node:util';
import { plain } from '../../reports/text.ts';
import { TIER_LABELS } from '../contract/result.ts';
import type { AssertionReport } from './assertions.ts';
import type { Manifest } from './manifest.ts';
import { TIERS_BEST_FIRST, worstFirst } from '../../reports/batchIndex.ts';

type Style = Parameters<typeof styleText>[0];
const MAX_LISTED = 20;

export function renderBatchText(m: Manifest, opts: { color: boolean; headline: string; files?: string[] }): string {
  const c = (style: Style, s: string) => (opts.color ? styleText(style, s) : s);
  const t = m.totals;
  const lines: string[] = [c('bold', opts.headline)];
  lines.push(`  ${t.scanned} scanned · ${t.unreachable ? c('red', `${t.unreachable} unreachable`) : '0 unreachable'} · ${t.error ? c('red', `${t.error} scanner errors`) : '0 scanner errors'} · ${t.skipped ? c('yellow', `${t.skipped} skipped`) : '0 skipped'}${t.meanOverall !== null ? ` · mean score ${t.meanOverall}` : ''}`);
  const tiers = TIERS_BEST_FIRST.map((x) => `${TIER_LABELS[x]} ${t.tiers[x] ?? 0}`);
  lines.push(`  ${tiers.join(' · ')}`);
  const weakest = [...m.endpoints].filter((e) => e.scores.overall !== null).sort(worstFirst).slice(0, 5);
  if (weakest.length && m.endpoints.length > 1) {
    lines.push('', c('bold', 'Lowest scores'));
    for (const e of weakest) lines.push(`  ${String(e.scores.overall).padStart(3)}  ${plain(e.url, 160)}${e.status !== 'scanned' ? c('dim', ` (${e.status})`) : ''}`);
  }
  if (m.assertions) lines.push('', ...assertionLines(m.assertions, c));
  if (opts.files?.length) lines.push('', c('dim', `Overview: ${opts.files.join(', ')}`));
  return lines.join('\n');
}

export function assertionLines(a: AssertionReport, c: (style: Style, s: string) => string = (_s, x) => x): string[] {
  const lines: string[] = [];
  lines.push(a.ok ? c('green', c('bold', 'Assertions passed')) : c('red', c('bold', `Assertions failed: ${a.failures.length}`)));
  for (const f of a.failures.slice(0, MAX_LISTED)) lines.push(`  ${c('red', '✗')} ${plain(f.url, 160)}: ${plain(f.message, 240)}`);
  if (a.failures.length > MAX_LISTED) lines.push(`  …and ${a.failures.length - MAX_LISTED} more (summary.md, manifest.json)`);
  if (a.warnings.length) {
    const n = a.warnings.reduce((s, w) => s + w.urls.length, 0);
    lines.push(`  ${c('yellow', '!')} ${n} failing rule result${n === 1 ? '' : 's'} at level warn (not fatal): ${a.warnings.slice(0, 6).map((w) => `${w.rule} ×${w.urls.length}`).join(', ')}${a.warnings.length > 6 ? ', …' : ''}`);
  }
  if (a.accepted.length) lines.push(`  ${a.accepted.length} failure${a.accepted.length === 1 ? '' : 's'} accepted by the baseline`);
  if (a.stale.length) {
    lines.push(`  ${c('yellow', 'stale baseline')}: ${a.stale.length} accepted failure${a.stale.length === 1 ? '' : 's'} no longer fail${a.stale.length === 1 ? 's' : ''}:`);
    for (const s of a.stale.slice(0, MAX_LISTED)) lines.push(`    ${plain(s.url, 160)} ${s.rule} (now ${s.now})`);
    if (a.stale.length > MAX_LISTED) lines.push(`    …and ${a.stale.length - MAX_LISTED} more`);
  }
  return lines;
}

/** Paths as the user gave them (relative stays relative), tidied. */
export function displayPath(p: string): string {
  return path.isAbsolute(p) ? p : path.normalize(p);
}
