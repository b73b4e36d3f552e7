// The HTML report: one self-contained file people open from disk, share and print.
// Inline CSS and a tiny inline script (enhancement only: expand/collapse, open what a
// link points at, open everything for printing) under a strict CSP that allows exactly
// those two blocks by hash. Server-provided text is only ever rendered with `{{ }}`
// (escaped); the only raw insertions are our own CSS/JS and the `inlineMd` helper,
// which escapes its input before adding <a>/<code>.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Evidence } from '../src/contract/evidence.ts';
import type { Result } from '../src/contract/result.ts';
import { buildReportView } from './htmlView.ts';
import { safeHref } from './text.ts';
import { packageFile } from '../src/contract/packageRoot.ts';
import { Handlebars, readPrecompiled, templateSpec } from './precompiled.ts';

/** The templates ship as files in reports/templates/ (beside the compiled dist/ in the package). */
export function templateDir(): URL {
  return packageFile('reports/templates/');
}

/** the report's partials; `report` is the page itself */
export const PARTIALS = ['gauge', 'rule', 'exchange', 'timeline'];
/** every template the HTML report is made of (precompiled by scripts/precompile-templates.ts) */
export const REPORT_TEMPLATES = [...PARTIALS, 'report'];

export interface ReportTemplates {
  render: HandlebarsTemplateDelegate;
  css: string;
  script: string;
  csp: string;
}

let compiled: ReportTemplates | undefined;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** `[label](https://…)` and `` `code` `` in our own rule texts; everything else escaped. */
function inlineMarkdown(hb: typeof Handlebars, text: unknown): Handlebars.SafeString {
  const s = typeof text === 'string' ? text : '';
  const esc = hb.escapeExpression;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/\[([^\]\n]+)\]\(([^)\s]+)\)|`([^`\n]+)`/g)) {
    out += esc(s.slice(last, m.index));
    if (m[3] !== undefined) {
      out += `<code>${esc(m[3])}</code>`;
    } else {
      const href = safeHref(m[2]);
      out += href ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(m[1])}</a>` : esc(m[0]);
    }
    last = (m.index ?? 0) + m[0].length;
  }
  return new hb.SafeString(out + esc(s.slice(last)));
}

/**
 * Loads the templates on first use and keeps them (the report is rendered many times in batch
 * runs): from their precompiled specs (reports/precompiled.ts), and all at once, not on first
 * render as `Handlebars.compile` would: the CLI warms them up while a scan waits (warmHtml).
 */
function load(): ReportTemplates {
  compiled ??= loadReportTemplates();
  return compiled;
}

/** The report's templates, from their precompiled specs (or, with `precompiled: false`, all compiled from source). */
export function loadReportTemplates(options: { precompiled?: boolean } = {}): ReportTemplates {
  const hb = Handlebars.create();
  const dir = templateDir();
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
  const precompiled = options.precompiled === false ? undefined : readPrecompiled(dir);
  const compileNow = (name: string): HandlebarsTemplateDelegate => hb.template(templateSpec(precompiled, name, read(`${name}.hbs`)));
  hb.registerHelper('inlineMd', (text: unknown) => inlineMarkdown(hb, text));
  // An explicit list: other reports keep their templates in the same folder.
  for (const name of PARTIALS) hb.registerPartial(name, compileNow(name));
  const css = read('report.css');
  const script = read('report.js');
  // Both blocks are inserted raw; make sure neither can close its own element early.
  if (/<\/style/i.test(css) || /<\/script/i.test(script)) throw new Error('report.css/report.js must not contain closing tags');
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(css)}`,
    'img-src data:',
    `script-src ${sha256(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const render = compileNow('report');
  return { render, css, script, csp };
}

/** Reads and compiles the templates ahead of the first render. */
export function warmHtml(): void {
  load();
}

export function renderHtml(result: Result, evidence?: Evidence, templates?: ReportTemplates): string {
  const t = templates ?? load();
  const view = buildReportView(result, evidence);
  return t.render({ ...view, css: t.css, script: t.script, csp: t.csp });
}
