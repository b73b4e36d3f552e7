// A quick scan says, in the Result and in every report, which rules its short windows could
// not observe; a full scan says nothing of the kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from '../../src/engine/ruleSet.ts';
import { renderMarkdown } from '../../reports/markdown.ts';
import { renderHtml } from '../../reports/html.ts';
import { renderSummary } from '../../src/cli/summary.ts';
import { evidence } from '../fixtures/evidence.ts';

test('a quick scan names the rules it could not observe, in the Result, Markdown, HTML and the terminal summary', () => {
  const r = judge(evidence({}, [], { quick: true }));
  assert.ok(r.quick, 'result.quick is set');
  // the keep-alive cadence and buffering need the long GET-stream watch
  assert.deepEqual([...r.quick.notObserved].sort(), ['proxy-buffering', 'sse-keepalive']);
  for (const id of r.quick.notObserved) assert.equal(r.rules.find((x) => x.id === id)?.outcome, 'quick');
  for (const text of [renderMarkdown(r), renderHtml(r), renderSummary(r, { color: false })]) {
    assert.match(text, /Quick scan: (proxy-buffering, sse-keepalive|sse-keepalive, proxy-buffering) not observed/);
    assert.match(text, /run without --quick to judge them/);
  }
});

test('a full scan carries no quick note', () => {
  const r = judge(evidence());
  assert.equal(r.quick, undefined);
  assert.doesNotMatch(renderMarkdown(r), /Quick scan/);
  assert.doesNotMatch(renderSummary(r, { color: false }), /Quick scan/);
});
