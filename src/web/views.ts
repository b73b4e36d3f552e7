// The web form's own pages. Handlebars with `{{ }}` only (every value HTML-escaped, no
// triple-stash, no custom helpers); the layout is a partial block. View models are built
// here so the templates stay logic-free. The finished HTML report itself comes from
// reports/html.ts, which escapes everything a scanned server said.
import Handlebars from 'handlebars';
import { TIER_LABELS, type Tier } from '../contract/result.ts';
import { SCANNER } from '../contract/version.ts';
import type { ScanRow, StoredEvent } from './store.ts';

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
{{#if refresh}}<noscript><meta http-equiv="refresh" content="{{refresh}}"></noscript>
{{/if}}<title>{{title}} · agentready</title>
<link rel="stylesheet" href="/assets/web.css">
{{#if script}}<script src="/assets/progress.js" defer></script>
{{/if}}</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="site"><div class="wrap"><a class="brand" href="/">agentready</a> · can AI agents rely on your MCP endpoint?</div></header>
<main id="main" class="wrap">
{{> @partial-block}}
</main>
<footer class="site"><div class="wrap">
<p>agentready {{version}}. {{#if allowPrivate}}<span class="warn" data-allow-private>Private and loopback addresses are allowed (--allow-private): for local use only, do not expose this server.</span>{{else}}Only public endpoints are scanned; private, loopback and cloud-metadata addresses are refused.{{/if}}</p>
</div></footer>
</body>
</html>
`;

const FORM = `<form class="scan" method="post" action="/scans" novalidate>
  <label for="url">MCP endpoint URL</label>
  <input type="url" id="url" name="url" value="{{form.url}}" placeholder="https://example.com/mcp" autocomplete="url" spellcheck="false" required{{#if errors.url}} aria-invalid="true" aria-describedby="url-error"{{/if}}>
  {{#if errors.url}}<p class="error" id="url-error" role="alert">{{errors.url}}</p>{{/if}}
  <label for="headers">Request headers <span class="hint">(optional)</span></label>
  <textarea id="headers" name="headers" rows="3" autocomplete="off" spellcheck="false" placeholder="Authorization: Bearer …" aria-describedby="headers-hint{{#if errors.headers}} headers-error{{/if}}"{{#if errors.headers}} aria-invalid="true"{{/if}}></textarea>
  <p class="hint" id="headers-hint">One <code>Name: value</code> per line, sent with every request of this scan. Never stored, never shown again, never logged; redacted in the evidence.{{#if headersDropped}} The headers you entered were not kept: enter them again.{{/if}}</p>
  {{#if errors.headers}}<p class="error" id="headers-error" role="alert">{{errors.headers}}</p>{{/if}}
  <p class="check"><input type="checkbox" id="unlisted" name="unlisted"><label for="unlisted">Unlisted: keep this scan off the public pages</label></p>
  <p class="hint">Scans with headers or a query string are always unlisted, and query values are stored as [redacted]. An unlisted scan is reachable only through its link.</p>
  <button type="submit">Scan</button>
</form>`;

const HOME = `{{#> layout}}
<h1>Scan an MCP endpoint</h1>
${FORM}
<h2>Recent scans</h2>
{{#if recent.length}}
<table>
  <thead><tr><th scope="col">Endpoint</th><th scope="col">Result</th><th scope="col">When</th></tr></thead>
  <tbody>
  {{#each recent}}<tr><td class="url"><a href="{{historyHref}}">{{url}}</a></td><td class="status-{{status}}"><a href="{{href}}">{{summary}}</a></td><td><time datetime="{{createdAt}}">{{when}}</time></td></tr>
  {{/each}}
  </tbody>
</table>
{{else}}<p>No scans yet.</p>{{/if}}
{{/layout}}`;

const SCAN = `{{#> layout}}
<h1>{{heading}} <span class="target">{{scan.url}}</span></h1>
<div id="live" data-events="{{eventsHref}}" data-status="{{scan.status}}">
<p class="notice{{#if failed}} bad{{/if}}"><strong id="status" aria-live="polite">{{statusText}}</strong>{{#if scan.error}} — <span id="reason">{{scan.error}}</span>{{/if}}</p>
<h2>Probes</h2>
<ol id="probes" class="probes">
{{#each probes}}<li data-probe="{{name}}" class="{{state}}">{{name}} — {{stateText}}</li>
{{/each}}</ol>
</div>
{{#if pending}}<p class="hint">This page follows the scan live{{#if noscriptHint}} (it refreshes itself every 2 seconds without JavaScript){{/if}}; the full report appears here when it is done.</p>{{/if}}
<p>Permanent link: <a href="{{selfHref}}">{{selfHref}}</a>{{#if scan.listed}} · <a href="{{historyHref}}">history of this endpoint</a>{{/if}} · <a href="/">new scan</a></p>
{{#unless scan.listed}}<p class="hint" data-unlisted>Unlisted: this scan is not on the public pages; only people with this link can see it.</p>{{/unless}}
{{/layout}}`;

const HISTORY = `{{#> layout}}
<h1>History of <span class="target">{{url}}</span></h1>
{{#if points.length}}
<svg class="spark" role="img" aria-labelledby="spark-title" viewBox="0 0 {{spark.width}} {{spark.height}}" width="{{spark.width}}" height="{{spark.height}}">
  <title id="spark-title">Overall score over time: {{spark.summary}}</title>
  <line x1="0" y1="{{spark.base}}" x2="{{spark.width}}" y2="{{spark.base}}" stroke="currentColor" stroke-opacity=".2"/>
  <polyline fill="none" stroke="currentColor" stroke-width="2" points="{{spark.points}}"/>
  {{#each spark.dots}}<circle cx="{{x}}" cy="{{y}}" r="3" fill="{{colour}}"><title>{{label}}</title></circle>{{/each}}
</svg>
{{/if}}
{{#if rows.length}}
<table>
  <thead><tr><th scope="col">When</th><th scope="col">Score</th><th scope="col">Tier</th><th scope="col">Report</th></tr></thead>
  <tbody>
  {{#each rows}}<tr><td><time datetime="{{createdAt}}">{{when}}</time></td><td>{{score}}</td><td class="status-{{status}}">{{tierText}}</td><td><a href="{{href}}">{{linkText}}</a></td></tr>
  {{/each}}
  </tbody>
</table>
<h2>Badge</h2>
<p><img src="{{badgeHref}}" alt="agent-ready badge for this endpoint"></p>
<p>Markdown for a README (always shows the latest scan):</p>
<pre>{{badgeMarkdown}}</pre>
{{else}}<p>This endpoint has not been scanned here yet.</p>{{/if}}
<form method="post" action="/scans"><input type="hidden" name="url" value="{{url}}"><button type="submit">Scan it now</button></form>
{{/layout}}`;

const ERROR = `{{#> layout}}
<h1>{{heading}}</h1>
<p class="notice bad">{{message}}</p>
{{#if showForm}}${FORM}{{else}}<p><a href="/">Back to the form</a></p>{{/if}}
{{/layout}}`;

/** Links added above a finished HTML report (escaped like everything else). */
const REPORT_NAV = `<nav class="wrap formats" aria-label="This scan"><p><a href="/">agentready</a> · scan <a href="{{selfHref}}">{{id}}</a> ·
<a href="{{selfHref}}?format=json">JSON</a> <a href="{{selfHref}}?format=md">Markdown</a> <a href="{{selfHref}}?format=sarif">SARIF</a> <a href="{{selfHref}}?format=evidence">Evidence</a>
<a href="{{selfHref}}/badge.svg">Badge</a>{{#if listed}} <a href="{{historyHref}}">History</a>{{/if}} <a href="/">New scan</a>{{#unless listed}} · <span data-unlisted>unlisted: only people with this link can see this report</span>{{/unless}}</p></nav>
`;

const hb = Handlebars.create();
const compile = (src: string) => hb.compile(src, { knownHelpersOnly: true, strict: false });
hb.registerPartial('layout', LAYOUT);
const templates = {
  home: compile(HOME),
  scan: compile(SCAN),
  history: compile(HISTORY),
  error: compile(ERROR),
  reportNav: compile(REPORT_NAV),
};

export interface PageContext { allowPrivate: boolean }

interface Common { title: string; refresh?: number; script?: boolean }

function page(name: keyof typeof templates, ctx: PageContext, common: Common, data: Record<string, unknown>): string {
  return templates[name]({ ...data, ...common, allowPrivate: ctx.allowPrivate, version: SCANNER.version });
}

export const scanHref = (id: string) => `/scans/${encodeURIComponent(id)}`;
export const historyHref = (url: string) => `/history?url=${encodeURIComponent(url)}`;
export const urlBadgeHref = (url: string) => `/badge.svg?url=${encodeURIComponent(url)}`;

function when(iso: string | null): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function tierText(tier: Tier | null): string {
  return tier ? TIER_LABELS[tier] : '';
}

export function scanSummary(s: ScanRow): string {
  switch (s.status) {
    case 'queued': return 'queued';
    case 'running': return 'running';
    case 'failed': return 'failed';
    case 'done': return s.reachable === false ? 'unreachable' : `${s.score ?? '—'} · ${tierText(s.tier)}`;
  }
}

export interface FormState { url?: string; errors?: { url?: string; headers?: string }; headersDropped?: boolean }

export function renderHome(ctx: PageContext, recent: ScanRow[], form: FormState = {}): string {
  return page('home', ctx, { title: form.errors ? 'Check the form' : 'Scan an MCP endpoint' }, {
    form: { url: form.url ?? '' },
    errors: form.errors ?? {},
    headersDropped: form.headersDropped === true,
    recent: recent.map((s) => ({
      url: s.url, status: s.status, href: scanHref(s.id), historyHref: historyHref(s.url), summary: scanSummary(s),
      createdAt: s.createdAt, when: when(s.createdAt),
    })),
  });
}

/** The live page of a scan that is queued, running or failed. */
export function renderScanPage(ctx: PageContext, s: ScanRow, events: StoredEvent[], position: number | undefined): string {
  const probes = new Map<string, 'running' | 'done'>();
  for (const e of events) {
    if (e.type === 'progress' && typeof e.data.probe === 'string') probes.set(e.data.probe, e.data.phase === 'done' ? 'done' : 'running');
  }
  const pending = s.status === 'queued' || s.status === 'running';
  const statusText = s.status === 'queued' ? (position ? `Queued (position ${position})` : 'Queued')
    : s.status === 'running' ? 'Running' : s.status === 'failed' ? 'Failed' : 'Done';
  return page('scan', ctx, { title: pending ? `Scanning ${s.url}` : `Scan of ${s.url}`, ...(pending ? { refresh: 2, script: true } : {}) }, {
    scan: s,
    heading: pending ? 'Scanning' : s.status === 'failed' ? 'Scan failed:' : 'Scan of',
    failed: s.status === 'failed',
    pending,
    noscriptHint: true,
    statusText,
    probes: [...probes].map(([name, state]) => ({ name, state, stateText: state === 'done' ? 'done' : 'running' })),
    eventsHref: `${scanHref(s.id)}/events`,
    selfHref: scanHref(s.id),
    historyHref: historyHref(s.url),
  });
}

const SPARK_W = 480;
const SPARK_H = 80;
const SPARK_PAD = 6;

/** Score over time (oldest left), as plain numbers for the SVG in the history page. */
export function sparkline(rows: ScanRow[]) {
  const done = rows.filter((r) => r.status === 'done' && r.score !== null).slice().reverse();
  const n = done.length;
  const x = (i: number) => Math.round((n === 1 ? SPARK_W / 2 : SPARK_PAD + (i * (SPARK_W - 2 * SPARK_PAD)) / (n - 1)) * 10) / 10;
  const y = (score: number) => Math.round((SPARK_PAD + ((100 - score) * (SPARK_H - 2 * SPARK_PAD)) / 100) * 10) / 10;
  const dots = done.map((r, i) => ({
    x: x(i), y: y(r.score!), colour: TIER_DOT[r.tier ?? 'not-ready'],
    label: `${when(r.createdAt)}: ${r.score} (${tierText(r.tier)})`,
  }));
  return {
    width: SPARK_W, height: SPARK_H, base: SPARK_H - SPARK_PAD,
    points: dots.map((d) => `${d.x},${d.y}`).join(' '),
    dots,
    summary: done.map((r) => r.score).join(', '),
    count: n,
  };
}

const TIER_DOT: Record<Tier, string> = { platinum: '#1a7f37', gold: '#6f9a00', silver: '#b08800', bronze: '#d1581b', 'not-ready': '#cf222e', unrated: '#6e7781' };

export function renderHistory(ctx: PageContext, url: string, rows: ScanRow[], publicBase: string): string {
  const spark = sparkline(rows);
  const badge = `${publicBase}${urlBadgeHref(url)}`;
  return page('history', ctx, { title: `History of ${url}` }, {
    url,
    spark,
    points: spark.dots,
    rows: rows.map((s) => ({
      createdAt: s.createdAt, when: when(s.createdAt), status: s.status,
      score: s.status === 'done' ? (s.score ?? '—') : '',
      tierText: s.status === 'done' ? (s.reachable === false ? 'unreachable' : tierText(s.tier)) : s.status,
      href: scanHref(s.id), linkText: s.status === 'done' ? 'report' : s.status === 'failed' ? 'why it failed' : 'progress',
    })),
    badgeHref: urlBadgeHref(url),
    badgeMarkdown: `[![agent-ready](${badge})](${publicBase}${historyHref(url)})`,
  });
}

export function renderError(ctx: PageContext, heading: string, message: string, showForm = false): string {
  return page('error', ctx, { title: heading }, { heading, message, showForm, form: { url: '' }, errors: {} });
}

/** A finished report, with links to the other formats, badge and history on top. */
export function decorateReport(reportHtml: string, s: ScanRow): string {
  const nav = templates.reportNav({ id: s.id, selfHref: scanHref(s.id), historyHref: historyHref(s.url), listed: s.listed });
  const at = reportHtml.indexOf('<header class="masthead">');
  if (at >= 0) return reportHtml.slice(0, at) + nav + reportHtml.slice(at);
  const body = reportHtml.search(/<body[^>]*>/i);
  if (body < 0) return reportHtml;
  const end = reportHtml.indexOf('>', body) + 1;
  return reportHtml.slice(0, end) + nav + reportHtml.slice(end);
}

/** The CSP the HTML report declares in its meta tag (so the header can say the same). */
export function reportCsp(reportHtml: string): string | undefined {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i.exec(reportHtml);
  if (!m) return undefined;
  return m[1]!.replace(/&(#x27|#39|#x3D|#x60|quot|lt|gt|amp);/g, (_, e: string) =>
    ({ '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`', quot: '"', lt: '<', gt: '>', amp: '&' })[e]!);
}
