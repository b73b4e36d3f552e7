// Property-based tests of the JSON-RPC intake: summarizeRpc over arbitrary strings and
// JSON values (deep nesting, wrong versions, odd ids, result+error) never throws, its
// counts add up, and what it keeps for the evidence is small, shallow and serializable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keepJson, MAX_KEPT_JSON_DEPTH, safeJsonParse, summarizeRpc } from '../../src/net/jsonrpc.ts';

const id = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
/** message-shaped objects, right and wrong */
const message = fc.record({
  jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('2.0'), fc.constant('1.0'), fc.jsonValue({ maxDepth: 1 })),
  id,
  method: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
  params: fc.jsonValue({ maxDepth: 3 }),
  result: fc.jsonValue({ maxDepth: 4 }),
  error: fc.oneof(fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.oneof(fc.string(), fc.integer()), data: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 })),
}, { requiredKeys: [] });

const nested = (depth: number, open: string, close: string, inner = '1') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const deep = fc.integer({ min: 1, max: 120_000 }).chain((d) => fc.constantFrom(
  nested(d, '[', ']'),
  '['.repeat(d),
  `{"jsonrpc":"2.0","id":1,"result":${nested(d, '[', ']')}}`,
  `{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"m","data":${nested(d, '{"a":', '}')}}}`,
  `{"jsonrpc":"2.0","id":${nested(d, '[', ']')},"result":{}}`,
  `{"jsonrpc":${nested(d, '[', ']')},"id":1,"result":{}}`,
));

const payload = fc.oneof(
  { weight: 3, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: fc.array(message, { maxLength: 6 }).map((a) => JSON.stringify(a)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '[]', 'null', '{"jsonrpc":"2.0","id":1,"result":{},"error":{}}', '\ufeff{}', '{"__proto__":{"x":1},"jsonrpc":"2.0","id":1,"result":{}}') },
  { weight: 1, arbitrary: deep },
);

function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    max = Math.max(max, d);
    if (typeof x === 'object' && x !== null) for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

test('fuzz JSON-RPC: summarizeRpc never throws, counts add up, kept values are bounded', () => {
  fc.assert(fc.property(
    fc.constantFrom('json', 'sse', 'empty', 'other') as fc.Arbitrary<'json' | 'sse' | 'empty' | 'other'>,
    fc.array(payload, { maxLength: 8 }),
    fc.oneof(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 3 }), fc.constant(undefined)),
    (framing, payloads, sent) => {
      const { summary, messages, response } = summarizeRpc(framing, payloads, sent);
      assert.equal(summary.messages, summary.responses + summary.requests + summary.notifications);
      assert.ok(messages.length <= summary.messages);
      assert.ok(summary.invalid.length <= 5 && summary.invalid.every((s) => s.length <= 300));
      assert.equal(summary.answered, response !== undefined);
      if (response) assert.equal(response.id, sent);
      const kept = JSON.stringify(summary); // the evidence must always serialize
      assert.ok(kept.length < 64 * 1024 + 8 * 1024, `summary ${kept.length} chars`);
      assert.ok(depthOf(summary.result) <= MAX_KEPT_JSON_DEPTH + 1);
      assert.ok(depthOf(summary.error?.data) <= MAX_KEPT_JSON_DEPTH + 1);
    },
  ), { numRuns: 400 });
});

test('fuzz JSON-RPC: safeJsonParse and keepJson never throw', () => {
  fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), deep, fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
    const p = safeJsonParse(text);
    if (p.ok) {
      const kept = keepJson(p.value, 4096);
      assert.ok((JSON.stringify(kept) ?? '').length <= 4096 || (kept as { truncatedForEvidence?: boolean }).truncatedForEvidence);
      assert.ok(depthOf(kept) <= MAX_KEPT_JSON_DEPTH + 1);
    } else assert.ok(p.error.length <= 200);
  }), { numRuns: 300 });
});

test('JSON-RPC: absurd nesting and millions of objects are refused before parsing; deep values are not kept', () => {
  const deep = summarizeRpc('json', [`{"jsonrpc":"2.0","id":7,"result":{"x":${nested(100_000, '[', ']')}}}`], 7).summary;
  assert.equal(deep.answered, false);
  assert.match(deep.invalid[0]!, /not parsed: nested deeper than 512 levels/);
  const wide = summarizeRpc('json', [`{"jsonrpc":"2.0","id":7,"result":[${Array.from({ length: 250_000 }, () => '{}').join(',')}]}`], 7).summary;
  assert.match(wide.invalid[0]!, /not parsed: more than 200000 objects and arrays/);
  // brackets inside strings are text, not structure
  const quoted = summarizeRpc('json', [JSON.stringify({ jsonrpc: '2.0', id: 7, result: { s: '['.repeat(10_000) } })], 7).summary;
  assert.equal(quoted.answered, true);
  const kept = summarizeRpc('json', [`{"jsonrpc":"2.0","id":7,"result":{"x":${nested(500, '[', ']')}}}`], 7).summary;
  assert.equal(kept.answered, true);
  assert.deepEqual(kept.result, { truncatedForEvidence: true, reason: `nested deeper than ${MAX_KEPT_JSON_DEPTH} levels` });
  assert.deepEqual(keepJson(JSON.parse(nested(5000, '[', ']')), 1e6), { truncatedForEvidence: true, reason: 'not serializable (nested too deep)' });
});
