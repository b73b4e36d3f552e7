// The HTML report renders from templates compiled ahead of time (reports/precompiled.ts): the
// committed specs must be what the compiler makes of today's templates, a stale spec or one from
// another Handlebars must never reach a report, and precompiled or not, the report is the same.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { renderPrecompiled } from '../../scripts/precompile-templates.ts';
import { loadReportTemplates, renderHtml, REPORT_TEMPLATES, templateDir } from '../../reports/html.ts';
import { PRECOMPILE_OPTIONS, PRECOMPILED_FILE, readPrecompiled, sourceHash, templateSpec, type PrecompiledFile } from '../../reports/precompiled.ts';
import { reportCases } from './cases.ts';

const FullHandlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
const precompile = (src: string) => FullHandlebars.precompile(src, PRECOMPILE_OPTIONS) as string;

test('reports/templates/precompiled.json is what the compiler makes of the templates now (run npm run templates:precompile)', () => {
  const committed = readFileSync(new URL(PRECOMPILED_FILE, templateDir()), 'utf8');
  assert.equal(committed, renderPrecompiled());
  assert.deepEqual(Object.keys(readPrecompiled(templateDir())!.templates).sort(), [...REPORT_TEMPLATES].sort());
});

test('a spec is used only for the source it was made from; an edited template is compiled instead', () => {
  const hb = FullHandlebars.create();
  const file = (madeFrom: string, spec: string): PrecompiledFile => ({ handlebars: FullHandlebars.VERSION, templates: { gauge: { sha256: sourceHash(madeFrom), spec } } });
  // the spec says something its source does not, so which one rendered shows
  assert.equal(hb.template(templateSpec(file('NOW {{v}}', precompile('SPEC {{v}}')), 'gauge', 'NOW {{v}}'))({ v: 'x' }), 'SPEC x');
  assert.equal(hb.template(templateSpec(file('BEFORE {{v}}', precompile('SPEC {{v}}')), 'gauge', 'NOW {{v}}'))({ v: 'x' }), 'NOW x');
  assert.equal(hb.template(templateSpec(undefined, 'gauge', 'NOW {{v}}'))({ v: 'x' }), 'NOW x');
});

test('specs from another Handlebars version, or a missing or broken file, are not read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-precompiled-'));
  try {
    const url = pathToFileURL(`${dir}/`);
    assert.equal(readPrecompiled(url), undefined, 'no file');
    writeFileSync(path.join(dir, PRECOMPILED_FILE), '{"handlebars": ');
    assert.equal(readPrecompiled(url), undefined, 'broken JSON');
    const ours = JSON.parse(readFileSync(new URL(PRECOMPILED_FILE, templateDir()), 'utf8')) as PrecompiledFile;
    writeFileSync(path.join(dir, PRECOMPILED_FILE), JSON.stringify({ ...ours, handlebars: '3.0.0' }));
    assert.equal(readPrecompiled(url), undefined, 'another version');
    writeFileSync(path.join(dir, PRECOMPILED_FILE), JSON.stringify(ours));
    assert.equal(readPrecompiled(url)?.handlebars, FullHandlebars.VERSION, 'ours');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the report from the precompiled specs is the report compiled from the sources', () => {
  const fromSource = loadReportTemplates({ precompiled: false });
  for (const c of reportCases()) {
    const page = renderHtml(c.result, c.evidence);
    assert.ok(page.length > 5_000, `${c.name}: a page`);
    assert.equal(page, renderHtml(c.result, c.evidence, fromSource), c.name);
  }
});
