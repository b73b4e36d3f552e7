// Every format, for every case: it renders, it parses back, it says what the Result says,
// and nothing the server sent escapes into the format's syntax.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Evidence } from '../../src/contract/evidence.ts';
import { Result, TIER_LABELS } from '../../src/contract/result.ts';
import { FORMATS, parseFormats, renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif, writeReports } from '../../reports/index.ts';
import { reportCases } from './cases.ts';

// ajv and ajv-formats are CommonJS modules with a `default` property; under Node ESM the
// default import is the whole module object, so take `.default` from it.
type AjvClass = typeof AjvModule.default;
type AddFormats = typeof addFormatsModule.default;
const Ajv: AjvClass = (AjvModule as unknown as { default: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
const addFormats: AddFormats = (addFormatsModule as unknown as { default: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const cases = reportCases();
const decodeEntities = (s: string) => s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const problems = (r: Result) => r.rules.filter((x) => x.status === 'fail' || x.status === 'warn');

async function sarifValidator() {
  const schema = JSON.parse(await readFile(new URL('./sarif-2.1.0.subset.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('fixtures', () => {
  for (const c of cases) {
    test(`${c.name}: Result and Evidence validate against their schemas`, () => {
      Result.parse(c.result);
      if (c.evidence) Evidence.parse(c.evidence);
    });
  }
});

describe('json', () => {
  for (const c of cases) {
    test(`${c.name}: round-trips to the same Result`, () => {
      const text = renderJson(c.result);
      assert.deepEqual(Result.parse(JSON.parse(text)), Result.parse(c.result));
      assert.ok(text.endsWith('\n'));
    });
  }
  // renderJson writes what it is given (a scan loads no zod); refusing a malformed Result is the
  // batch writer's and the web queue's job (test/batch/reportWriter.test.ts)
});

describe('markdown', () => {
  for (const c of cases) {
    test(`${c.name}: header, scores table, failing rules with fixes, collapsed passes`, () => {
      const md = renderMarkdown(c.result);
      const r = c.result;
      assert.match(md.split('\n')[0], /^### agentready: /);
      assert.ok(md.split('\n')[0].includes(TIER_LABELS[r.tier]));
      if (r.scores.overall !== null) assert.ok(md.split('\n')[0].includes(`(${r.scores.overall}/100)`));
      assert.match(md, /\| Score \| Value \| Coverage \|/);
      for (const key of ['overall', 'D2', 'D7', 'D8'] as const) {
        const v = r.scores[key];
        const row = md.split('\n').find((l) => l.startsWith('| ') && l.includes(key === 'overall' ? 'Overall' : key));
        assert.ok(row, `row for ${key}`);
        assert.ok(row.includes(`| ${v === null ? '—' : v} |`), `${key} value in ${row}`);
      }
      for (const rule of problems(r)) {
        const item = md.split('\n').findIndex((l) => /^- (❌|⚠️) /.test(l) && l.includes(`\`${rule.id}\``));
        assert.ok(item >= 0, `rule ${rule.id} listed`);
        if (rule.fix) assert.ok(md.split('\n').slice(item, item + 4).some((l) => l.includes('**Fix:**')), `fix of ${rule.id}`);
      }
      const passed = r.rules.filter((x) => x.status === 'pass').length;
      if (passed) assert.ok(md.includes(`<details><summary>Passed (${passed})</summary>`));
      for (const cap of r.caps) assert.ok(md.includes(`${cap.dimension === 'overall' ? 'Overall' : cap.dimension} capped at ${cap.max} by`), 'cap sentence');
    });
  }
  test('server-provided pipes, backticks and markup are escaped', () => {
    const hostile = cases.find((c) => c.name === 'hostile');
    assert.ok(hostile);
    const md = renderMarkdown(hostile.result);
    assert.ok(!md.includes('<script>'), 'no raw <script>');
    assert.ok(!md.includes('<img'), 'no raw <img');
    assert.ok(md.includes('&lt;script&gt;alert\\(1\\)&lt;/script&gt;'), 'shown escaped');
    assert.ok(md.includes('\\|'), 'pipes escaped');
    assert.ok(md.includes('\\`rm -rf\\`'), 'backticks escaped');
    assert.ok(!md.includes('\u001b'), 'no terminal escapes');
    // table rows keep their four pipes however hostile the data
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) assert.equal(row.replace(/\\\|/g, '').split('|').length, 5, row);
  });
  test('code spans in our own fix text keep the spaces around them', () => {
    const base = cases[0].result;
    const failing = { ...base.rules[0], status: 'fail' as const, fix: 'Send `X-Accel-Buffering: no` and set `proxy_buffering off;` in nginx.' };
    const md = renderMarkdown({ ...base, rules: [failing, ...base.rules.slice(1)] });
    assert.ok(md.includes('**Fix:** Send `X-Accel-Buffering: no` and set `proxy_buffering off;` in nginx.'), md.split('\n').find((l) => l.includes('**Fix:**')));
  });
});

describe('sarif', () => {
  for (const c of cases) {
    test(`${c.name}: validates against the SARIF 2.1.0 schema subset; one result per fail/warn`, async () => {
      const validate = await sarifValidator();
      const log = JSON.parse(JSON.stringify(renderSarif(c.result))) as {
        version: string; runs: { tool: { driver: { rules: { id: string; helpUri?: string; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string>; properties: { target: string } }[] }[];
      };
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      assert.deepEqual(run.tool.driver.rules.map((x) => x.id), [...new Set(c.result.rules.map((x) => x.id))]);
      const expected = problems(c.result);
      assert.equal(run.results.length, expected.length);
      for (const [i, res] of run.results.entries()) {
        const rule = expected[i];
        assert.equal(res.ruleId, rule.id);
        assert.equal(run.tool.driver.rules[res.ruleIndex].id, rule.id);
        assert.equal(res.level, rule.status === 'fail' ? 'error' : 'warning');
        assert.ok(res.message.text.includes(rule.title.slice(0, 20)));
        if (rule.fix) assert.ok(res.message.text.includes('Fix: '));
        assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'agentready.config.json');
        assert.equal(res.properties.target, c.result.url);
        assert.ok(Object.values(res.partialFingerprints).some((v) => v.includes(c.result.url)));
      }
    });
  }
  test('the schema subset rejects what GitHub would reject (it is not vacuous)', async () => {
    const validate = await sarifValidator();
    const good = JSON.parse(JSON.stringify(renderSarif(cases[1].result)));
    const badLevel = structuredClone(good);
    badLevel.runs[0].results[0].level = 'critical';
    const noMessage = structuredClone(good);
    delete noMessage.runs[0].results[0].message;
    const badVersion = { ...structuredClone(good), version: '2.0.0' };
    const extra = structuredClone(good);
    extra.runs[0].results[0].severity = 'high';
    for (const bad of [badLevel, noMessage, badVersion, extra]) assert.equal(validate(bad), false);
  });
  test('the artifact uri is the given config file, repository-relative', () => {
    const log = renderSarif(cases[1].result, { artifactUri: './ci/mcp endpoints.txt' }) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'ci/mcp%20endpoints.txt');
  });
  test('the same rule on two endpoints gets two fingerprints', () => {
    const a = renderSarif(cases[1].result) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    const b = renderSarif({ ...cases[1].result, url: 'https://other.example/mcp' }) as typeof a;
    assert.notEqual(a.runs[0].results[0].partialFingerprints.primaryLocationLineHash, b.runs[0].results[0].partialFingerprints.primaryLocationLineHash);
  });
});

describe('junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
  for (const c of cases) {
    test(`${c.name}: well-formed XML whose counts match the Result`, () => {
      const xml = renderJunit(c.result);
      assert.equal(XMLValidator.validate(xml), true);
      const doc = parser.parse(xml) as { testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite: { name: string; tests: string; testcase: Record<string, unknown>[] }[] } };
      const all = doc.testsuites.testsuite.flatMap((s) => s.testcase ?? []);
      const k = c.result.counts;
      assert.equal(all.length, c.result.rules.length);
      assert.equal(all.filter((tc) => 'failure' in tc).length, k.fail);
      assert.equal(all.filter((tc) => 'error' in tc).length, k.error);
      assert.equal(all.filter((tc) => 'skipped' in tc).length, k.na);
      assert.equal(all.filter((tc) => 'system-out' in tc).length, k.warn);
      assert.equal(Number(doc.testsuites.tests), c.result.rules.length);
      assert.equal(Number(doc.testsuites.failures), k.fail);
      assert.equal(Number(doc.testsuites.errors), k.error);
      assert.equal(Number(doc.testsuites.skipped), k.na);
      assert.deepEqual(doc.testsuites.testsuite.map((s) => s.name.split(' ')[1]), ['D2', 'D7', 'D8']);
      for (const tc of all) assert.match(String(tc.classname), /^agentready\.D[278]$/);
    });
  }
  test('hostile text is escaped and XML-illegal characters are stripped', () => {
    const hostile = cases.find((c) => c.name === 'hostile');
    assert.ok(hostile);
    const xml = renderJunit(hostile.result);
    assert.equal(XMLValidator.validate(xml), true);
    assert.ok(!xml.includes('<script>'));
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml), 'no C0 controls');
    assert.ok(!/[\ud800-\udfff]/.test(xml.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')), 'no lone surrogates');
    const doc = parser.parse(xml) as { testsuites: { testsuite: { testcase: { failure?: { '#text': string } }[] }[] } };
    const failures = doc.testsuites.testsuite.flatMap((s) => s.testcase ?? []).filter((tc) => tc.failure);
    assert.ok(failures.some((tc) => String(tc.failure?.['#text']).includes('<script>alert(1)</script>')), 'text reads back literally');
  });
});

describe('html (string level; the browser tests check rendering)', () => {
  for (const c of cases) {
    test(`${c.name}: one self-contained document with a strict CSP`, () => {
      const html = renderHtml(c.result, c.evidence);
      assert.ok(html.startsWith('<!doctype html>'));
      const csp = decodeEntities(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '');
      assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; script-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/, csp);
      assert.equal((html.match(/<script[\s>]/g) ?? []).length, 1, 'only our one inline script');
      assert.ok(!/<script[^>]+src=|<link[^>]+href=|@import|url\(/i.test(html), 'nothing external');
      for (const r of c.result.rules) assert.ok(html.includes(`data-rule-id="${r.id}"`), r.id);
    });
  }
  test('renders without evidence (no transcript section)', () => {
    const html = renderHtml(cases[1].result);
    assert.ok(!html.includes('id="transcript"'));
    assert.ok(html.includes('transcript not included'));
  });
  test('hostile strings never appear as markup', () => {
    const c = cases.find((x) => x.name === 'hostile');
    assert.ok(c);
    const html = renderHtml(c.result, c.evidence);
    assert.ok(!html.includes('<script>alert'), 'no injected script');
    assert.ok(!/<img/i.test(html), 'no injected img');
    assert.ok(!/href="javascript:/i.test(html), 'no javascript: links');
    assert.ok(!html.includes('\u001b'), 'no terminal escapes');
    assert.ok(!html.includes('sk-live-this-should-never-show'), 'unredacted credential masked');
  });
});

describe('index', () => {
  test('parseFormats accepts lists and all, and names a bad format', () => {
    assert.deepEqual(parseFormats('html, md,html'), ['html', 'md']);
    assert.deepEqual(parseFormats('all'), [...FORMATS]);
    assert.throws(() => parseFormats('html,xml'), (e: Error) => /"xml"/.test(e.message) && !e.message.includes('\n'));
    assert.throws(() => parseFormats(' , '), /no report format/);
  });
  test('writeReports writes every format (and evidence.json with json)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-reports-'));
    try {
      const c = cases[1];
      const written = await writeReports(c.result, c.evidence, dir, FORMATS);
      assert.deepEqual(written.map((w) => w.path.slice(dir.length + 1)).sort(), ['evidence.json', 'report.html', 'report.junit.xml', 'report.md', 'report.sarif', 'result.json']);
      for (const w of written) assert.equal(w.bytes, Buffer.byteLength(await readFile(w.path, 'utf8')));
      assert.equal(written.find((w) => w.path.endsWith('evidence.json'))?.format, 'evidence');
      Evidence.parse(JSON.parse(await readFile(join(dir, 'evidence.json'), 'utf8')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
