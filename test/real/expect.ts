// Scans a corpus server and checks each expected verdict, with the wire fact behind it.
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { Result } from '../../src/contract/result.ts';
import { Evidence } from '../../src/contract/evidence.ts';
import { CORPUS, REAL_SCAN, callToolOption } from './corpus.ts';

/** rule id → expected status (and outcome), with the reason from the recorded wire transcript */
type Verdict = { status: string; outcome?: string; why: string };
/**
 * rule id → the verdict the recorded transcripts show, with the reason; `or` names the one other
 * verdict a server's own timing can give (the reason says what decides it).
 */
export type Expectation = Record<string, Verdict & { or?: Verdict }>;

/**
 * Fails every server in the corpus shares, with the reason, so each test need not repeat them:
 * none of these servers validates Origin on loopback (transcripts, question 9), and their GET
 * streams stay silent longer than the scaled 3 s keep-alive threshold (15 s keep-alives at best).
 */
const ALLOWED_FAILS: Record<string, (r: Result) => boolean> = {
  'origin-validation': (r) => r.rules.find((x) => x.id === 'origin-validation')?.outcome === 'acceptedLoopback',
  'sse-keepalive': (r) => ['noKeepAlive', 'silent'].includes(r.rules.find((x) => x.id === 'sse-keepalive')?.outcome ?? ''),
};

export async function checkServer(name: keyof typeof CORPUS, withTool: boolean, expected: Expectation): Promise<Result> {
  const server = await CORPUS[name]!();
  let result: Result;
  try {
    const callTool = withTool ? callToolOption(server.callTool) : undefined;
    if (withTool) assert.ok(callTool, `${name} has a slow progress tool`);
    let evidence: Evidence;
    ({ result, evidence } = await scan({ url: server.url, options: { ...REAL_SCAN, ...(callTool ? { callTool } : {}) } }));
    // the JSON reports are written without a schema pass (it would cost every scan loading zod): checked here
    const ev = Evidence.safeParse(evidence);
    assert.ok(ev.success, `the Evidence matches its schema: ${ev.success ? '' : JSON.stringify(ev.error.issues[0])}`);
  } finally {
    await server.close();
  }
  const parsed = Result.safeParse(result);
  assert.ok(parsed.success, `the Result matches its schema: ${parsed.success ? '' : JSON.stringify(parsed.error.issues[0])}`);
  const wrong: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    const got = result.rules.find((r) => r.id === id);
    if (!got) { wrong.push(`${id}: no such rule`); continue; }
    const matches = (v: Verdict) => got.status === v.status && (!v.outcome || got.outcome === v.outcome);
    if (!matches(want) && !(want.or && matches(want.or))) {
      const named = [want, ...(want.or ? [want.or] : [])].map((v) => `${v.status}${v.outcome ? `/${v.outcome}` : ''} (${v.why})`).join(' or ');
      wrong.push(`${id}: expected ${named}, got ${got.status}/${got.outcome}: ${got.detail.slice(0, 300)}`);
    }
  }
  // every other rule: no fail and no error that the expectation does not name (a fail needs its wire fact)
  for (const r of result.rules) {
    if (expected[r.id] || (r.status !== 'fail' && r.status !== 'error')) continue;
    if (ALLOWED_FAILS[r.id]?.(result)) continue;
    wrong.push(`${r.id}: unexpected ${r.status}/${r.outcome}: ${r.detail.slice(0, 300)}`);
  }
  assert.deepEqual(wrong, [], `${name}${withTool ? ' with --call-tool' : ''}`);
  return result;
}
