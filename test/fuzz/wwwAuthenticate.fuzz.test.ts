// Property-based tests of the WWW-Authenticate parser: any header value parses without
// throwing, within its caps and in linear time; well-formed challenges round-trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWwwAuthenticate } from '../../src/contract/wwwAuthenticate.ts';

const tchar = fc.constantFrom(...'!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const token = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });
const piece = fc.oneof(
  token, fc.constantFrom(' ', '\t', ',', '=', '"', '\\', '==', ', ', '="', '\\"', 'Bearer', 'realm', 'resource_metadata', '\u0000', '\r\n'),
  fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }),
);
const headerValue = fc.array(piece, { maxLength: 60, size: 'large' }).map((a) => a.join(''));

test('fuzz WWW-Authenticate: never throws, stays within its caps', () => {
  fc.assert(fc.property(headerValue, (h) => {
    const out = parseWwwAuthenticate(h);
    assert.ok(out.length <= 10);
    for (const c of out) {
      assert.ok(c.scheme.length > 0 && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(c.scheme));
      assert.ok(Object.keys(c.params).length <= 30);
      for (const v of Object.values(c.params)) assert.ok(v.length <= 2048);
    }
  }), { numRuns: 1000 });
});

test('fuzz WWW-Authenticate: well-formed challenges round-trip', () => {
  const quoted = fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));
  const param = fc.tuple(token, fc.oneof(token.map((v) => ({ raw: v, value: v })), quoted.map((v) => ({ raw: `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`, value: v }))));
  const challenge = fc.tuple(token, fc.uniqueArray(param, { maxLength: 5, selector: ([k]) => k.toLowerCase() }));
  fc.assert(fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (challenges) => {
    const header = challenges.map(([scheme, params]) => `${scheme}${params.length ? ' ' : ''}${params.map(([k, v]) => `${k}=${v.raw}`).join(', ')}`).join(', ');
    const out = parseWwwAuthenticate(header);
    assert.equal(out.length, challenges.length, header);
    challenges.forEach(([scheme, params], i) => {
      assert.equal(out[i]!.scheme, scheme);
      assert.deepEqual(out[i]!.params, Object.fromEntries(params.map(([k, v]) => [k.toLowerCase(), v.value])));
    });
  }), { numRuns: 500 });
});

test('WWW-Authenticate: a megabyte of hostile input parses quickly', () => {
  for (const h of ['a'.repeat(1 << 20), 'Bearer '.repeat(200_000), `Bearer realm="${'\\"'.repeat(500_000)}`, 'x=,'.repeat(400_000), '"'.repeat(1 << 20), '='.repeat(1 << 20)]) {
    const t0 = performance.now();
    parseWwwAuthenticate(h);
    assert.ok(performance.now() - t0 < 250, `${h.slice(0, 20)}… took ${performance.now() - t0} ms`);
  }
});
