// Checks every rule in rules/index.ts for the invariants the reports and the scorer rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';
import { ALL_RULES } from '../../../rules/index.ts';
import { D2_RULES } from '../../../rules/D2/index.ts';
import { D8_RULES } from '../../../rules/D8/index.ts';
import type { Outcome, Rule } from '../../../src/contract/rule.ts';
import { judgeRule } from '../../../src/engine/judge.ts';
import { REVISIONS, type Probes } from '../../../src/contract/evidence.ts';
import { evidence, legacyEra, sseExchange, statelessEra } from '../../fixtures/evidence.ts';
import { xchg } from './_support.ts';

const RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));
const LEVELS = ['MUST', 'SHOULD', 'MAY', 'INFO'];
const STATUSES = ['pass', 'warn', 'fail', 'na', 'error'];

/** rule object → the file it is the default export of (helper modules without a rule are skipped) */
async function ruleFiles(): Promise<Map<Rule, { file: string; dimension: string }>> {
  const found = new Map<Rule, { file: string; dimension: string }>();
  for (const dimension of ['D2', 'D7', 'D8']) {
    let files: string[] = [];
    try { files = readdirSync(join(RULES_DIR, dimension)); } catch { continue; }
    for (const f of files) {
      if (!f.endsWith('.ts') || f === 'index.ts' || f.startsWith('_')) continue;
      const mod = await import(pathToFileURL(join(RULES_DIR, dimension, f)).href) as { default?: unknown };
      const r = mod.default as Rule | undefined;
      if (r && typeof r === 'object' && typeof r.id === 'string' && typeof r.judge === 'function') {
        found.set(r, { file: basename(f, '.ts'), dimension });
      }
    }
  }
  return found;
}

test('catalogue: there are rules, and ids are unique', () => {
  assert.ok(ALL_RULES.length > 0);
  const ids = ALL_RULES.map((r) => r.id);
  const dups = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(dups, [], `duplicate rule ids: ${dups.join(', ')}`);
});

test('catalogue: every rule lives in rules/<dimension>/<id>.ts', async () => {
  const files = await ruleFiles();
  for (const r of ALL_RULES) {
    const where = files.get(r);
    assert.ok(where, `rule ${r.id} is not the default export of any file under rules/`);
    assert.equal(where.file, r.id, `rule ${r.id} lives in ${where.dimension}/${where.file}.ts`);
    assert.equal(where.dimension, r.dimension, `rule ${r.id} is in folder ${where.dimension} but says ${r.dimension}`);
  }
});

test('catalogue: metadata is complete', () => {
  for (const r of ALL_RULES) {
    assert.ok(LEVELS.includes(r.level), `${r.id}: level ${r.level}`);
    assert.ok(r.title && r.failureTitle && r.description, `${r.id}: title, failureTitle and description are required`);
    assert.ok(r.eras === 'any' || (Array.isArray(r.eras) && r.eras.length > 0 && r.eras.every((e) => (REVISIONS as readonly string[]).includes(e))),
      `${r.id}: eras must be 'any' or known revisions`);
    assert.ok(r.specRefs.length > 0 || r.level === 'INFO', `${r.id}: needs a spec reference`);
  }
});

test('catalogue: every specRef url is https', () => {
  for (const r of ALL_RULES) {
    for (const s of r.specRefs) {
      assert.ok(s.label, `${r.id}: specRef without a label`);
      assert.ok(s.url.startsWith('https://'), `${r.id}: specRef ${s.url} is not https`);
      assert.doesNotThrow(() => new URL(s.url), `${r.id}: specRef ${s.url} is not a URL`);
    }
  }
});

test('catalogue: every outcome table has a pass, and every warn/fail a fix', () => {
  for (const r of ALL_RULES) {
    const outcomes = Object.entries(r.outcomes) as [string, Outcome][];
    assert.ok(outcomes.some(([, o]) => o.status === 'pass'), `${r.id}: no pass outcome`);
    for (const [name, o] of outcomes) {
      assert.ok(STATUSES.includes(o.status), `${r.id}.${name}: status ${o.status}`);
      assert.ok(o.summary, `${r.id}.${name}: summary is required`);
      if (o.status === 'warn' || o.status === 'fail') assert.ok(o.fix, `${r.id}.${name}: ${o.status} needs a fix`);
      if (o.status === 'pass' || o.status === 'warn' || o.status === 'fail') {
        assert.ok(typeof o.score === 'number' && o.score >= 0 && o.score <= 1, `${r.id}.${name}: score in 0..1`);
      }
      if (o.cap !== undefined) assert.ok(o.cap >= 0 && o.cap <= 1, `${r.id}.${name}: cap in 0..1`);
    }
  }
});

// ---- robustness: the D2/D8 rules never throw on partial or hostile evidence ----

const hostile: Record<string, ReturnType<typeof evidence>> = {
  'bare session scan': evidence(),
  unreachable: evidence({ era: { reachable: false, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: false } }),
  'auth blocked': evidence({ era: { reachable: true, revisions: [], era: 'unknown', transport: 'unknown', authBlocked: true } }),
  'stateless, discover failed': evidence({ era: statelessEra, discover: { attempted: true, answered: false } }),
  'legacy, nothing tried': evidence({ era: legacyEra, legacy: { attempted: true, tried: [], ok: false } }),
  'every era, minimal artifacts, dangling exchange ids': evidence({
    era: { reachable: true, revisions: [...REVISIONS].reverse() as Probes['era']['revisions'], era: 'stateless', transport: 'streamable-http', authBlocked: false },
    discover: { attempted: true, answered: true, exchangeId: 'nope', get: { exchangeId: 'nope' }, delete: { exchangeId: 'nope' }, unsupportedVersion: { exchangeId: 'nope' }, headerMismatch: { exchangeId: 'nope' }, unknownMethod: { exchangeId: 'nope' } },
    initialize: { attempted: true, attempts: [], ok: false, capabilities: {}, bogusVersion: { exchangeId: 'nope' }, jsonOnlyAccept: { exchangeId: 'nope' }, sessionIdSamples: [] },
    initialized: { attempted: true, exchangeId: 'nope' },
    toolsList: { attempted: true, ok: true, exchangeId: 'nope' },
    getStream: { attempted: true, exchangeId: 'nope', status: 200, keepAliveObservable: true },
    resume: { attempted: true, exchangeId: 'nope', replayedIds: [], foreignReplays: [{ seenOn: 'nope' }], duplicateReplays: [] },
    session: { applicable: true, missingId: { exchangeId: 'nope' }, unknownId: { exchangeId: 'nope' }, delete: { exchangeId: 'nope', status: 200 }, afterDelete: { exchangeId: 'nope' } },
    protocolVersion: { attempted: true, exchangeId: 'nope' },
    legacy: { attempted: true, tried: [{ exchangeId: 'nope', url: '::not a url::' }], endpointData: '\u0000\u0001', sseUrl: '::bad::', ok: false },
    toolCall: { attempted: true, exchangeId: 'nope', secondSession: { sawFirstSessionMessages: false } },
    latency: { samples: [] },
  }),
  'odd transcript': evidence(
    { getStream: { attempted: true, exchangeId: 'g', status: 200, keepAliveObservable: false }, toolCall: { attempted: true, exchangeId: 'g' } },
    [
      xchg({ id: 'n', response: undefined, error: { kind: 'reset', message: 'socket hang up' } }),
      xchg({ id: 'b', request: { method: 'POST', url: 'https://mcp.example.com/mcp', headers: {}, body: '{"id":' }, response: { status: 200, headers: { 'Content-Type': 'TEXT/HTML;;' } } }),
      sseExchange([{ t: 0, data: '\u0000' }, { t: -5, id: '', data: '[]' }, { t: 1e12, data: '{"jsonrpc":"2.0"}' }], [{ t: 3 }], { id: 'g', probe: 'get-stream' }),
    ],
    { keepAliveMaxMs: 0 },
  ),
};

for (const [name, ev] of Object.entries(hostile)) {
  test(`catalogue: D2/D8 rules judge "${name}" without error`, () => {
    for (const r of [...D2_RULES, ...D8_RULES]) {
      const res = judgeRule(r, ev);
      assert.notEqual(res.status, 'error', `${r.id} errored on ${name}: ${res.detail}`);
      assert.equal(typeof res.detail, 'string');
    }
  });
}
