// Render time and size of each format for the flawed fixture (b). Prints the numbers as
// test diagnostics; asserts only generous budgets, so slow CI machines do not flake.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif } from '../../reports/index.ts';
import { flawed } from '../fixtures/results/index.ts';

const { result, evidence } = flawed();

const FORMATS: [string, () => string][] = [
  ['html', () => renderHtml(result, evidence)],
  ['json', () => renderJson(result)],
  ['md', () => renderMarkdown(result)],
  ['sarif', () => JSON.stringify(renderSarif(result), null, 2)],
  ['junit', () => renderJunit(result)],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('render time and size per format (fixture b)', (t) => {
  const rows: string[] = [];
  for (const [name, render] of FORMATS) {
    let start = performance.now();
    const text = render(); // first call: includes compiling the templates for html
    const cold = performance.now() - start;
    const warm: number[] = [];
    for (let i = 0; i < 25; i++) {
      start = performance.now();
      render();
      warm.push(performance.now() - start);
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    rows.push(`${name.padEnd(6)} first ${cold.toFixed(1).padStart(6)} ms · median ${median(warm).toFixed(2).padStart(6)} ms · ${(bytes / 1024).toFixed(1).padStart(6)} KB`);
    assert.ok(median(warm) < 250, `${name} renders in well under a second`);
    assert.ok(bytes < 1024 * 1024, `${name} stays under 1 MB`);
  }
  for (const row of rows) t.diagnostic(row);
});
