// The action's pieces on their own: workflow-command escaping, the GITHUB_OUTPUT format,
// inputs and headers, secret scrubbing, SARIF merging, the annotation cap and the summary's
// handling of hostile text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { addMask, escapeData, escapeProperty, outputEntry, parseOutputFile, workflowCommand } from '../../src/action/commands.ts';
import { getInput, InputError, parseArgs, parseHeaders, readInputs, secretsOf } from '../../src/action/inputs.ts';
import { makeScrubber, scrubStream } from '../../src/action/secrets.ts';
import { mergeSarif } from '../../src/action/sarif.ts';
import { collectAnnotations, renderAnnotations, MAX_ANNOTATIONS } from '../../src/action/annotations.ts';
import { findingsOf } from '../../src/action/findings.ts';
import { renderJobSummary } from '../../src/action/summary.ts';
import { workflowPath } from '../../src/action/locate.ts';
import { buildManifest } from '../../src/batch/manifest.ts';
import { emptyEntry, type Entry } from '../../src/batch/entry.ts';
import { commandsOf } from './harness.ts';

test('workflow commands: data and property escaping, ANSI and control characters removed', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  const line = workflowCommand('error', { title: 'agentready x,y:z', file: 'a b.txt', line: 3, col: undefined }, '\u001b[31mred\u001b[0m\nsecond ::warning::fake');
  assert.equal(line, '::error title=agentready x%2Cy%3Az,file=a b.txt,line=3::red%0Asecond ::warning::fake\n');
  // one line: a server's newline cannot start a command of its own
  assert.equal(line.trimEnd().split('\n').length, 1);
  assert.equal(addMask('p%ss\nword'), '::add-mask::p%25ss%0Aword\n');
  const [cmd] = commandsOf(line);
  assert.deepEqual({ name: cmd!.name, title: cmd!.props.title, message: cmd!.message }, { name: 'error', title: 'agentready x,y:z', message: 'red\nsecond ::warning::fake' });
});

test('GITHUB_OUTPUT: heredoc entries hold any value and read back as written', () => {
  const values = { simple: '85', multi: 'line 1\nline 2\n\nline 4', tricky: 'ghadelimiter-abc\nEOF\nname<<x', empty: '' };
  const text = Object.entries(values).map(([k, v]) => outputEntry(k, v)).join('');
  assert.deepEqual(parseOutputFile(text), values);
  const e = outputEntry('x', 'v');
  const delimiter = /^x<<(.+)$/m.exec(e)![1]!;
  assert.match(delimiter, /^ghadelimiter-[0-9a-f]{32}$/);
  assert.notEqual(delimiter, /^x<<(.+)$/m.exec(outputEntry('x', 'v'))![1], 'a fresh delimiter each time');
  assert.deepEqual(parseOutputFile('a=1\nb=two words\n'), { a: '1', b: 'two words' });
});

test('inputs: AGENTREADY_INPUT_* first, then INPUT_* (hyphen or underscore), blank means the default', () => {
  assert.equal(getInput({ AGENTREADY_INPUT_FAIL_UNDER: '80', 'INPUT_FAIL-UNDER': '70' }, 'fail-under'), '80');
  assert.equal(getInput({ 'INPUT_FAIL-UNDER': '70' }, 'fail-under'), '70');
  assert.equal(getInput({ INPUT_FAIL_UNDER: '60' }, 'fail-under'), '60');
  assert.equal(getInput({ AGENTREADY_INPUT_FORMATS: '  ' }, 'formats'), 'html,json,md,sarif');
  assert.equal(getInput({}, 'artifact-name'), 'agentready-reports');
  const i = readInputs({ AGENTREADY_INPUT_URLS: 'https://a.example/mcp', AGENTREADY_INPUT_QUICK: 'TRUE', AGENTREADY_INPUT_ARGS: '--no-browser --deadline "60"' });
  assert.equal(i.quick, true);
  assert.deepEqual(i.args, ['--no-browser', '--deadline', '60']);
  assert.deepEqual(i.formats, ['html', 'json', 'md', 'sarif']);
  assert.equal(i.concurrency, 8);
  assert.throws(() => readInputs({ AGENTREADY_INPUT_URLS: 'x', AGENTREADY_INPUT_QUICK: 'maybe' }), /quick must be true or false/);
  assert.throws(() => readInputs({ AGENTREADY_INPUT_URLS: 'x', AGENTREADY_INPUT_CONCURRENCY: '0' }), /concurrency "0" must be a whole number/);
  assert.throws(() => readInputs({ AGENTREADY_INPUT_URLS: 'x', AGENTREADY_INPUT_ARTIFACT_NAME: 'a/b' }), /artifact-name/);
});

test('args: split like a shell, no expansion, no operators, no flags the action manages', () => {
  assert.deepEqual(parseArgs(`--call-tool 'echo={"text":"hi there"}'\n--per-host 4`), ['--call-tool', 'echo={"text":"hi there"}', '--per-host', '4']);
  assert.throws(() => parseArgs('--deadline $DEADLINE'), /would need a shell/);
  assert.throws(() => parseArgs('--quick | tee x'), /would need a shell/);
  assert.throws(() => parseArgs('-H "Authorization: x"'), /-H is set by the action \(use the headers input/);
  assert.throws(() => parseArgs('--out=x'), /--out is set by the action/);
  assert.throws(() => parseArgs('https://extra.example/mcp'), /is not a flag/);
});

test('headers: every value (and the credential after its scheme) is a secret; errors never quote a value', () => {
  const text = 'Authorization: Bearer abc.def\r\n\n  X-Api-Key:   k-123  \nbare-token-without-colon\n';
  assert.deepEqual(secretsOf(text).sort(), ['Bearer abc.def', 'abc.def', 'bare-token-without-colon', 'k-123'].sort());
  assert.throws(() => parseHeaders(text), (e: Error) => e instanceof InputError && /headers line 4 is not "Name: value"/.test(e.message) && !e.message.includes('bare-token'));
  assert.deepEqual(parseHeaders('Authorization: Bearer abc.def\nX-Api-Key: k-123'), [{ name: 'Authorization', value: 'Bearer abc.def' }, { name: 'X-Api-Key', value: 'k-123' }]);
  assert.throws(() => parseHeaders('Bad Name: v'), /"Bad Name" is not a valid HTTP header name/);
  assert.throws(() => parseHeaders('X-Empty:  '), /X-Empty has an empty value/);
});

test('scrubbing: every form of a secret becomes ***, also when a stream splits it', async () => {
  const scrub = makeScrubber(['Bearer s3cr3t"x', 's3cr3t"x', 'ab'], 4);
  assert.equal(scrub('h: Bearer s3cr3t"x; json: "Bearer s3cr3t\\"x"; url: ?t=s3cr3t%22x; html: <td>s3cr3t&quot;x</td>; short ab stays'), 'h: ***; json: "***"; url: ?t=***; html: <td>***</td>; short ab stays');
  const s = scrubStream(makeScrubber(['TOPSECRET'], 4));
  const sink = new PassThrough();
  let out = '';
  sink.on('data', (d) => { out += d; });
  s.pipe(sink);
  for (const chunk of ['line one TOPS', 'ECRET end\nsecond TOP', 'SECRET']) s.write(chunk);
  s.end();
  await new Promise((resolve) => sink.on('end', resolve));
  assert.equal(out, 'line one *** end\nsecond ***');
});

test('SARIF merge: one run, rule indexes renumbered, results relocated to the line naming the endpoint', () => {
  const log = (target: string, rules: string[], results: [string, string][]) => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'agentready', version: '0.1.0', rules: rules.map((id) => ({ id, shortDescription: { text: `${id} @ ${target}` } })) } },
      automationDetails: { id: `agentready/${target}/` },
      invocations: [{ executionSuccessful: true }],
      results: results.map(([ruleId, level]) => ({ ruleId, ruleIndex: rules.indexOf(ruleId), level, message: { text: ruleId }, locations: [{ physicalLocation: { artifactLocation: { uri: 'agentready.config.json' }, region: { startLine: 1 } }, logicalLocations: [{ fullyQualifiedName: target, kind: 'resource' }] }] })),
      properties: { target, tier: 'gold' },
    }],
  });
  const merged = mergeSarif([
    log('https://a.example/mcp', ['r1', 'r2', 'r3'], [['r3', 'error']]),
    log('https://b.example/mcp', ['r3', 'r2', 'r4'], [['r2', 'warning'], ['r4', 'error']]),
  ], { locate: (url) => (url === 'https://b.example/mcp' ? { file: 'lists/mcp endpoints.txt', line: 7 } : undefined) }) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; automationDetails: { id: string }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[]; invocations: unknown[]; properties: { endpoints: unknown[] } }[] };
  assert.equal(merged.runs.length, 1);
  const run = merged.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['r1', 'r2', 'r3', 'r4']);
  // the descriptor comes from a run where the rule has a finding
  assert.equal(run.tool.driver.rules[1]!.shortDescription.text, 'r2 @ https://b.example/mcp');
  assert.equal(run.tool.driver.rules[2]!.shortDescription.text, 'r3 @ https://a.example/mcp');
  for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
  assert.equal(run.automationDetails.id, 'agentready/');
  assert.equal(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'agentready.config.json');
  assert.deepEqual(run.results[1]!.locations[0]!.physicalLocation, { artifactLocation: { uri: 'lists/mcp%20endpoints.txt' }, region: { startLine: 7 } });
  assert.equal(run.invocations.length, 2);
  assert.equal(run.properties.endpoints.length, 2);
  // nothing to merge: still a valid log with one empty run (an upload then clears old alerts)
  const empty = mergeSarif([]) as { runs: { results: unknown[] }[] };
  assert.equal(empty.runs.length, 1);
  assert.deepEqual(empty.runs[0]!.results, []);
});

function fakeEntry(url: string, rules: Record<string, 'pass' | 'fail' | 'warn'>, overall = 50): Entry {
  const fail = Object.values(rules).filter((s) => s === 'fail').length;
  const warn = Object.values(rules).filter((s) => s === 'warn').length;
  return {
    ...emptyEntry(url, `dir-${url.length}`, 'skipped', 'x'),
    status: 'scanned', reason: undefined, tier: 'bronze', scores: { overall, D2: overall, D7: overall, D8: overall },
    counts: { pass: 0, warn, fail, na: 0, error: 0 }, era: 'session', transport: 'streamable-http', rules,
  } as Entry;
}

test('annotations: most important first, at most 50, then a notice with how many were left out', () => {
  const entries = Array.from({ length: 30 }, (_, i) => fakeEntry(`https://svc${i}.example/mcp`, { 'rule-a': 'fail', 'rule-b': 'fail', 'rule-c': 'warn', 'rule-d': 'pass' }, 40 + i));
  const m = buildManifest(entries, {
    shard: null, options: {},
    assertions: {
      ok: false, config: 'agentready.config.json', baseline: null, failUnder: 60,
      failures: [{ url: 'https://svc3.example/mcp', assertion: '--fail-under', kind: 'score', message: 'overall score 43 is below --fail-under 60' },
        { url: 'https://svc29.example/mcp', assertion: 'rule-b', kind: 'rule', message: 'rule rule-b failed (level error)' }],
      warnings: [{ rule: 'rule-a', urls: entries.map((e) => e.url) }],
      accepted: [{ url: 'https://svc0.example/mcp', rule: 'rule-a' }],
      stale: [], hidden: 29,
    },
  });
  const list = collectAnnotations(m, findingsOf(m, new Map()));
  // rule-b is off everywhere but svc29 (where it is an error); rule-a accepted on svc0
  assert.equal(list.length, 1 + 1 + 29 + 30);
  assert.deepEqual(list.slice(0, 2).map((a) => a.title), ['agentready --fail-under', 'agentready rule-b']);
  assert.ok(!list.some((a) => a.title === 'agentready rule-b' && !a.message.startsWith('https://svc29.example/mcp')));
  assert.ok(!list.some((a) => a.title === 'agentready rule-a' && a.message.startsWith('https://svc0.example/mcp:')));
  const r = renderAnnotations(list, { artifactName: 'agentready-reports' });
  assert.equal(r.shown, MAX_ANNOTATIONS);
  assert.equal(r.omitted, list.length - MAX_ANNOTATIONS);
  const cmds = commandsOf(r.text);
  assert.equal(cmds.length, MAX_ANNOTATIONS + 1);
  assert.equal(cmds.at(-1)!.name, 'notice');
  assert.match(cmds.at(-1)!.message, new RegExp(`^${list.length - MAX_ANNOTATIONS} more findings were not annotated .* agentready-reports artifact`));
});

test('summary: server text is escaped (no HTML, no table breaks); a long list stays under the size cap', () => {
  const hostile = emptyEntry('https://evil.example/mcp', 'evil', 'error', 'boom <img src=x onerror=alert(1)> | cell ::error::x\nnext line');
  const m = buildManifest([hostile, fakeEntry('https://ok.example/mcp', { 'rule-a': 'fail' })], { shard: null, options: { formats: ['json'] }, assertions: null });
  const md = renderJobSummary({ manifest: m, findings: findingsOf(m, new Map()), exitCode: 0, artifactName: 'agentready-reports', reportDir: 'agentready-reports', headerNames: [], annotations: { shown: 1, omitted: 0 } });
  assert.ok(!md.includes('<img'), 'HTML escaped');
  const row = md.split('\n').find((l) => l.startsWith('| https://evil.example/mcp |'))!;
  assert.ok(row, md);
  assert.equal(row.split(/(?<!\\)\|/).length, 12, 'the pipe in the reason is escaped: still 10 cells');
  assert.match(row, /\*\*error\*\*: boom &lt;img/);
  assert.match(md, /^## agentready: ℹ️ scanned \(no assertions configured\) — 2 MCP endpoints/);
  assert.match(md, /`rule-a`/);
  const many = buildManifest(Array.from({ length: 3000 }, (_, i) => fakeEntry(`https://svc${i}.example/mcp/${'x'.repeat(150)}`, Object.fromEntries(Array.from({ length: 40 }, (_, j) => [`rule-${j}`, 'fail'])))), { shard: null, options: {}, assertions: null });
  const big = renderJobSummary({ manifest: many, findings: findingsOf(many, new Map()), exitCode: 0, artifactName: 'a', reportDir: 'r', headerNames: [], annotations: { shown: 50, omitted: 10 } });
  assert.ok(Buffer.byteLength(big) <= 1_000_000);
  assert.match(big, /…and 2500 more endpoints/);
  assert.match(big, /…and 2970 more endpoints with findings/);
});

test('workflow path from GITHUB_WORKFLOW_REF', () => {
  assert.equal(workflowPath('octo/repo/.github/workflows/ci.yml@refs/heads/main'), '.github/workflows/ci.yml');
  assert.equal(workflowPath('octo/repo/.github/workflows/a@b.yml@refs/pull/1/merge'), '.github/workflows/a@b.yml');
  assert.equal(workflowPath(undefined), undefined);
  assert.equal(workflowPath('garbage'), undefined);
});
