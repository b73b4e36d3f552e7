// The terminal summary. Server-supplied text is stripped of control characters and ANSI
// escapes first: a hostile server must not be able to repaint the user's terminal.
import { styleText } from 'node:util';
import type { Result } from '../contract/result.ts';
import { TIER_LABELS } from '../contract/constants.ts';
import { DIMENSION_NAMES } from '../contract/rule.ts';
import { plain } from '../../reports/text.ts';
import { quickNote } from '../../reports/present.ts';


type Style = Parameters<typeof styleText>[0];

export function renderSummary(r: Result, opts: { color: boolean; files?: string[] }): string {
  const c = (style: Style, s: string) => (opts.color ? styleText(style, s) : s);
  const score = (n: number | null) => (n === null ? c('dim', ' –') : c(n >= 75 ? 'green' : n >= 40 ? 'yellow' : 'red', String(n).padStart(3)));
  const lines: string[] = [];
  lines.push(c('bold', `agentready ${r.scanner.version}`) + ` — ${plain(r.url)}`);
  const server = r.server.name ? `${plain(r.server.name, 80)}${r.server.version ? ` ${plain(r.server.version, 40)}` : ''} · ` : '';
  lines.push(`${server}era ${r.era}${r.protocolVersion ? ` (${plain(r.protocolVersion, 20)})` : ''} · ${r.transport} · scanned in ${(r.durationMs / 1000).toFixed(1)} s`);
  if (!r.reachable || r.era === 'unknown') lines.push(c('red', `Not reachable as MCP: ${plain(r.unreachableReason ?? 'no MCP transport answered')}`));
  if (r.quick) lines.push(c('dim', quickNote(r.quick.notObserved)));
  lines.push('');
  lines.push(`  ${c('bold', 'Overall')}          ${score(r.scores.overall)}  ${c('bold', TIER_LABELS[r.tier])}${r.coverage.overall !== null && r.coverage.overall < 1 ? c('dim', `   (judged ${Math.round(r.coverage.overall * 100)}% of the weight)`) : ''}`);
  for (const d of ['D2', 'D7', 'D8'] as const) {
    const cap = r.caps.find((x) => x.dimension === d);
    lines.push(`  ${d} ${DIMENSION_NAMES[d].padEnd(13)} ${score(r.scores[d])}${cap ? c('dim', `   capped at ${cap.max} by ${cap.ruleId}`) : ''}`);
  }
  const group = (status: 'fail' | 'error' | 'warn', title: string, mark: string, style: Style) => {
    const rules = r.rules.filter((x) => x.status === status);
    if (!rules.length) return;
    lines.push('', c('bold', `${title} (${rules.length})`));
    for (const x of rules) {
      lines.push(`  ${c(style, mark)} ${c('bold', x.id)} ${plain(x.title, 100)}`);
      lines.push(`      ${plain(x.detail, 200)}`);
      if (x.fix) lines.push(`      ${c('cyan', 'fix:')} ${plain(x.fix, 240)}`);
    }
  };
  group('fail', 'Failed', '✗', 'red');
  group('error', 'Could not judge', '?', 'magenta');
  group('warn', 'Warnings', '!', 'yellow');
  lines.push('', c('dim', `${r.counts.pass} passed · ${r.counts.warn} warnings · ${r.counts.fail} failed · ${r.counts.na} not applicable${r.counts.error ? ` · ${r.counts.error} errors` : ''}`));
  if (opts.files?.length) lines.push(c('dim', `Reports: ${opts.files.join(', ')}`));
  return lines.join('\n');
}
