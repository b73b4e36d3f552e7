// summary.md of a batch: totals, the assertions (which failed and why), and every endpoint
// worst first — sized for a CI job summary or a PR comment. Server-provided and list-provided
// text is escaped for Markdown and HTML and kept on one line.
import type { Manifest } from '../src/contract/manifest.ts';
import { TIER_LABELS } from '../src/contract/result.ts';
import { safeRelativeHref, TIERS_BEST_FIRST, worstFirst } from './batchIndex.ts';
import { formatMs, oneLine, truncate } from './text.ts';

/** Escapes Markdown syntax and HTML; safe inside table cells and list items. */
function md(s: string | undefined, max = 300): string {
  return truncate(oneLine(s ?? ''), max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.');
}

/** A rule id or other identifier of ours as inline code. */
const code = (s: string) => (/^[A-Za-z0-9._-]+$/.test(s) ? `\`${s}\`` : md(s));

/** Beyond this, the endpoint table points to index.html instead (job summaries are capped at 1 MiB). */
const MAX_ROWS = 2000;
const MAX_FINDINGS = 300;

export function renderBatchSummary(m: Manifest): string {
  const t = m.totals;
  const out: string[] = [];
  out.push(`# agentready: ${t.endpoints} MCP endpoint${t.endpoints === 1 ? '' : 's'}`, '');
  out.push(`Scanned **${t.scanned}** · unreachable **${t.unreachable}** · scanner errors **${t.error}** · skipped **${t.skipped}** · mean overall score **${t.meanOverall ?? '—'}**`, '');
  const meta = [`${m.scanner.name} ${m.scanner.version}`, m.generatedAt, m.shard ? `shard ${m.shard.index}/${m.shard.count}` : '', m.mergedFrom ? `merged from ${m.mergedFrom.length} outputs` : '', m.list ? `list ${md(m.list.source, 120)}` : ''];
  out.push(`<sub>${meta.filter(Boolean).join(' · ')}</sub>`, '');
  out.push('| Tier | Endpoints |', '| --- | ---: |');
  for (const tier of TIERS_BEST_FIRST) out.push(`| ${TIER_LABELS[tier]} | ${t.tiers[tier] ?? 0} |`);
  out.push('');

  const a = m.assertions;
  if (a) {
    out.push(`## Assertions: ${a.ok ? '✅ passed' : `❌ ${a.failures.length} failed`}`, '');
    const from = [a.config ? `config ${code(a.config)}` : '', a.baseline ? `baseline ${code(a.baseline)}` : '', a.failUnder !== null ? `\`--fail-under ${a.failUnder}\`` : ''].filter(Boolean);
    if (from.length) out.push(`From ${from.join(' · ')}.`, '');
    for (const f of a.failures.slice(0, MAX_FINDINGS)) out.push(`- ❌ ${md(f.url)} — ${md(f.message)}`);
    if (a.failures.length > MAX_FINDINGS) out.push(`- …and ${a.failures.length - MAX_FINDINGS} more (see manifest.json)`);
    if (a.failures.length) out.push('');
    if (a.warnings.length) {
      out.push('### Failing rules at level warn (reported, not fatal)', '', '| Rule | Endpoints |', '| --- | ---: |');
      for (const w of a.warnings) out.push(`| ${code(w.rule)} | ${w.urls.length} |`);
      out.push('');
    }
    if (a.accepted.length) out.push(`${a.accepted.length} failure${a.accepted.length === 1 ? '' : 's'} accepted by the baseline.`, '');
    if (a.hidden) out.push(`${a.hidden} failing rule result${a.hidden === 1 ? '' : 's'} hidden (level off).`, '');
    if (a.stale.length) {
      out.push(`### Stale baseline entries (${a.stale.length})`, '', 'These accepted failures no longer fail; remove them from the baseline:', '');
      for (const s of a.stale.slice(0, MAX_FINDINGS)) out.push(`- ${md(s.url)} — ${code(s.rule)} is now ${md(s.now)}`);
      if (a.stale.length > MAX_FINDINGS) out.push(`- …and ${a.stale.length - MAX_FINDINGS} more (see manifest.json)`);
      out.push('');
    }
  }

  out.push('## Endpoints (lowest score first)', '');
  if (!m.endpoints.length) out.push('No endpoints.');
  else {
    out.push('| Endpoint | Status | Tier | Overall | D2 | D7 | D8 | Failed rules | Time | Report |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const rows = [...m.endpoints].sort(worstFirst);
    for (const e of rows.slice(0, MAX_ROWS)) {
      const s = (v: number | null) => (v === null ? '—' : String(v));
      const href = safeRelativeHref(e.reports.md ?? e.reports.html ?? e.reports.json);
      const status = e.status === 'scanned' ? 'scanned' : `${e.status}: ${md(e.reason, 120)}`;
      const tier = e.tier && (e.status === 'scanned' || e.status === 'unreachable') ? TIER_LABELS[e.tier] : '—';
      out.push(`| ${md(e.url, 200)} | ${status} | ${tier} | ${s(e.scores.overall)} | ${s(e.scores.D2)} | ${s(e.scores.D7)} | ${s(e.scores.D8)} | ${e.counts ? e.counts.fail : '—'} | ${e.status === 'skipped' ? '—' : formatMs(e.durationMs)} | ${href ? `[report](${href})` : '—'} |`);
    }
    if (rows.length > MAX_ROWS) out.push('', `…and ${rows.length - MAX_ROWS} more endpoints: see index.html or manifest.json.`);
  }
  out.push('');
  return out.join('\n');
}
