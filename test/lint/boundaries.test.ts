// The folder arrows biome.json enforces (no front door imports another or the probes; rules
// import only the contract and the rule kit; the contract imports nothing of ours; renderers
// only render), checked on deliberately wrong and right imports: each case is a file at the
// given path in a scratch copy of the layout, linted with this repository's biome.json.
// src/main.ts, the process entry, is the one place that wires the front doors' commands.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIOME = path.join(ROOT, 'node_modules', '.bin', 'biome');
const scratch: string[] = [];
after(() => { for (const d of scratch) rmSync(d, { recursive: true, force: true }); });

function lint(file: string, source: string): { code: number | null; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-lint-'));
  scratch.push(dir);
  copyFileSync(path.join(ROOT, 'biome.json'), path.join(dir, 'biome.json'));
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), source);
  const r = spawnSync(BIOME, ['lint', '--error-on-warnings', '--colors=off', '--config-path', dir, path.join(dir, file)], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const WRONG: [file: string, importLine: string, message: RegExp][] = [
  ['src/cli/wrong.ts', "import { probeAuth } from '../gather/auth.ts';", /The CLI reaches the engine through src\/engine\/index\.ts/],
  ['src/cli/wrong.ts', "import { ScanQueue } from '../web/queue.ts';", /The CLI reaches the engine through src\/engine\/index\.ts and imports no other front door/],
  ['src/cli/wrong.ts', "import { runBatchJob } from '../batch/runner.ts';", /imports no other front door/],
  ['src/cli/wrong.ts', "import { judge } from '../engine/judge.ts';", /The CLI reaches the engine/],
  ['src/web/wrong.ts', "import { renderSummary } from '../cli/summary.ts';", /The web form reaches the engine through src\/engine\/index\.ts and imports no other front door/],
  ['src/web/wrong.ts', "import { NetClient } from '../net/client.ts';", /The web form reaches the engine/],
  ['src/action/wrong.ts', "import { scan } from '../engine/index.ts';", /The Action runs `agentready batch` as a child process/],
  ['src/action/wrong.ts', "import { buildManifest } from '../batch/manifest.ts';", /The Action runs `agentready batch` as a child process/],
  ['src/batch/wrong.ts', "import { renderSummary } from '../cli/summary.ts';", /The batch front door reaches the engine through src\/engine\/index\.ts only and imports no other front door/],
  ['rules/D7/wrong.ts', "import { NetClient } from '../../src/net/client.ts';", /Rules import only the contract/],
  ['rules/D7/wrong.ts', "import { judge } from '../../src/engine/ruleSet.ts';", /Rules import only the contract/],
  ['reports/wrong.ts', "import { tierFor } from '../src/engine/scoring.ts';", /Renderers read the contract/],
  ['src/contract/wrong.ts', "import { NetClient } from '../net/client.ts';", /The contract depends on nothing else of ours/],
  ['src/gather/wrong.ts', "import { ALL_RULES } from '../../rules/index.ts';", /Probes gather; they never judge, render or serve/],
  ['src/engine/wrong.ts', "import { ALL_RULES } from '../../rules/index.ts';", /The rule set is bound to the judge in one place, src\/engine\/ruleSet\.ts/],
];

for (const [file, line, message] of WRONG) {
  test(`refused: ${line} in ${file}`, () => {
    const r = lint(file, `${line}\nexport const used = [${/\{ (\w+) \}/.exec(line)![1]}];\n`);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /lint\/style\/noRestrictedImports/);
    assert.match(r.out, message);
  });
}

const RIGHT: [file: string, importLine: string][] = [
  ['src/cli/right.ts', "import { scan } from '../engine/index.ts';"],
  ['src/main.ts', "import { runServe } from './web/command.ts';"],
  ['src/cli/right.ts', "import { SCAN_FLAGS } from '../contract/flags.ts';"],
  ['src/web/right.ts', "import { parseTargetUrl } from '../contract/input.ts';"],
  ['src/batch/right.ts', "import { scan } from '../engine/index.ts';"],
  ['rules/D7/right.ts', "import { defineRule } from '../../src/contract/rule.ts';"],
  ['rules/D7/right.ts', "import { clip } from '../_lib/index.ts';"],
  ['reports/right.ts', "import { tierFor } from '../src/contract/result.ts';"],
  ['src/engine/right.ts', "import { probeAuth } from '../gather/auth.ts';"],
  ['src/engine/ruleSet.ts', "import { ALL_RULES } from '../../rules/index.ts';"],
];

for (const [file, line] of RIGHT) {
  test(`allowed: ${line} in ${file}`, () => {
    const r = lint(file, `${line}\nexport const used = [${/\{ (\w+) \}/.exec(line)![1]}];\n`);
    assert.equal(r.code, 0, r.out);
  });
}
