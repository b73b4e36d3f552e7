// Result (+ optional Evidence) → the data the HTML templates render. All wording and
// layout decisions live here so the templates stay free of logic; all server-provided
// text passes through cleanText/oneLine here and is HTML-escaped by the templates.
import { MIN_COVERAGE } from '../src/contract/constants.ts';
import type { Front } from '../src/contract/result.ts';
import type { Evidence, Exchange } from '../src/contract/evidence.ts';
import type { Result, RuleResult } from '../src/contract/result.ts';
import { FRONT_LABELS, snippetsFor, type FixSnippet } from './fixSnippets.ts';
import {
  DIMENSION_NAMES, SCORE_KEYS, STATUS_LABELS, TIER_LABELS, bandOf, capSentences, coverageNote, eraLabel, groupRules, ruleCapNote, scoreLabel,
  quickNote, serverLabel, type GroupId, type ScoreKey,
} from './present.ts';
import { cleanText, formatMs, oneLine, safeHref, truncate } from './text.ts';
import { exchangeRef, exchangeView, type ExchangeRef, type ExchangeView } from './transcriptView.ts';

export interface Fact { label: string; value: string }

export interface GaugeView {
  key: ScoreKey;
  label: string;
  display: string;
  /** data-score attribute: the number, or "null" */
  scoreAttr: string;
  hasValue: boolean;
  /** a zero-length arc with round caps would still draw a dot */
  showArc: boolean;
  band: string;
  bandLabel: string;
  dash: string;
  circumference: string;
  aria: string;
  notes: string[];
}

export interface RuleView {
  id: string;
  anchor: string;
  status: RuleResult['status'];
  statusLabel: string;
  title: string;
  level: RuleResult['level'];
  dimension: string;
  dimensionLabel: string;
  summary: string;
  description: string;
  detail: string;
  fix?: string;
  capNote?: string;
  specLinks: { label: string; href?: string; url: string }[];
  exchanges: ExchangeRef[];
  snippets: FixSnippet[];
  snippetIntro?: string;
  meta: string;
}

export interface GroupView { id: GroupId; title: string; rules: RuleView[]; empty: string }

export interface ReportView {
  title: string;
  target: string;
  unreachable?: string;
  facts: Fact[];
  nav: { id: string; label: string; count?: string }[];
  gauges: GaugeView[];
  scoreNotes: string[];
  groups: GroupView[];
  incidents: { probe: string; message: string }[];
  transcript?: { exchanges: ExchangeView[] };
  generator: string;
}

const RADIUS = 42;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

function gauge(result: Result, key: ScoreKey): GaugeView {
  const score = result.scores[key];
  const band = bandOf(result, key);
  // Overall carries the Result's tier even without a number ("Unrated"); a dimension without one is simply not judged.
  const bandLabel = key === 'overall' ? TIER_LABELS[result.tier] : score === null || band === null ? 'Not judged' : TIER_LABELS[band];
  const notes = [
    ...(coverageNote(result.coverage[key]) ? [coverageNote(result.coverage[key]) as string] : []),
    ...result.caps.filter((c) => key === c.dimension).map((c) => `capped at ${c.max} by ${c.ruleId}`),
  ];
  const label = scoreLabel(key);
  return {
    key,
    label,
    display: score === null ? '—' : String(score),
    scoreAttr: score === null ? 'null' : String(score),
    hasValue: score !== null,
    showArc: score !== null && score > 0,
    band: key === 'overall' ? result.tier : score === null ? 'none' : (band ?? 'none'),
    bandLabel,
    dash: ((Math.max(0, Math.min(100, score ?? 0)) / 100) * CIRCUMFERENCE).toFixed(2),
    circumference: CIRCUMFERENCE.toFixed(2),
    aria: score === null ? `${label}: not judged${key === 'overall' ? `, ${bandLabel}` : ''}` : `${label}: ${score} out of 100, ${bandLabel}`,
    notes,
  };
}

function ruleAnchors(rules: RuleResult[]): Map<RuleResult, string> {
  const used = new Set<string>();
  const out = new Map<RuleResult, string>();
  for (const r of rules) {
    let a = `rule-${r.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    for (let i = 2; used.has(a); i++) a = `rule-${r.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${i}`;
    used.add(a);
    out.set(r, a);
  }
  return out;
}

function ruleView(r: RuleResult, anchor: string, ctx: { byId?: Map<string, Exchange>; origin?: string; front: Front }): RuleView {
  const problem = r.status === 'fail' || r.status === 'warn';
  const snippets = problem ? snippetsFor(r.id, ctx.front) : [];
  const scoreText = r.score === null ? 'not scored' : `score ${Math.round(r.score * 100)}/100`;
  return {
    id: oneLine(r.id),
    anchor,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    title: oneLine(r.title),
    level: r.level,
    dimension: r.dimension,
    dimensionLabel: `${r.dimension} ${DIMENSION_NAMES[r.dimension]}`,
    summary: oneLine(r.summary),
    description: cleanText(r.description),
    detail: truncate(cleanText(r.detail), 4000),
    ...(r.fix ? { fix: cleanText(r.fix) } : {}),
    ...(problem && ruleCapNote(r) ? { capNote: ruleCapNote(r) as string } : {}),
    specLinks: r.specRefs.map((s) => ({ label: oneLine(s.label), url: oneLine(s.url), href: safeHref(s.url) })),
    exchanges: ctx.byId ? r.exchanges.map((id) => exchangeRef(id, ctx.byId?.get(id), ctx.origin)) : r.exchanges.map((id) => ({ id, line: `exchange ${oneLine(id)} (transcript not included in this report)`, keyHeaders: [] })),
    snippets,
    ...(snippets.length ? { snippetIntro: ctx.front === 'unknown' ? 'For the application:' : `The responses look like they pass through ${FRONT_LABELS[ctx.front]}:` } : {}),
    meta: `outcome “${oneLine(r.outcome)}” · ${scoreText} · weight ${r.weight}`,
  };
}

const EMPTY_TEXT: Record<GroupId, string> = {
  failed: 'Nothing failed.',
  warnings: 'No warnings.',
  passed: 'No rule passed.',
  'not-applicable': 'Every rule applied to this server.',
};

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function buildReportView(result: Result, evidence?: Evidence): ReportView {
  const origin = originOf(result.url);
  // judged with the Result (Results saved before it carried this show generic fixes)
  const front = result.server.front ?? 'unknown';
  const byId = evidence ? new Map(evidence.transcript.map((x) => [x.id, x])) : undefined;
  const anchors = ruleAnchors(result.rules);

  const groups = groupRules(result).map((g) => ({
    id: g.id,
    title: g.title,
    rules: g.rules.map((r) => ruleView(r, anchors.get(r) as string, { byId, origin, front })),
    empty: EMPTY_TEXT[g.id],
  }));

  const fingerprint = Object.entries(result.server.fingerprint).map(([k, v]) => `${oneLine(k)}: ${oneLine(v)}`).join('; ');
  const toolNames = evidence?.probes.toolsList?.toolNames;
  const toolCount = evidence?.probes.toolsList?.toolCount;
  const facts: Fact[] = [
    { label: 'Transport', value: eraLabel(result) },
    { label: 'Protocol version', value: result.protocolVersion ? oneLine(result.protocolVersion) : 'not negotiated' },
    { label: 'Revisions accepted', value: result.revisions.length ? result.revisions.map(oneLine).join(', ') : 'none' },
    { label: 'Server', value: serverLabel(result) ? truncate(oneLine(serverLabel(result) as string), 200) : 'did not say' },
    ...(fingerprint ? [{ label: 'Behind', value: truncate(`${front === 'unknown' ? '' : `${FRONT_LABELS[front]} — `}${fingerprint}`, 400) }] : []),
    ...(toolNames?.length || toolCount !== undefined
      ? [{ label: 'Tools', value: truncate(`${toolCount ?? toolNames?.length}${toolNames?.length ? `: ${toolNames.map(oneLine).join(', ')}` : ''}`, 400) }]
      : []),
    { label: 'Scanned', value: `${oneLine(result.startedAt)} in ${formatMs(result.durationMs)}` },
    { label: 'Scanner', value: `${oneLine(result.scanner.name)} ${oneLine(result.scanner.version)} · scoring ${oneLine(result.scoringVersion)}` },
  ];

  const citedBy = new Map<string, { id: string; href: string }[]>();
  for (const r of result.rules) {
    for (const id of r.exchanges) {
      const list = citedBy.get(id) ?? [];
      list.push({ id: oneLine(r.id), href: `#${anchors.get(r)}` });
      citedBy.set(id, list);
    }
  }
  const transcript = evidence
    ? { exchanges: evidence.transcript.map((x) => exchangeView(x, origin, citedBy.get(x.id) ?? [])) }
    : undefined;

  const weights = `Overall = weighted mean of D2 ${result.weights.D2} : D7 ${result.weights.D7} : D8 ${result.weights.D8}.`;
  const scoreNotes = [
    ...(result.tier === 'unrated' ? [`Unrated: less than ${Math.round(MIN_COVERAGE * 100)}% of the applicable weight could be judged, too little for an overall score.`] : []),
    ...capSentences(result).map((s) => `${s}: one critical flaw is not averaged away by passes.`),
    ...(coverageNote(result.coverage.overall) ? [`Overall ${coverageNote(result.coverage.overall)}: some rules could not be observed.`] : []),
    ...(result.quick ? [quickNote(result.quick.notObserved)] : []),
    weights,
  ];

  return {
    title: `agentready: ${truncate(oneLine(result.url), 120)} — ${TIER_LABELS[result.tier]}`,
    target: truncate(oneLine(result.url), 2000),
    ...(!result.reachable ? { unreachable: oneLine(result.unreachableReason ?? 'no MCP transport answered') } : {}),
    facts,
    nav: [
      { id: 'scores', label: 'Scores' },
      ...groups.map((g) => ({ id: g.id, label: g.title, count: String(g.rules.length) })),
      ...(result.incidents.length ? [{ id: 'incidents', label: 'Incidents', count: String(result.incidents.length) }] : []),
      ...(transcript ? [{ id: 'transcript', label: 'Wire transcript', count: String(transcript.exchanges.length) }] : []),
    ],
    gauges: SCORE_KEYS.map((k) => gauge(result, k)),
    scoreNotes,
    groups,
    incidents: result.incidents.map((i) => ({ probe: oneLine(i.probe), message: truncate(oneLine(i.message), 1000) })),
    ...(transcript ? { transcript } : {}),
    generator: `${oneLine(result.scanner.name)} ${oneLine(result.scanner.version)}, scoring ${oneLine(result.scoringVersion)}, result schema v${result.schemaVersion}`,
  };
}
