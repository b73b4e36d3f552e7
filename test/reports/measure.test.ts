// Size of each format for the flawed fixture (b): every report stays well under 1 MB, so a
// job summary, a PR comment or an artifact never balloons. Render *time* is measured in
// bench/render.bench.ts (side by side with JSON.stringify), not asserted here: timed unit
// tests flake on shared machines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif } from '../../reports/index.ts';
import { flawed } from '../fixtures/results/index.ts';

const { result, evidence } = flawed();

const FORMATS: [string, () => string, number][] = [
  ['html', () => renderHtml(result, evidence), 1024 * 1024],
  ['json', () => renderJson(result), 512 * 1024],
  // GitHub caps a job summary at 1 MiB and a PR comment at 65,536 characters
  ['md', () => renderMarkdown(result), 65_536],
  ['sarif', () => JSON.stringify(renderSarif(result), null, 2), 1024 * 1024],
  ['junit', () => renderJunit(result), 512 * 1024],
];

test('size per format (fixture b) stays within its budget', (t) => {
  for (const [name, render, budget] of FORMATS) {
    const text = render();
    const bytes = Buffer.byteLength(text, 'utf8');
    t.diagnostic(`${name.padEnd(6)} ${(bytes / 1024).toFixed(1).padStart(6)} KB (budget ${(budget / 1024).toFixed(0)} KB)`);
    assert.ok(bytes > 0 && bytes < budget, `${name}: ${bytes} bytes, budget ${budget}`);
  }
});
