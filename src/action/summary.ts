// The job summary ($GITHUB_STEP_SUMMARY): the verdict, a score table per endpoint, which
// assertions failed and why, every failing rule with its fix, and where the full reports
// are (the artifact). GitHub renders inline HTML in it, so server-provided text is escaped
// as Markdown and HTML and kept on one line; rule titles and fixes keep their `code` spans.
// A step summary may hold 1 MiB; long lists are cut with a pointer to the artifact.
import type { Entry, Manifest } from '../contract/manifest.ts';
import { TIER_LABELS } from '../contract/result.ts';
import { mdText } from '../../reports/markdown.ts';
import { oneLine, truncate, formatMs } from '../../reports/text.ts';
import type { Finding } from './findings.ts';

const MAX_TABLE_ROWS = 500;
const MAX_DETAILED_ENDPOINTS = 30;
const DETAIL_MAX = 240;
/** Stay under GitHub's 1 MiB per step, with room for the artifact link step. */
export const SUMMARY_MAX_BYTES = 1_000_000;

/** Inline code: a code span when plain, <code> with HTML escapes for `< > & |`, escaped text if it holds a backtick. */
function code(s: string): string {
  const t = oneLine(s);
  if (!t) return '';
  if (!/[`|<>&]/.test(t)) return `\`${t}\``;
  if (!t.includes('`')) return `<code>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')}</code>`;
  return mdText(t);
}

/** mdText's escaping without its trimming (for pieces of a line). */
function escapePiece(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** Text we wrote (titles, fixes): keep its `code` spans, escape the rest like server text. */
function authored(s: string): string {
  return oneLine(s).split(/(`[^`]+`)/).map((p) => (/^`[^`]+`$/.test(p) ? code(p.slice(1, -1)) : escapePiece(p))).join('');
}

const score = (v: number | null) => (v === null ? '—' : String(v));

/** Lowest overall first; endpoints without a score first of all. */
function worstFirst(a: Entry, b: Entry): number {
  const x = a.scores.overall ?? -1;
  const y = b.scores.overall ?? -1;
  return x - y || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

export interface SummaryInput {
  manifest: Manifest;
  findings: Map<string, Finding[]>;
  /** the batch's exit code */
  exitCode: number;
  artifactName: string;
  /** the run's page, where the artifact is listed */
  runUrl?: string;
  /** the report folder as the user knows it (relative to the workspace when inside it) */
  reportDir: string;
  /** the merged SARIF (same form), when written */
  sarif?: string;
  headerNames: string[];
  annotations: { shown: number; omitted: number };
}

export function renderJobSummary(s: SummaryInput): string {
  const m = s.manifest;
  const t = m.totals;
  const a = m.assertions;
  const out: string[] = [];
  const n = `${t.endpoints} MCP endpoint${t.endpoints === 1 ? '' : 's'}`;
  const verdict = s.exitCode === 130 ? '⛔ interrupted'
    : a ? (a.ok ? '✅ assertions passed' : `❌ ${a.failures.length} assertion${a.failures.length === 1 ? '' : 's'} failed`)
      : 'ℹ️ scanned (no assertions configured)';
  out.push(`## agentready: ${verdict} — ${n}`, '');

  const scored = m.endpoints.map((e) => e.scores.overall).filter((v): v is number => v !== null);
  const lowest = scored.length ? Math.min(...scored) : null;
  const facts = [
    `mean overall **${t.meanOverall ?? '—'}**`, `lowest **${lowest ?? '—'}**`,
    `scanned ${t.scanned}`, ...(t.unreachable ? [`unreachable ${t.unreachable}`] : []), ...(t.error ? [`scanner errors ${t.error}`] : []), ...(t.skipped ? [`skipped ${t.skipped}`] : []),
  ];
  out.push(facts.join(' · '), '');

  // the table: one row per endpoint, lowest score first
  out.push('| Endpoint | Status | Tier | Overall | D2 API | D7 Security | D8 Reliability | Failed | Warnings | Time |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const rows = [...m.endpoints].sort(worstFirst);
  for (const e of rows.slice(0, MAX_TABLE_ROWS)) {
    const status = e.status === 'scanned' ? 'scanned' : `**${e.status}**${e.reason ? `: ${mdText(truncate(oneLine(e.reason), 120))}` : ''}`;
    const tier = e.tier && (e.status === 'scanned' || e.status === 'unreachable') ? TIER_LABELS[e.tier] : '—';
    out.push(`| ${mdText(truncate(e.url, 200))} | ${status} | ${tier} | ${score(e.scores.overall)} | ${score(e.scores.D2)} | ${score(e.scores.D7)} | ${score(e.scores.D8)} | ${e.counts?.fail ?? '—'} | ${e.counts?.warn ?? '—'} | ${e.status === 'skipped' ? '—' : formatMs(e.durationMs)} |`);
  }
  if (rows.length > MAX_TABLE_ROWS) out.push('', `…and ${rows.length - MAX_TABLE_ROWS} more endpoints: see \`index.html\` in the artifact.`);
  out.push('');

  // assertions
  if (a) {
    out.push(`### Assertions: ${a.ok ? '✅ passed' : `❌ ${a.failures.length} failed — this fails the job`}`, '');
    const from = [a.config ? `config ${code(a.config)}` : '', a.baseline ? `baseline ${code(a.baseline)}` : '', a.failUnder !== null ? `\`fail-under: ${a.failUnder}\`` : ''].filter(Boolean);
    if (from.length) out.push(`From ${from.join(' · ')}.`, '');
    for (const f of a.failures.slice(0, 200)) out.push(`- ❌ ${mdText(truncate(f.url, 200))} — ${mdText(f.message)}${f.kind === 'rule' ? ' (the rule is set to `error` in the config)' : ''}`);
    if (a.failures.length > 200) out.push(`- …and ${a.failures.length - 200} more (see \`manifest.json\` in the artifact)`);
    if (a.failures.length) out.push('');
    if (a.warnings.length) out.push(`Failing rules at level \`warn\` (reported, do not fail the job): ${a.warnings.map((w) => `${code(w.rule)} ×${w.urls.length}`).join(', ')}.`, '');
    if (a.accepted.length) out.push(`${a.accepted.length} failure${a.accepted.length === 1 ? '' : 's'} accepted by the baseline.`, '');
    if (a.hidden) out.push(`${a.hidden} failing rule result${a.hidden === 1 ? '' : 's'} hidden (level \`off\`).`, '');
    if (a.stale.length) out.push(`${a.stale.length} baseline entr${a.stale.length === 1 ? 'y no longer fails' : 'ies no longer fail'} — remove ${a.stale.length === 1 ? 'it' : 'them'}: ${a.stale.slice(0, 20).map((x) => `${code(x.rule)} on ${mdText(truncate(x.url, 120))}`).join(', ')}${a.stale.length > 20 ? ', …' : ''}.`, '');
  } else {
    out.push('### Assertions: none configured', '', 'Nothing here fails the job. Set `fail-under` or `config` (an `agentready.config.json` with `minScore`, `minScores` or rules at level `error`) to gate on the scores.', '');
  }

  // what to fix, per endpoint (worst first)
  const withFindings = rows.filter((e) => (s.findings.get(e.url) ?? []).some((f) => f.treatment !== 'off'));
  if (withFindings.length) {
    out.push('### What to fix', '');
    for (const [i, e] of withFindings.slice(0, MAX_DETAILED_ENDPOINTS).entries()) {
      const list = (s.findings.get(e.url) ?? []).filter((f) => f.treatment !== 'off');
      const fails = list.filter((f) => f.status === 'fail').length;
      const warns = list.length - fails;
      const counts = [fails ? `${fails} failed` : '', warns ? `${warns} warning${warns === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
      out.push(`<details${i < 3 ? ' open' : ''}><summary><b>${mdText(truncate(e.url, 200))}</b> — ${counts}${e.scores.overall !== null ? ` (overall ${e.scores.overall})` : ''}</summary>`, '');
      for (const f of list) {
        const icon = f.status === 'fail' ? '❌' : '⚠️';
        const note = f.treatment === 'error' ? ' — **fails the job** (level `error`)' : f.treatment === 'accepted' ? ' — accepted by the baseline' : '';
        const head = f.rule ? `**${authored(f.rule.title)}** (${f.rule.level}, ${f.rule.dimension})` : '';
        out.push(`- ${icon} ${code(f.id)} ${head}${note}`);
        // the rule's wording with observed values in it: code spans kept, everything else escaped
        if (f.rule?.detail) out.push(`  <br>Observed: ${authored(truncate(oneLine(f.rule.detail), DETAIL_MAX))}`);
        if (f.rule?.fix) out.push(`  <br>**Fix:** ${authored(f.rule.fix)}`);
      }
      const report = e.reports.html ?? e.reports.md;
      if (report) out.push('', `Full report: ${code(report)} in the artifact.`);
      out.push('', '</details>', '');
    }
    if (withFindings.length > MAX_DETAILED_ENDPOINTS) out.push(`…and ${withFindings.length - MAX_DETAILED_ENDPOINTS} more endpoints with findings: see the reports in the artifact.`, '');
  } else if (m.endpoints.length) {
    out.push('### What to fix', '', 'Nothing: no rule failed or warned. 🎉', '');
  }

  // where the rest is
  const annot = s.annotations.omitted ? ` ${s.annotations.shown} findings are annotated on this run (${s.annotations.omitted} more left out).` : '';
  out.push('---', '');
  out.push(`📦 **Full reports** — for each endpoint HTML, Markdown, JSON${m.options.formats && Array.isArray(m.options.formats) && (m.options.formats as string[]).includes('sarif') ? ', SARIF' : ''} and the evidence, plus \`index.html\`, \`summary.md\` and \`manifest.json\` — are in the workflow artifact **${mdText(s.artifactName)}**${s.runUrl ? `, listed on the [run page](${s.runUrl}#artifacts)` : ''} (on the runner: ${code(s.reportDir)}).${annot}`);
  if (s.sarif) out.push('', `SARIF for code scanning: ${code(s.sarif)} (one run for all endpoints — pass it to \`github/codeql-action/upload-sarif\`).`);
  const meta = [`${m.scanner.name} ${m.scanner.version}`, s.headerNames.length ? `headers sent: ${s.headerNames.map(code).join(', ')} (values masked)` : '', m.options.quick ? 'quick scan' : ''].filter(Boolean);
  out.push('', `<sub>${meta.join(' · ')}</sub>`, '');
  return cap(out.join('\n'));
}

/** When the batch could not run at all (bad input, scanner crash). */
export function renderFailureSummary(title: string, lines: string[], hint?: string): string {
  const out = [`## agentready: ❌ ${mdText(title)}`, ''];
  for (const l of lines.slice(0, 50)) out.push(`- ${mdText(truncate(l, 500))}`);
  if (lines.length) out.push('');
  if (hint) out.push(hint, '');
  return cap(out.join('\n'));
}

function cap(md: string): string {
  if (Buffer.byteLength(md, 'utf8') <= SUMMARY_MAX_BYTES) return md;
  let cut = md.slice(0, SUMMARY_MAX_BYTES - 200);
  while (Buffer.byteLength(cut, 'utf8') > SUMMARY_MAX_BYTES - 200) cut = cut.slice(0, -1000);
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n…(cut at GitHub's 1 MiB summary limit; everything is in the artifact)\n`;
}
