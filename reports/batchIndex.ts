// index.html of a batch: every endpoint in one sortable table, linking to its report.
// Self-contained (inline CSS and script, no external assets) under a CSP that allows exactly
// those two blocks by hash. Pre-sorted (lowest score first) so it reads fully without
// JavaScript; the script only adds click-to-sort. Every value goes through `{{ }}`
// (escaped); links are only ever our own relative report paths.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Entry, Manifest } from '../src/contract/manifest.ts';
import { TIER_LABELS, Tier as TierSchema, type Tier } from '../src/contract/result.ts';
import { formatMs, oneLine, truncate } from './text.ts';
import { packageFile } from '../src/contract/packageRoot.ts';

function templateDir(): URL {
  return packageFile('reports/templates/');
}

interface Compiled { render: HandlebarsTemplateDelegate; css: string; script: string; csp: string }
let compiled: Compiled | undefined;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

function load(): Compiled {
  if (compiled) return compiled;
  const dir = templateDir();
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
  const css = read('batch-index.css');
  const script = read('batch-index.js');
  if (/<\/style/i.test(css) || /<\/script/i.test(script)) throw new Error('batch-index.css/.js must not contain closing tags');
  const csp = ["default-src 'none'", `style-src ${sha256(css)}`, `script-src ${sha256(script)}`, "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');
  const hb = Handlebars.create();
  const render = hb.compile(read('batch-index.hbs'), { knownHelpersOnly: true, strict: false });
  compiled = { render, css, script, csp };
  return compiled;
}

/** Tiers best first, from the schema (so a new tier needs no change here). */
export const TIERS_BEST_FIRST: Tier[] = [...TierSchema.options];
const TIER_RANK = Object.fromEntries(TIERS_BEST_FIRST.map((x, i) => [x, TIERS_BEST_FIRST.length - i])) as Record<Tier, number>;
const STATUS_RANK: Record<Entry['status'], number> = { error: 0, unreachable: 1, skipped: 2, scanned: 3 };

/** Only our own relative report paths become links: no scheme, no `..`, plain characters. */
export function safeRelativeHref(p: string | undefined): string | undefined {
  if (!p || !/^[A-Za-z0-9._\-/]+$/.test(p) || p.startsWith('/') || p.split('/').some((seg) => seg === '..' || seg === '')) return undefined;
  return p;
}

export const text = (s: string | undefined, max = 200): string => truncate(oneLine(s ?? ''), max);

const band = (n: number | null) => (n === null ? '' : n >= 75 ? 'good' : n >= 40 ? 'mid' : 'bad');

/** Worst first: lowest overall (missing last), then status, then URL. */
export function worstFirst(a: Entry, b: Entry): number {
  const x = a.scores.overall;
  const y = b.scores.overall;
  if (x !== y) return x === null ? 1 : y === null ? -1 : x - y;
  if (a.status !== b.status) return STATUS_RANK[a.status] - STATUS_RANK[b.status];
  return a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
}

const MAX_LISTED_FAILURES = 500;

export function renderBatchIndex(m: Manifest): string {
  const t = load();
  const hrefOf = new Map(m.endpoints.map((e) => [e.url, safeRelativeHref(e.reports.html ?? e.reports.md ?? e.reports.json)]));
  const rows = [...m.endpoints].sort(worstFirst).map((e) => ({
    url: text(e.url, 500),
    href: hrefOf.get(e.url),
    status: e.status,
    statusRank: STATUS_RANK[e.status],
    detail: e.status !== 'scanned' ? text(e.reason, 240) : e.server?.name ? text(`${e.server.name}${e.server.version ? ` ${e.server.version}` : ''}`, 120) : '',
    tier: e.tier && e.status !== 'error' && e.status !== 'skipped' ? TIER_LABELS[e.tier] : '',
    tierClass: e.tier ?? '',
    tierRank: e.tier && e.status !== 'error' && e.status !== 'skipped' ? TIER_RANK[e.tier] : '',
    scores: (['overall', 'D2', 'D7', 'D8'] as const).map((k) => ({ v: e.scores[k] ?? '', text: e.scores[k] ?? '—', band: band(e.scores[k]) })),
    failed: e.counts?.fail ?? '',
    failedText: e.counts ? String(e.counts.fail) : '—',
    durationMs: e.durationMs,
    duration: e.status === 'skipped' ? '—' : formatMs(e.durationMs),
  }));
  const tot = m.totals;
  const totals = [
    { label: 'Endpoints', value: tot.endpoints, cls: '' },
    { label: 'Scanned', value: tot.scanned, cls: '' },
    { label: 'Unreachable', value: tot.unreachable, cls: tot.unreachable ? 'bad' : '' },
    { label: 'Errors', value: tot.error, cls: tot.error ? 'bad' : '' },
    { label: 'Skipped', value: tot.skipped, cls: tot.skipped ? 'bad' : '' },
    { label: 'Mean score', value: tot.meanOverall ?? '—', cls: '' },
    ...TIERS_BEST_FIRST.map((tier) => ({ label: TIER_LABELS[tier], value: tot.tiers[tier] ?? 0, cls: '' })),
  ];
  const a = m.assertions;
  const assertions = a && {
    ok: a.ok,
    headline: a.ok ? 'passed' : `${a.failures.length} failed`,
    failures: a.failures.slice(0, MAX_LISTED_FAILURES).map((f) => ({ url: text(f.url, 300), href: hrefOf.get(f.url), message: text(f.message, 300) })),
    moreFailures: Math.max(0, a.failures.length - MAX_LISTED_FAILURES),
    warningHeadline: `Failing rules at level warn (${a.warnings.reduce((s, w) => s + w.urls.length, 0)} findings; they do not fail the job)`,
    warnings: a.warnings.map((w) => ({ rule: w.rule, count: w.urls.length, plural: w.urls.length === 1 ? '' : 's' })),
    stale: a.stale.slice(0, MAX_LISTED_FAILURES).map((s) => ({ url: text(s.url, 300), rule: s.rule, now: s.now })),
    notes: [
      a.accepted.length ? `${a.accepted.length} failure${a.accepted.length === 1 ? '' : 's'} accepted by the baseline.` : '',
      a.hidden ? `${a.hidden} failing rule result${a.hidden === 1 ? '' : 's'} hidden (level off).` : '',
    ].filter(Boolean).join(' '),
  };
  const meta = [
    `Generated ${m.generatedAt}`,
    m.shard ? `shard ${m.shard.index}/${m.shard.count}` : '',
    m.mergedFrom ? `merged from ${m.mergedFrom.length} outputs` : '',
    m.list ? `list ${text(m.list.source, 120)}` : '',
  ].filter(Boolean).join(' · ');
  return t.render({
    csp: t.csp, css: t.css, script: t.script,
    generator: `${m.scanner.name} ${m.scanner.version}`,
    title: `${tot.endpoints} MCP endpoint${tot.endpoints === 1 ? '' : 's'}`,
    meta,
    totals,
    assertions,
    columns: [
      { label: 'Endpoint', type: 'text' }, { label: 'Status', type: 'num' }, { label: 'Tier', type: 'num' },
      { label: 'Overall', type: 'num', sorted: 'ascending' }, { label: 'D2', type: 'num' }, { label: 'D7', type: 'num' }, { label: 'D8', type: 'num' },
      { label: 'Failed rules', type: 'num' }, { label: 'Scan time', type: 'num' },
    ],
    rows,
    files: 'manifest.json · summary.md · results.jsonl',
  });
}
