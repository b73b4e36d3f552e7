import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderRulesDoc } from '../../scripts/rules-doc.ts';
import { ALL_RULES } from '../../rules/index.ts';

test('docs/RULES.md is generated from the current rules (run npm run docs:rules)', () => {
  const committed = readFileSync(new URL('../../docs/RULES.md', import.meta.url), 'utf8');
  assert.equal(committed, renderRulesDoc());
});

test('every rule is documented with its outcomes', () => {
  const doc = renderRulesDoc();
  for (const r of ALL_RULES) {
    assert.ok(doc.includes(`### ${r.id}\n`), `missing section for ${r.id}`);
    for (const name of Object.keys(r.outcomes)) assert.ok(doc.includes(`\`${name}\``), `${r.id}: outcome ${name} undocumented`);
  }
});
