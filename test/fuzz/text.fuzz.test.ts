// cleanText and oneLine return most strings untouched through a fast path; these properties
// hold them to the full replacements they shortcut, on text built from exactly the characters
// the fast paths look for (controls, CR/LF, surrogates, bidi controls, Unicode spaces).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanText, oneLine } from '../../reports/text.ts';

// the replacements as they are without the fast paths
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const fullClean = (s: string) => s.replace(/\r\n?/g, '\n').replace(ANSI, '').replace(CONTROL, '').replace(LONE, '');
const fullOneLine = (s: string) => fullClean(s).replace(/\s+/g, ' ').trim();

const tricky = fc.constantFrom(
  '\r', '\n', '\r\n', '\t', ' ', '  ', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u000b', '\u000c',
  '\u001b', '\u001b[31m', '\u001b]0;t\u0007', '\u009b1m', '\u0000', '\u007f', '\u0085', '\u202e', '\u2066',
  '\ud800', '\udc00', '😀', 'a', 'b', '[', ']', '0', ';', 'é',
);
const text = fc.oneof(fc.array(tricky, { maxLength: 24 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 40 }));

test('cleanText equals the full replacements on any text', () => {
  fc.assert(fc.property(text, (s) => { assert.equal(cleanText(s), fullClean(s)); }), { numRuns: 5000 });
});

test('oneLine equals the full replacements on any text', () => {
  fc.assert(fc.property(text, (s) => { assert.equal(oneLine(s), fullOneLine(s)); }), { numRuns: 5000 });
});
