// Batch building blocks without the network: list parsing, sharding, folder names, the
// results log, config validation, assertions, diff, and the overview's escaping and CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseUrlList, normaliseUrl } from '../../src/contract/urlList.ts';
import { inShard, parseShard, shardOf } from '../../src/batch/shard.ts';
import { endpointDirName } from '../../src/batch/names.ts';
import { readResultsLog, repairResultsLog, ResultsLogWriter } from '../../src/batch/resultsLog.ts';
import { buildConfig, loadAssertionConfig, urlMatcher, thresholdsFor } from '../../src/batch/config.ts';
import { evaluateAssertions } from '../../src/batch/assertions.ts';
import { emptyEntry, type Entry } from '../../src/batch/entry.ts';
import { diffSides, renderDiffMarkdown, renderDiffText, type DiffSide } from '../../src/batch/diff.ts';
import { buildManifest } from '../../src/batch/manifest.ts';
import { renderBatchIndex } from '../../reports/batchIndex.ts';
import { renderBatchSummary } from '../../reports/batchSummary.ts';
import { UsageError } from '../../src/contract/errors.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'agentready-batch-unit-'));

function entry(url: string, over: Partial<Entry> = {}): Entry {
  return {
    url, dir: endpointDirName(url), status: 'scanned', durationMs: 100, tier: 'gold',
    scores: { overall: 80, D2: 90, D7: 70, D8: 80 }, counts: { pass: 3, warn: 0, fail: 1, na: 0, error: 0 },
    era: 'session', transport: 'streamable-http', rules: { era: 'pass', 'cors-preflight': 'fail', https: 'pass', 'origin-validation': 'pass' },
    reports: { html: `${endpointDirName(url)}/report.html` }, ...over,
  };
}

test('list: comments, blanks, duplicates after normalisation, invalid lines with line numbers', () => {
  const text = [
    '\uFEFF# header comment',
    '',
    'https://a.example/mcp',
    '   # indented comment',
    'HTTPS://A.EXAMPLE:443/mcp#frag   # same as line 3 once normalised',
    'https://b.example/x/../mcp',
    'ftp://x',
    'not a url',
    'https://user:pw@c.example/mcp',
    'https://d.example/mcp\r',
  ].join('\n');
  const list = parseUrlList(text, 'urls.txt');
  assert.deepEqual(list.entries, [
    { url: 'https://a.example/mcp', line: 3 },
    { url: 'https://b.example/mcp', line: 6 },
    { url: 'https://d.example/mcp', line: 10 },
  ]);
  assert.deepEqual(list.duplicates, [{ line: 5, url: 'https://a.example/mcp', firstLine: 3 }]);
  assert.equal(list.invalid.length, 3);
  assert.match(list.invalid[0]!.message, /^urls\.txt:7: "ftp:\/\/x" must be http:\/\/ or https:\/\//);
  assert.match(list.invalid[1]!.message, /^urls\.txt:8: "not a url" holds more than one word/);
  assert.match(list.invalid[2]!.message, /^urls\.txt:9: must not carry credentials/);
  for (const p of list.invalid) assert.ok(!p.message.includes('\n'));
  assert.equal(normaliseUrl('http://EX.com:80/a/./b?q=1#x'), 'http://ex.com/a/b?q=1');
});

test('shard: every URL in exactly one shard, stable when URLs are added, bad specs rejected', () => {
  const urls = Array.from({ length: 600 }, (_, i) => `https://h${i % 7}.example/mcp?i=${i}`);
  const sizes = [0, 0, 0];
  for (const u of urls) {
    const owners = [1, 2, 3].filter((i) => inShard(u, { index: i, count: 3 }));
    assert.equal(owners.length, 1);
    sizes[owners[0]! - 1]!++;
  }
  for (const s of sizes) assert.ok(s > 150 && s < 250, `balanced shards: ${sizes}`);
  // the shard depends on the URL alone; growing n moves only about 1/n of the URLs
  const moved = urls.filter((u) => shardOf(u, 3) !== shardOf(u, 4)).length;
  assert.ok(moved < urls.length * 0.35, `moved ${moved}`);
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/3', '4/3', '1/0', 'x', '1-3']) assert.throws(() => parseShard(bad), UsageError);
});

test('folder names: safe characters, readable, unique per URL', () => {
  const names = new Set<string>();
  for (const u of ['https://a.example/mcp', 'https://A.example/MCP', 'https://a.example/mcp?x=1', 'http://[::1]:8080/../mcp', 'https://a.example/' + 'x'.repeat(300)]) {
    const n = endpointDirName(normaliseUrl(u));
    assert.match(n, /^[a-z0-9][a-z0-9.-]*-[0-9a-f]{10}$/);
    assert.ok(n.length <= 72, n);
    names.add(n);
  }
  assert.equal(names.size, 5);
  assert.equal(endpointDirName('https://a.example/mcp'), endpointDirName('https://a.example/mcp'));
  assert.ok(endpointDirName('https://api.example.com:8443/v1/mcp').startsWith('api.example.com-8443-v1-mcp-'));
});

test('results log: whole lines, a partial trailing line is ignored and cut off before appending', async () => {
  const dir = tmp();
  const file = path.join(dir, 'results.jsonl');
  const w = await ResultsLogWriter.open(file, { fresh: true });
  await Promise.all([w.append(entry('https://a.example/mcp')), w.append(entry('https://b.example/mcp')), w.append(entry('https://c.example/mcp'))]);
  await w.close();
  appendFileSync(file, '{"url":"https://d.example/mcp","dir":"x","sta'); // a write cut short by SIGKILL
  let log = await readResultsLog(file);
  assert.equal(log.entries.size, 3);
  assert.ok(log.partialBytes > 0);
  await repairResultsLog(file, log);
  const again = await ResultsLogWriter.open(file, { fresh: false });
  await again.append(entry('https://d.example/mcp', { scores: { overall: 10, D2: 10, D7: 10, D8: 10 } }));
  await again.append(entry('https://a.example/mcp', { status: 'unreachable' })); // later line for the same URL wins
  await again.close();
  log = await readResultsLog(file);
  assert.equal(log.partialBytes, 0);
  assert.deepEqual(log.badLines, []);
  assert.deepEqual([...log.entries.keys()], ['https://b.example/mcp', 'https://c.example/mcp', 'https://d.example/mcp', 'https://a.example/mcp']);
  assert.equal(log.entries.get('https://a.example/mcp')!.status, 'unreachable');
  assert.ok(readFileSync(file, 'utf8').endsWith('\n'));
});

test('config: one-line errors naming the file and the JSON path; unknown rule ids listed', async () => {
  const bad = async (raw: unknown) => {
    try { await buildConfig(raw, 'agentready.config.json', '.'); } catch (err) { assert.ok(err instanceof UsageError); assert.ok(!err.message.includes('\n')); return err.message; }
    assert.fail('expected a UsageError');
  };
  assert.match(await bad({ minScore: 'high' }), /^agentready\.config\.json: minScore: .*expected number/);
  assert.match(await bad({ minScores: { D9: 1 } }), /^agentready\.config\.json: minScores: unknown key "D9"/);
  assert.match(await bad({ minScore: 101 }), /^agentready\.config\.json: minScore: /);
  assert.match(await bad({ rules: { https: 'fatal' } }), /^agentready\.config\.json: rules\.https: .*"off"\|"warn"\|"error"/);
  assert.match(await bad({ overrides: [{ minScore: 1 }] }), /^agentready\.config\.json: overrides\[0\]\.match: /);
  assert.match(await bad({ overrides: [{ match: '/(/' }] }), /^agentready\.config\.json: overrides\[0\]\.match: invalid regular expression/);
  assert.equal(await bad({ rules: { 'no-such-rule': 'error', https: 'off' }, overrides: [{ match: '*', rules: { 'also-bad': 'off' } }] }),
    'agentready.config.json: unknown rule ids: rules["no-such-rule"], overrides[0].rules["also-bad"] (agentready knows 36 rules; see docs/RULES.md)'.replace('36', String((await import('../../rules/index.ts')).ALL_RULES.length)));
  // a baseline naming unknown rules, and a missing baseline
  const dir = tmp();
  writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ 'https://a.example/mcp': ['https', 'nope'] }));
  assert.match(await bad({ baseline: path.join(dir, 'base.json') }), /base\.json: \["https:\/\/a\.example\/mcp"\]: unknown rule id "nope"/);
  assert.match(await bad({ baseline: path.join(dir, 'missing.json') }), /^agentready\.config\.json: baseline: .*missing\.json does not exist/);
  // auto pick-up from the working directory, and invalid JSON
  writeFileSync(path.join(dir, 'agentready.config.json'), '{ "minScore": 50, }');
  await assert.rejects(loadAssertionConfig({ cwd: dir }), /^Error: agentready\.config\.json: not valid JSON \(.*line 1 column 19\)/);
  assert.equal(await loadAssertionConfig({ cwd: dir, noConfig: true }), undefined);
});

test('config: globs and regexes on the URL; overrides apply in order', async () => {
  assert.ok(urlMatcher('https://*.example.com/**').test('https://api.example.com/v1/mcp'));
  assert.ok(!urlMatcher('https://*.example.com/*').test('https://api.example.com/v1/mcp'));
  assert.ok(!urlMatcher('https://*.example.com/**').test('https://evil.com/?https://a.example.com/'));
  assert.ok(urlMatcher('/internal\\./i').test('https://INTERNAL.corp/mcp'));
  const c = await buildConfig({
    minScore: 60, minScores: { D7: 50 }, rules: { https: 'error' },
    overrides: [{ match: 'http://localhost*/**', minScore: 10, rules: { https: 'off' } }, { match: '/:8080/', minScores: { D7: 0 } }],
  }, 'c.json', '.');
  assert.deepEqual(thresholdsFor(c, 'https://x.example/mcp'), { minScore: 60, minScores: { D7: 50 }, rules: { https: 'error' } });
  assert.deepEqual(thresholdsFor(c, 'http://localhost:8080/mcp'), { minScore: 10, minScores: { D7: 0 }, rules: { https: 'off' } });
});

test('assertions: levels, thresholds, --fail-under, baseline and stale entries', async () => {
  const dir = tmp();
  const A = 'https://a.example/mcp';
  const B = 'https://b.example/mcp';
  const C = 'https://c.example/mcp';
  writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ [A]: ['cors-preflight'], [B]: ['https'] }));
  const entries = [
    entry(A),
    entry(B, { scores: { overall: 50, D2: 90, D7: 20, D8: 80 } }),
    emptyEntry(C, endpointDirName(C), 'skipped', 'the batch deadline (5 s) passed before this scan started'),
  ];
  // default: failing rules are warnings; nothing fails
  let r = evaluateAssertions(entries, undefined, undefined);
  assert.equal(r.ok, true);
  assert.deepEqual(r.warnings, [{ rule: 'cors-preflight', urls: [A, B] }]);
  // --fail-under: B is below, C has no score
  r = evaluateAssertions(entries, undefined, 60);
  assert.deepEqual(r.failures.map((f) => [f.url, f.assertion]), [[B, '--fail-under'], [C, '--fail-under']]);
  assert.match(r.failures[1]!.message, /missing \(not scanned \(the batch deadline/);
  // error level + baseline: A's failure is accepted, B's is not; B's https baseline entry is stale
  const c = await buildConfig({ minScores: { D7: 30 }, rules: { 'cors-preflight': 'error' }, baseline: 'baseline.json' }, 'cfg.json', dir);
  r = evaluateAssertions(entries, c);
  assert.deepEqual(r.failures.map((f) => `${f.url} ${f.assertion}`), [`${B} minScores.D7`, `${B} cors-preflight`, `${C} minScores.D7`]);
  assert.match(r.failures[0]!.message, /^D7 score 20 is below minScores\.D7 30$/);
  assert.deepEqual(r.accepted, [{ url: A, rule: 'cors-preflight' }]);
  assert.deepEqual(r.stale, [{ url: B, rule: 'https', now: 'pass' }]);
  // off hides
  r = evaluateAssertions(entries, await buildConfig({ rules: { 'cors-preflight': 'off' } }, 'cfg.json', dir));
  assert.equal(r.hidden, 2);
  assert.deepEqual(r.warnings, []);
});

test('diff: status, score and rule changes classified per endpoint', () => {
  const side = (source: string, es: Entry[]): DiffSide => ({ source, kind: 'batch', endpoints: new Map(es.map((e) => [e.url, { url: e.url, status: e.status, tier: e.tier, scores: e.scores, rules: e.rules }])) });
  const A = 'https://a.example/mcp';
  const B = 'https://b.example/mcp';
  const C = 'https://c.example/mcp';
  const D = 'https://d.example/mcp';
  const oldS = side('old', [entry(A), entry(B), entry(C)]);
  const newS = side('new', [
    entry(A, { scores: { overall: 90, D2: 90, D7: 90, D8: 80 }, rules: { era: 'pass', 'cors-preflight': 'pass', https: 'pass', 'origin-validation': 'pass' } }),
    entry(B, { status: 'unreachable', scores: { overall: 0, D2: 0, D7: 70, D8: null }, rules: { era: 'fail', 'cors-preflight': 'na', https: 'pass', 'origin-validation': 'pass' } }),
    entry(D),
  ]);
  const r = diffSides(oldS, newS);
  assert.deepEqual(r.summary, { worse: 1, mixed: 0, better: 1, changed: 0, added: 1, removed: 1, unchanged: 0 });
  const b = r.endpoints.find((e) => e.url === B)!;
  assert.equal(b.change, 'worse');
  assert.deepEqual(b.status, { old: 'scanned', new: 'unreachable' });
  assert.deepEqual(b.scores.find((s) => s.key === 'overall'), { key: 'overall', old: 80, new: 0, delta: -80 });
  assert.deepEqual(b.rules, [{ id: 'cors-preflight', old: 'fail', new: 'na', change: 'changed' }, { id: 'era', old: 'pass', new: 'fail', change: 'worse' }]);
  const a = r.endpoints.find((e) => e.url === A)!;
  assert.equal(a.change, 'better');
  assert.deepEqual(a.rules, [{ id: 'cors-preflight', old: 'fail', new: 'pass', change: 'better' }]);
  const text = renderDiffText(r, { color: false });
  assert.match(text, /Worse \(1\)\n {2}https:\/\/b\.example\/mcp\n {4}status scanned → unreachable\n {4}overall 80 → 0 \(−80\)/);
  assert.match(text, /✗ era: pass → fail/);
  assert.match(renderDiffMarkdown(r), /\| https:\/\/b\.example\/mcp \| worse \| scanned → unreachable \| 80 → 0 \(−80\) \|/);
});

test('overview: hostile text is escaped, links are only our relative paths, CSP hashes match the inline blocks', () => {
  const evil = 'https://x.example/mcp?q=%3Cscript%3E';
  const m = buildManifest([
    entry(evil, { reports: { html: 'javascript:alert(1)' }, server: { name: '<img src=x onerror=alert(1)>' } }),
    entry('https://y.example/mcp', { status: 'unreachable', reason: '</td><script>alert(2)</script>\u001b[31m' }),
    entry('https://z.example/mcp', { reports: { html: '../../etc/passwd' } }),
  ], { shard: null, options: {}, assertions: null });
  const html = renderBatchIndex(m);
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<script>alert'));
  assert.ok(!html.includes('\u001b'));
  assert.ok(!html.includes('href="javascript:'));
  assert.ok(!html.includes('etc/passwd"'));
  assert.equal((html.match(/<script>/g) ?? []).length, 1);
  assert.ok(!/(src|href)="https?:/.test(html), 'no external assets or links');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  assert.ok(csp.includes(`script-src ${hash(script)}`), csp);
  assert.ok(csp.includes(`style-src ${hash(style)}`), csp);
  assert.match(csp, /default-src 'none'/);
  const md = renderBatchSummary(m);
  assert.ok(!md.includes('<img') && !md.includes('<script>'));
  assert.ok(!md.includes('](javascript:') && !md.includes('](../'));
});
