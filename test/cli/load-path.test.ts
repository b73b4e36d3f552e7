// What a scan loads is part of how fast it starts and ends (issue 17): a quick scan of a URL
// judges and writes its reports without zod (~100 modules, ~0.1 s), which only readers of
// stored evidence (rescore, merge, the web UI) and config parsing need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));

// records every module the child resolves (module.registerHooks: Node 22.15+, in-thread)
const HOOK = `import module from 'node:module';
import { writeFileSync } from 'node:fs';
const seen = new Set();
module.registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.add(r.url); return r; } });
process.on('exit', () => writeFileSync(process.env.AGENTREADY_TEST_MODULES, [...seen].join('\\n')));
`;

test('a quick scan loads no zod: not to gather, judge, or write html/json/md', async () => {
  const server = await startWellBehavedServer({ keepAliveMs: 400, notifyEveryMs: 250 });
  const dir = await mkdtemp(path.join(tmpdir(), 'agentready-load-'));
  const hook = path.join(dir, 'hook.mjs');
  const list = path.join(dir, 'modules.txt');
  await writeFile(hook, HOOK);
  try {
    const out = path.join(dir, 'out');
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', pathToFileURL(hook).href, BIN, 'scan', server.url, '--quick', '--no-browser', '--json', '--out', out],
        { env: { ...process.env, AGENTREADY_TEST_MODULES: list }, timeout: 60_000 },
        (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['evidence.json', 'report.html', 'report.md', 'result.json']);
    const modules = (await readFile(list, 'utf8')).split('\n');
    assert.ok(modules.some((m) => m.includes('/rules/D8/')), 'the hook saw the rules load (the check can fail)');
    assert.deepEqual(modules.filter((m) => m.includes('/node_modules/zod/')), []);
  } finally {
    await server.close();
  }
});
