// Scans a corpus server and checks each expected verdict, with the wire fact behind it.
import assert from 'node:assert/strict';
import { scan } from '../../src/engine/scan.ts';
import { Result } from '../../src/result.ts';
import { CORPUS, REAL_SCAN, callToolOption } from './corpus.ts';

/** rule id → expected status (and outcome), with the reason from the recorded wire transcript */
export type Expectation = Record<string, { status: string; outcome?: string; why: string }>;

export async function checkServer(name: keyof typeof CORPUS, withTool: boolean, expected: Expectation): Promise<Result> {
  const server = await CORPUS[name]!();
  let result: Result;
  try {
    const callTool = withTool ? callToolOption(server.callTool) : undefined;
    if (withTool) assert.ok(callTool, `${name} has a slow progress tool`);
    ({ result } = await scan({ url: server.url, options: { ...REAL_SCAN, ...(callTool ? { callTool } : {}) } }));
  } finally {
    await server.close();
  }
  assert.ok(Result.safeParse(result).success, 'the Result matches its schema');
  const wrong: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    const got = result.rules.find((r) => r.id === id);
    if (!got) { wrong.push(`${id}: no such rule`); continue; }
    if (got.status !== want.status || (want.outcome && got.outcome !== want.outcome)) {
      wrong.push(`${id}: expected ${want.status}${want.outcome ? `/${want.outcome}` : ''} (${want.why}), got ${got.status}/${got.outcome}: ${got.detail.slice(0, 300)}`);
    }
  }
  assert.deepEqual(wrong, [], `${name}${withTool ? ' with --call-tool' : ''}`);
  return result;
}
