// agentready batch / merge / diff end to end, against real demo servers on loopback:
// a 50-URL list, a run killed with SIGKILL and resumed, three shards merged, assertions
// and their exit codes, and malformed inputs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startTestFleet, FAST_FLAGS, type TestFleet } from './fleet.ts';
import { runBatch } from '../../src/batch/command.ts';
import { runMerge } from '../../src/batch/mergeCommand.ts';
import { runDiff } from '../../src/batch/diffCommand.ts';
import { UsageError } from '../../src/contract/errors.ts';
import { runBatchJob } from '../../src/batch/runner.ts';
import { scan } from '../../src/engine/scan.ts';
import { scanOptionsFrom } from '../../src/contract/flags.ts';
import { Manifest } from '../../src/batch/manifest.ts';
import { Entry } from '../../src/batch/entry.ts';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'agentready-batch-'));
let fleet: TestFleet;
let listFile: string;
let urls: string[];

before(async () => {
  fleet = await startTestFleet({ good: 5, flawed: 5 });
  urls = [...fleet.urls(49), fleet.deadUrl];
  listFile = path.join(work, 'urls.txt');
  writeFileSync(listFile, ['# 50 endpoints on 10 local servers, one dead', ...urls, '', `${urls[3]}   # a duplicate`].join('\n'));
});
after(async () => { await fleet.close(); });

type Cli = (argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }) => Promise<number>;

/** Runs a command in-process the way main() does (UsageError → its exit code and one line). */
async function cli(fn: Cli, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += d; });
  stderr.on('data', (d) => { err += d; });
  let code: number;
  try {
    code = await fn(argv, { stdout, stderr, isTTY: false });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err += `agentready: ${e.message}\n`;
    code = e.exitCode;
  }
  return { code, out, err };
}

const readManifest = (dir: string) => Manifest.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const readLines = (dir: string) => readFileSync(path.join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean);
const statusMap = (m: Manifest) => Object.fromEntries(m.endpoints.map((e) => [e.url, e.status]));

const fullDir = path.join(work, 'full');

test('a 50-URL batch: results.jsonl, manifest.json, index.html and summary.md agree', async () => {
  const r = await cli(runBatch, [listFile, '--out', fullDir, '--json', '--concurrency', '8', ...FAST_FLAGS]);
  assert.equal(r.code, 0, r.err);
  const printed = Manifest.parse(JSON.parse(r.out)); // --json: the manifest and nothing else on stdout
  assert.match(r.err, /urls\.txt:53: duplicate of line 5 .*scanned once/);

  const lines = readLines(fullDir).map((l) => Entry.parse(JSON.parse(l)));
  assert.equal(lines.length, 50);
  assert.deepEqual(new Set(lines.map((l) => l.url)), new Set(urls));

  const m = readManifest(fullDir);
  assert.deepEqual(printed.endpoints, m.endpoints);
  assert.equal(m.endpoints.length, 50);
  assert.deepEqual(m.list, { source: listFile, urls: 50, invalid: 0, duplicates: 1 });
  const byUrl = new Map(lines.map((l) => [l.url, l]));
  for (const e of m.endpoints) assert.deepEqual(e, byUrl.get(e.url));
  assert.deepEqual({ ...m.totals, tiers: undefined, meanOverall: undefined, scanMs: undefined }, { endpoints: 50, scanned: 49, unreachable: 1, error: 0, skipped: 0, tiers: undefined, meanOverall: undefined, scanMs: undefined });
  assert.equal(m.endpoints.find((e) => e.url === fleet.deadUrl)!.status, 'unreachable');
  assert.equal(Object.values(m.totals.tiers).reduce((a, b) => a + b, 0), 50);

  // every endpoint's folder holds its reports, and result.json says what the manifest says
  for (const e of m.endpoints) {
    for (const rel of Object.values(e.reports)) assert.ok(existsSync(path.join(fullDir, rel)), rel);
    const result = JSON.parse(readFileSync(path.join(fullDir, e.reports.json!), 'utf8'));
    assert.deepEqual(result.scores, e.scores);
    assert.equal(result.tier, e.tier);
  }

  // index.html: one row per endpoint with the same scores, linking to the report that exists
  const html = readFileSync(path.join(fullDir, 'index.html'), 'utf8');
  const rows = [...html.matchAll(/<tr class="st-(\w+)">\s*<td data-v="([^"]+)"><a href="([^"]+)">[\s\S]*?<\/td>\s*<td[^>]*>[\s\S]*?<\/td>\s*<td[^>]*>[\s\S]*?<\/td>\s*<td class="num[^"]*" data-v="(\d*)">/g)];
  assert.equal(rows.length, 50);
  const decodeEntities = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  for (const [, status, url, href, overall] of rows) {
    const e = m.endpoints.find((x) => x.url === decodeEntities(url!))!;
    assert.ok(e, url);
    assert.equal(status, e.status);
    assert.equal(overall, String(e.scores.overall ?? ''));
    assert.ok(existsSync(path.join(fullDir, href!)), href);
  }
  assert.match(html, /<dt>Scanned<\/dt><dd>49<\/dd>/);

  const md = readFileSync(path.join(fullDir, 'summary.md'), 'utf8');
  assert.match(md, /Scanned \*\*49\*\* · unreachable \*\*1\*\*/);
  assert.equal((md.match(/\[report\]\(/g) ?? []).length, 50);
});

test('concurrency and per-host limits hold; the batch deadline records unstarted URLs as skipped; resume retries them', async () => {
  const dead = [fleet.deadUrl, fleet.deadUrl.replace('/mcp', '/other'), fleet.deadUrl.replace('127.0.0.1', 'localhost')];
  const list = Array.from({ length: 24 }, (_, i) => `${dead[i % 3]}?i=${i}`);
  const out = path.join(work, 'limits');
  const { options } = scanOptionsFrom({ quick: true, deadline: '5' });
  let active = 0;
  let peak = 0;
  const perHost = new Map<string, number>();
  let peakHost = 0;
  const job = (deadlineMs: number | undefined, resume: boolean) => runBatchJob({
    urls: list, out, scanOptions: options, formats: ['json'], concurrency: 3, perHost: 2, batchDeadlineMs: deadlineMs, resume, syncLog: false,
    scan: async (input) => {
      const host = new URL(input.url).host;
      active++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      peak = Math.max(peak, active);
      peakHost = Math.max(peakHost, perHost.get(host)!);
      try {
        await sleep(60);
        return await scan(input);
      } finally {
        active--;
        perHost.set(host, perHost.get(host)! - 1);
      }
    },
  });
  const first = await job(400, false);
  assert.equal(peak, 3);
  assert.equal(peakHost, 2);
  const skipped = first.entries.filter((e) => e.status === 'skipped');
  assert.ok(skipped.length > 0 && skipped.length < 24, `skipped ${skipped.length}`);
  for (const e of skipped) assert.match(e.reason!, /batch deadline \(0\.4 s\) passed before this scan started/);
  assert.equal(readLines(out).length, 24); // skipped URLs are recorded too
  const second = await job(undefined, true);
  assert.equal(second.ranNow, skipped.length);
  assert.equal(second.entries.filter((e) => e.status === 'unreachable').length, 24);
});

test('a batch killed with SIGKILL and resumed with --resume ends with every URL exactly once', async () => {
  const out = path.join(work, 'killed');
  const child = spawn(process.execPath, [BIN, 'batch', listFile, '--out', out, '--concurrency', '3', '-q', ...FAST_FLAGS], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const file = path.join(out, 'results.jsonl');
  const t0 = Date.now();
  while (!(existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 10) && Date.now() - t0 < 60_000) await sleep(25);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const before = readFileSync(file, 'utf8');
  const doneBefore = before.split('\n').filter(Boolean).filter((l) => { try { JSON.parse(l); return true; } catch { return false; } }).length;
  assert.ok(doneBefore >= 10 && doneBefore < 50, `killed after ${doneBefore} results`);
  assert.ok(!existsSync(path.join(out, 'manifest.json')));
  // a write cut short by the kill leaves a partial last line; make sure there is one
  if (before.endsWith('\n')) appendFileSync(file, '{"url":"http://127.0.0.1:1/partial","dir":"x","st');

  const r = await cli(runBatch, [listFile, '--out', out, '--resume', ...FAST_FLAGS]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`resuming: ${doneBefore} of 50 endpoints already in results\\.jsonl`));
  assert.match(r.out, new RegExp(`${50 - doneBefore} finished in .*, ${doneBefore} from an earlier run`));
  const lines = readLines(out).map((l) => Entry.parse(JSON.parse(l)));
  assert.equal(lines.length, 50);
  assert.deepEqual(lines.map((l) => l.url).sort(), [...urls].sort());
  assert.equal(readManifest(out).endpoints.length, 50);
});

test('three shards merged equal the unsharded run; overlapping shards are refused', async () => {
  const shardDirs: string[] = [];
  const sizes: number[] = [];
  for (let i = 1; i <= 3; i++) {
    const dir = path.join(work, `shard-${i}`);
    shardDirs.push(dir);
    const r = await cli(runBatch, [listFile, '--out', dir, '--shard', `${i}/3`, '--concurrency', '8', '-q', ...FAST_FLAGS]);
    assert.equal(r.code, 0, r.err);
    const m = readManifest(dir);
    assert.deepEqual(m.shard, { index: i, count: 3 });
    sizes.push(m.endpoints.length);
  }
  assert.equal(sizes.reduce((a, b) => a + b, 0), 50);
  const merged = path.join(work, 'merged');
  const r = await cli(runMerge, [...shardDirs, '--out', merged]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  const m = readManifest(merged);
  const full = readManifest(fullDir);
  assert.deepEqual(statusMap(m), statusMap(full));
  assert.equal(m.mergedFrom!.length, 3);
  assert.equal(readLines(merged).length, 50);
  for (const e of m.endpoints) for (const rel of Object.values(e.reports)) assert.ok(existsSync(path.join(merged, rel)), `copied ${rel}`);

  const d = await cli(runDiff, [fullDir, path.join(merged, 'manifest.json'), '--json']);
  assert.equal(d.code, 0, d.err);
  const report = JSON.parse(d.out);
  assert.equal(report.summary.added + report.summary.removed, 0);
  for (const e of report.endpoints) assert.equal(e.status.old, e.status.new);

  const overlap = await cli(runMerge, [shardDirs[0]!, shardDirs[1]!, shardDirs[0]!, '--out', path.join(work, 'bad-merge')]);
  assert.equal(overlap.code, 2);
  assert.match(overlap.err, /^agentready: merge: \d+ endpoints? (appears|appear) in more than one input \(shards must not overlap\): .* is in both .*shard-1 and .*shard-1/);
  assert.equal(overlap.err.trim().split('\n').length, 1);
  const missing = await cli(runMerge, [shardDirs[0]!, shardDirs[2]!, '--out', path.join(work, 'partial-merge')]);
  assert.equal(missing.code, 0);
  assert.match(missing.err, /shard 2\/3 not among the inputs/);
});

test('assertions: exit 0 when passing, 1 on minScore / --fail-under / error rules; the baseline accepts, stale entries are reported', async () => {
  const full = readManifest(fullDir);
  // the batch is complete, so --resume only re-judges it
  const again = (...args: string[]) => cli(runBatch, [listFile, '--out', fullDir, '--resume', '--no-config', ...FAST_FLAGS, ...args]);
  let r = await again();
  assert.equal(r.code, 0, r.err);
  assert.equal(readManifest(fullDir).assertions, null);

  r = await again('--fail-under', '1');
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`Assertions failed: 1\\n  ✗ ${fleet.deadUrl.replace(/[.?]/g, '\\$&')}: overall score 0 is below --fail-under 1`));
  assert.match(readFileSync(path.join(fullDir, 'summary.md'), 'utf8'), /## Assertions: ❌ 1 failed[\s\S]*overall score 0 is below --fail-under 1/);

  // a rule that fails somewhere, set to error
  const failing = full.endpoints.filter((e) => e.status === 'scanned').flatMap((e) => Object.entries(e.rules).filter(([, s]) => s === 'fail').map(([id]) => ({ url: e.url, id })));
  assert.ok(failing.length > 0);
  const rule = failing[0]!.id;
  const where = failing.filter((f) => f.id === rule);
  const cfg = path.join(work, 'strict.config.json');
  writeFileSync(cfg, JSON.stringify({ rules: { [rule]: 'error' } }));
  r = await cli(runBatch, [listFile, '--out', fullDir, '--resume', '--config', cfg, ...FAST_FLAGS]);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`Assertions failed: ${where.length}\\n`));
  assert.match(r.out, new RegExp(`rule ${rule} failed \\(level error\\)`));
  assert.equal(readManifest(fullDir).assertions!.failures.length, where.length);

  // minScore over everything fails on the dead endpoint; an override lowers it there
  writeFileSync(cfg, JSON.stringify({ minScore: 1, overrides: [{ match: `http://127.0.0.1:${new URL(fleet.deadUrl).port}/**`, minScore: 0 }] }));
  r = await cli(runBatch, [listFile, '--out', fullDir, '--resume', '--config', cfg, ...FAST_FLAGS]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Assertions passed/);

  // the baseline accepts those failures; a baseline entry for a passing rule is stale
  const passing = full.endpoints.find((e) => e.rules.era === 'pass')!;
  const baseline: Record<string, string[]> = {};
  for (const f of where) baseline[f.url] = [...(baseline[f.url] ?? []), rule];
  baseline[passing.url] = [...(baseline[passing.url] ?? []), 'era'];
  writeFileSync(path.join(work, 'baseline.json'), JSON.stringify(baseline));
  writeFileSync(cfg, JSON.stringify({ rules: { [rule]: 'error' }, baseline: 'baseline.json' }));
  r = await cli(runBatch, [listFile, '--out', fullDir, '--resume', '--config', cfg, ...FAST_FLAGS]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, new RegExp(`${where.length} failures? accepted by the baseline`));
  assert.match(r.out, /stale baseline: 1 accepted failure no longer fails:\n {4}\S+ era \(now pass\)/);
  assert.match(readFileSync(path.join(fullDir, 'summary.md'), 'utf8'), /### Stale baseline entries \(1\)[\s\S]*`era` is now pass/);

  // picked up from the working directory, through the real binary and its exit code
  writeFileSync(path.join(work, 'agentready.config.json'), JSON.stringify({ minScores: { D2: 101 } }));
  const bad = spawnSync(process.execPath, [BIN, 'batch', listFile, '--out', fullDir, '--resume', '-q', ...FAST_FLAGS], { cwd: work, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'agentready: agentready.config.json: minScores.D2: Too big: expected number to be <=100\n');
  writeFileSync(path.join(work, 'agentready.config.json'), JSON.stringify({ minScores: { D2: 100 } }));
  const one = spawnSync(process.execPath, [BIN, 'batch', listFile, '--out', fullDir, '--resume', '-q', ...FAST_FLAGS], { cwd: work, encoding: 'utf8' });
  assert.equal(one.status, 1, one.stderr);
  assert.match(one.stdout, /D2 score \d+ is below minScores\.D2 100/);
});

test('malformed list and config files: line-numbered / path-named one-line errors, exit 2', async () => {
  // through the real binary: exit code and exactly these stderr lines
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', input });
  const bad = path.join(work, 'bad.txt');
  writeFileSync(bad, `# list\n${urls[0]}\nftp://x\nhttp://exa mple.com/mcp\n`);
  let r = run(['batch', bad, '--strict', '--out', path.join(work, 'never')]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, [
    `agentready: ${bad}:3: "ftp://x" must be http:// or https:// (got ftp:)`,
    `agentready: ${bad}:4: "http://exa mple.com/mcp" holds more than one word (one URL per line; comments start with #)`,
    `agentready: ${bad}: 2 invalid lines (--strict)`,
    '',
  ].join('\n'));
  assert.equal(r.stdout, '');
  assert.ok(!existsSync(path.join(work, 'never')));

  r = run(['batch', '-', '--out', path.join(work, 'never')], 'not-a-url\n# nothing else\n');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^agentready: <stdin>:1: "not-a-url" is not a valid URL/);
  assert.match(r.stderr, /agentready: <stdin>: no URLs to scan\n$/);

  // the rest in-process (same error → exit code mapping as main())
  const cfg = path.join(work, 'cfg-bad.json');
  writeFileSync(cfg, JSON.stringify({ minScore: 50, rules: { 'no-such-rule': 'error' } }));
  let c = await cli(runBatch, [listFile, '--config', cfg]);
  assert.equal(c.code, 2);
  assert.match(c.err, /^agentready: \S*cfg-bad\.json: unknown rule id: rules\["no-such-rule"\] \(agentready knows \d+ rules; see docs\/RULES\.md\)\n$/);
  writeFileSync(cfg, JSON.stringify({ overrides: [{ match: '*', minScores: { D7: 'x' } }] }));
  c = await cli(runBatch, [listFile, '--config', cfg]);
  assert.equal(c.code, 2);
  assert.match(c.err, /^agentready: \S*cfg-bad\.json: overrides\[0\]\.minScores\.D7: [^\n]*expected number[^\n]*\n$/);
  writeFileSync(cfg, '{"minScore": 50,,}');
  c = await cli(runMerge, [fullDir, '--out', path.join(work, 'never'), '--config', cfg]);
  assert.equal(c.code, 2);
  assert.match(c.err, /^agentready: \S*cfg-bad\.json: not valid JSON \(.*\)\n$/);

  const cases: [Cli, string[], RegExp][] = [
    [runBatch, [listFile, '--shard', '4/3'], /--shard "4\/3" must be i\/n/],
    [runBatch, [listFile, '--concurrency', '0'], /--concurrency "0" must be a whole number between 1 and 1000/],
    [runBatch, [listFile, '--fail-under', '200'], /--fail-under "200" must be a score between 0 and 100/],
    [runBatch, [listFile, '--per-host', 'x'], /--per-host "x" must be a whole number/],
    [runBatch, [path.join(work, 'nope.txt')], /nope\.txt: cannot read the URL list \(no such file\)/],
    [runBatch, [listFile, '--bogus'], /Unknown option '--bogus'/],
    [runMerge, [work, '--out', path.join(work, 'never')], /is not a batch output \(no manifest\.json or results\.jsonl\)/],
    [runMerge, [fullDir], /merge needs --out DIR/],
    [runDiff, [listFile], /diff takes two inputs/],
    [runDiff, [listFile, fullDir], /urls\.txt: not readable JSON/],
  ];
  for (const [fn, args, message] of cases) {
    c = await cli(fn, args);
    assert.equal(c.code, 2, `${args.join(' ')}: ${c.err}`);
    assert.equal(c.err.trim().split('\n').length, 1, c.err);
    assert.match(c.err, message);
  }
  for (const [name, fn] of [['batch', runBatch], ['merge', runMerge], ['diff', runDiff]] as const) {
    c = await cli(fn, ['--help']);
    assert.equal(c.code, 0);
    assert.match(c.out, new RegExp(`^Usage: agentready ${name} `));
  }
});

test('SARIF results point at the list file and the line naming the endpoint (a list inside the working directory)', async () => {
  // the first URLs of the fleet are spread over good and flawed servers, so some have findings
  const listed = urls.slice(0, 4);
  // its own working directory: the assertions test leaves an agentready.config.json in `work`
  const cwd = path.join(work, 'sarif-checkout');
  mkdirSync(cwd);
  const dir = path.join(cwd, 'reports');
  writeFileSync(path.join(cwd, 'endpoints.txt'), ['# endpoints', '', ...listed].join('\n'));
  const r = spawnSync(process.execPath, [BIN, 'batch', 'endpoints.txt', '--out', dir, '--format', 'sarif', '-q', ...FAST_FLAGS], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const m = readManifest(dir);
  let checked = 0;
  for (const [i, url] of listed.entries()) {
    const e = m.endpoints.find((x) => x.url === url);
    assert.ok(e?.reports.sarif, `sarif report for ${url}`);
    const log = JSON.parse(readFileSync(path.join(dir, e.reports.sarif), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    for (const res of log.runs[0]!.results) {
      assert.deepEqual(res.locations[0]!.physicalLocation, { artifactLocation: { uri: 'endpoints.txt' }, region: { startLine: i + 3 } });
      checked++;
    }
  }
  assert.ok(checked > 0, 'some endpoint had findings');
});
