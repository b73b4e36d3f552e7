// A compact Markdown summary for a GitHub job summary or PR comment: who was scanned,
// the scores, what failed and how to fix it, what passed (collapsed). GitHub renders
// inline HTML in Markdown, so every server-provided string is escaped both as Markdown
// and as HTML, and kept on one line (a newline would break a table row or a list item).
import { MIN_COVERAGE } from '../src/contract/constants.ts';
import type { Result, RuleResult } from '../src/contract/result.ts';
import { SCORE_KEYS, TIER_LABELS, capSentences, coverageNote, eraLabel, groupRules, quickNote, scoreLabel, serverLabel } from './present.ts';
import { oneLine, percent, truncate } from './text.ts';

/** Escapes Markdown syntax and HTML; safe inside table cells and list items. */
export function mdText(s: string): string {
  return escapeMd(oneLine(s));
}

/** The escaping alone, for pieces of a line already made one line (no trimming). */
function escapeMd(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/**
 * Inline code for plain values; anything with a backtick, pipe or markup character falls
 * back to escaped text, because a code span can't escape them (and some consumers of the
 * summary render HTML in it anyway).
 */
function mdCode(s: string): string {
  const t = oneLine(s);
  return t && !/[`|<>&]/.test(t) ? `\`${t}\`` : mdText(t);
}

/**
 * Text we wrote ourselves (rule titles, summaries, fixes) uses `code` spans on purpose:
 * keep those, escape everything else like server text.
 */
function mdAuthored(s: string): string {
  // Split after making the line, and escape the pieces without trimming them: trimming
  // each piece glued code spans to the words around them ("Set`a`and").
  return oneLine(s)
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`]+`$/.test(part) ? mdCode(part.slice(1, -1)) : escapeMd(part)))
    .join('');
}

/** A link target that cannot end the Markdown link early. */
function mdUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const ICON: Record<RuleResult['status'], string> = { fail: '❌', error: '⛔', warn: '⚠️', pass: '✅', na: '➖' };
const DETAIL_MAX = 300;

function scoreCell(v: number | null): string {
  return v === null ? '—' : String(v);
}

function problemItem(r: RuleResult): string {
  const lines = [`- ${ICON[r.status]} ${mdCode(r.id)} **${mdAuthored(r.title)}** (${r.level}, ${r.dimension}) — ${mdAuthored(r.summary)}`];
  if (r.detail) lines.push(`  <br>Observed: ${mdText(truncate(oneLine(r.detail), DETAIL_MAX))}`);
  if (r.fix) lines.push(`  <br>**Fix:** ${mdAuthored(r.fix)}`);
  const spec = r.specRefs[0];
  if (spec && /^https?:\/\//.test(spec.url)) lines.push(`  <br>Spec: [${mdText(spec.label)}](${mdUrl(spec.url)})`);
  return lines.join('\n');
}

export function renderMarkdown(result: Result): string {
  const out: string[] = [];
  const overall = result.scores.overall;
  out.push(`### agentready: ${mdCode(result.url)} — ${TIER_LABELS[result.tier]}${overall === null ? '' : ` (${overall}/100)`}`);
  out.push('');
  const server = serverLabel(result);
  const facts = [
    eraLabel(result),
    result.protocolVersion ? `protocol ${mdText(result.protocolVersion)}` : 'no protocol version negotiated',
    ...(server ? [`server ${mdText(server)}`] : []),
    `scanned ${mdText(result.startedAt)}`,
    `${mdText(result.scanner.name)} ${mdText(result.scanner.version)}, scoring ${mdText(result.scoringVersion)}`,
  ];
  out.push(facts.join(' · '));
  if (!result.reachable) {
    out.push('');
    out.push(`> **Unreachable:** ${mdText(result.unreachableReason ?? 'no MCP transport answered')}`);
  }
  out.push('');
  out.push('| Score | Value | Coverage |');
  out.push('|---|---:|---:|');
  for (const key of SCORE_KEYS) {
    const cov = result.coverage[key];
    const label = key === 'overall' ? '**Overall**' : scoreLabel(key);
    out.push(`| ${label} | ${scoreCell(result.scores[key])} | ${cov === null ? '—' : percent(cov)} |`);
  }
  const notes = [
    ...(result.tier === 'unrated' ? [`Unrated: less than ${Math.round(MIN_COVERAGE * 100)}% of the applicable weight could be judged.`] : []),
    ...capSentences(result).map(mdText),
    ...(coverageNote(result.coverage.overall) ? [`Overall ${coverageNote(result.coverage.overall)}.`] : []),
    ...(result.quick ? [quickNote(result.quick.notObserved)] : []),
  ];
  if (notes.length) {
    out.push('');
    for (const n of notes) out.push(`- ${n}`);
  }
  const c = result.counts;
  out.push('');
  out.push(`**${c.fail}** failed · **${c.warn}** warnings · **${c.pass}** passed · ${c.na} not applicable${c.error ? ` · **${c.error}** scanner errors` : ''}`);

  const groups = groupRules(result);
  for (const id of ['failed', 'warnings'] as const) {
    const g = groups.find((x) => x.id === id);
    if (!g || g.rules.length === 0) continue;
    out.push('');
    out.push(`#### ${g.title} (${g.rules.length})`);
    out.push('');
    for (const r of g.rules) out.push(problemItem(r));
  }
  const passed = groups.find((g) => g.id === 'passed')?.rules ?? [];
  if (passed.length) {
    out.push('');
    out.push(`<details><summary>Passed (${passed.length})</summary>`);
    out.push('');
    for (const r of passed) out.push(`- ${ICON.pass} ${mdCode(r.id)} ${mdAuthored(r.title)}`);
    out.push('');
    out.push('</details>');
  }
  if (result.incidents.length) {
    out.push('');
    out.push(`<details><summary>Incidents (${result.incidents.length})</summary>`);
    out.push('');
    for (const i of result.incidents) out.push(`- ${mdCode(i.probe)}: ${mdText(truncate(oneLine(i.message), DETAIL_MAX))}`);
    out.push('');
    out.push('</details>');
  }
  out.push('');
  return out.join('\n');
}
