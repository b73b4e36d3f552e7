// The small pieces every format relies on: text hygiene, escaping, fix-snippet choice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FRONT_SNIPPETS, snippetsFor, topicOfRule } from '../../reports/fixSnippets.ts';
import { xmlAttr, xmlText } from '../../reports/junit.ts';
import { mdText } from '../../reports/markdown.ts';
import { cleanText, formatMs, oneLine, safeHref, truncate } from '../../reports/text.ts';
import { exchangeAnchor } from '../../reports/transcriptView.ts';

describe('text', () => {
  test('cleanText strips terminal escapes, controls, bidi overrides and lone surrogates; keeps newlines and tabs', () => {
    assert.equal(cleanText('\u001b[31mred\u001b[0m \u001b]0;title\u0007ok'), 'red ok');
    assert.equal(cleanText('a\u0000b\u0007c\u0085d\u202eE\u2066F'), 'abcdEF');
    assert.equal(cleanText('\u009b1mbold'), 'bold', '8-bit CSI');
    assert.equal(cleanText('line1\r\nline2\tx'), 'line1\nline2\tx');
    assert.equal(cleanText('x\ud800y\udc00z 😀'), 'xyz 😀');
  });
  test('oneLine folds whitespace; truncate does not split surrogate pairs', () => {
    assert.equal(oneLine(' a\n\n b\t c '), 'a b c');
    assert.equal(truncate('ab😀', 3), 'ab…');
  });
  test('formatMs', () => {
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(31_200), '31.2 s');
    assert.equal(formatMs(65_000), '1 min 5 s');
  });
  test('only http(s) URLs become links', () => {
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref('data:text/html,x'), undefined);
    assert.equal(safeHref('not a url'), undefined);
    assert.equal(safeHref('https://example.com/a b'), 'https://example.com/a%20b');
  });
  test('exchange anchors', () => {
    assert.equal(exchangeAnchor('x12'), 'x12');
    assert.equal(exchangeAnchor('a b"<'), 'x-a_b__');
  });
});

describe('escaping', () => {
  test('Markdown: markup, table and emphasis characters', () => {
    assert.equal(mdText('<b>|`x`*_'), '&lt;b&gt;\\|\\`x\\`\\*\\_');
    assert.equal(mdText('a\nb'), 'a b');
  });
  test('XML: entities, quotes in attributes, illegal characters stripped', () => {
    assert.equal(xmlText('a<b>&c\u0000\u0001d\ufffe'), 'a&lt;b&gt;&amp;cd');
    assert.equal(xmlAttr('say "hi"\nnow'), 'say &quot;hi&quot;&#10;now');
  });
});

describe('fix snippets', () => {
  test('rules are matched to topics by id', () => {
    assert.equal(topicOfRule('proxy-buffering'), 'buffering');
    assert.equal(topicOfRule('sse-keepalive'), 'keepalive');
    assert.equal(topicOfRule('cors-credentials'), undefined);
  });
  test('the front decides the snippet; keep-alive always adds the application side', () => {
    const nginx = snippetsFor('proxy-buffering', 'nginx');
    assert.equal(nginx.length, 1);
    assert.match(nginx[0].code, /proxy_buffering off;/);
    assert.match(nginx[0].code, /proxy_read_timeout 3600s;/);
    assert.match(nginx[0].code, /add_header X-Accel-Buffering no;/);
    assert.match(snippetsFor('proxy-buffering', 'caddy')[0].code, /flush_interval -1/);
    assert.match(snippetsFor('proxy-buffering', 'apache')[0].code, /flushpackets=on/);
    const cf = snippetsFor('sse-keepalive', 'cloudflare');
    assert.equal(cf.length, 2);
    assert.match(cf[0].code + cf[0].note, /100 s/);
    assert.match(snippetsFor('sse-keepalive', 'aws-alb')[0].code, /idle_timeout\.timeout_seconds/);
    assert.equal(snippetsFor('sse-keepalive', 'unknown').length, 1, 'application side only');
    assert.deepEqual(snippetsFor('proxy-buffering', 'unknown'), []);
    for (const [front, topics] of Object.entries(FRONT_SNIPPETS)) {
      assert.ok(topics.buffering && topics.keepalive, `${front} covers both topics`);
    }
  });
});
