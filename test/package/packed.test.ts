// The package users install, tried the way they install it: `npm pack` of a copy of this
// checkout, the tarball installed into an empty folder with production dependencies only,
// and every kind of command run from there — on the pinned Node 24 and on the oldest Node
// the package supports (22.12, fetched from the npm registry as the `node-<os>-<arch>` package).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packAndInstall, REPO } from './packInstall.ts';

const OLDEST_NODE = '22.12.0';
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };

interface Run { code: number | null; stdout: string; stderr: string }

function run(file: string, args: string[], opts: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

let work: string;
let source: string;
let tarball: string;
let installed: string;
let bin: string;
let node22: string | undefined;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'agentready-pack-'));
  ({ source, tarball, project: installed, bin } = packAndInstall(work));

  // the oldest supported Node, as the npm registry ships it (a plain tarball, no install script)
  const nodePkg = `node-${process.platform}-${process.arch}@${OLDEST_NODE}`;
  const fetched = await run('npm', ['pack', nodePkg, '--pack-destination', work, '--loglevel=error'], { cwd: work, timeoutMs: 170_000 });
  if (fetched.code === 0) {
    const nodeDir = path.join(work, 'node22');
    mkdirSync(nodeDir);
    const untar = await run('tar', ['xzf', path.join(work, fetched.stdout.trim().split('\n').pop()!), '-C', nodeDir], { cwd: work });
    assert.equal(untar.code, 0, untar.stderr);
    node22 = path.join(nodeDir, 'package', 'bin', 'node');
  }
  // CI runs on linux-x64, where the package exists: there the old-Node checks must run
  if (process.env.CI) assert.ok(node22, `could not fetch ${nodePkg} from the npm registry: ${fetched.stderr.slice(-500)}`);
}, { timeout: 600_000 });

after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

describe('the packed tarball', () => {
  it('ships the compiled code, the templates and the docs, and no sources', async () => {
    const list = await run('tar', ['tzf', tarball], { cwd: work });
    const files = list.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const needed of ['bin/agentready.js', 'dist/src/main.js', 'dist/src/contract/version.js', 'reports/templates/report.hbs', 'reports/templates/batch-index.hbs', 'docs/RULES.md', 'README.md', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} is missing from the tarball`);
    }
    assert.deepEqual(files.filter((f) => /\.ts$/.test(f)), [], 'TypeScript sources in the tarball');
    assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test/')), []);
  });
});

for (const which of ['node 24 (pinned)', `node ${OLDEST_NODE}`] as const) {
  const nodeOf = (): string => which.startsWith('node 24') ? process.execPath : node22!;
  describe(`installed into an empty folder, run with ${which}`, () => {
    const skipUnlessNode = (t: { skip: (why: string) => void }): boolean => {
      if (which.startsWith('node 24') || node22) return false;
      t.skip(`no ${OLDEST_NODE} binary for ${process.platform}-${process.arch} from the npm registry`);
      return true;
    };

    it('--version and --help', async (t) => {
      if (skipUnlessNode(t)) return;
      const v = await run(nodeOf(), [bin, '--version'], { cwd: installed });
      assert.equal(v.code, 0, v.stderr);
      assert.equal(v.stdout, `${pkg.version}\n`);
      const h = await run(nodeOf(), [bin, '--help'], { cwd: installed });
      assert.equal(h.code, 0, h.stderr);
      assert.match(h.stdout, /agentready scan <url>/);
      const bad = await run(nodeOf(), [bin, 'scna'], { cwd: installed });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^agentready: unknown command "scna"/);
    });

    it('demo scans the built-in endpoints and writes every report; rescore re-judges the evidence', async (t) => {
      if (skipUnlessNode(t)) return;
      const out = path.join(installed, `demo-${which.split(' ')[1]}`);
      const demo = await run(nodeOf(), [bin, 'demo', '--no-browser', '--out', out, '--format', 'html,json,md,sarif,junit'], { cwd: installed });
      assert.equal(demo.code, 0, demo.stderr);
      for (const name of ['well-behaved', 'flawed']) {
        const files = readdirSync(path.join(out, name)).sort();
        assert.deepEqual(files, ['evidence.json', 'report.html', 'report.junit.xml', 'report.md', 'report.sarif', 'result.json']);
        const html = readFileSync(path.join(out, name, 'report.html'), 'utf8');
        assert.match(html, /<html/);
        const result = JSON.parse(readFileSync(path.join(out, name, 'result.json'), 'utf8')) as { scanner: { version: string }; scores: { overall: number | null } };
        assert.equal(result.scanner.version, pkg.version);
        assert.equal(typeof result.scores.overall, 'number');
      }
      const re = await run(nodeOf(), [bin, 'rescore', path.join(out, 'flawed', 'evidence.json'), '--out', path.join(out, 'rescored'), '--format', 'json'], { cwd: installed });
      assert.equal(re.code, 0, re.stderr);
      const before = JSON.parse(readFileSync(path.join(out, 'flawed', 'result.json'), 'utf8')) as { scores: { overall: number } };
      const again = JSON.parse(readFileSync(path.join(out, 'rescored', 'result.json'), 'utf8')) as { scores: { overall: number } };
      assert.deepEqual(again.scores, before.scores);
    });

    it('serve starts, answers, and stops on SIGTERM', async (t) => {
      if (skipUnlessNode(t)) return;
      const child: ChildProcess = spawn(nodeOf(), [bin, 'serve', '--port', '0', '--data', path.join(installed, `data-${which.split(' ')[1]}`)], { cwd: installed, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c: Buffer) => { stdout += c; });
      child.stderr!.on('data', (c: Buffer) => { stderr += c; });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const listening = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`serve did not start in 30 s:\n${stdout}\n${stderr}`)), 30_000);
          const look = (): void => {
            const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout + stderr);
            if (m) { clearTimeout(timer); resolve(m[1]!); }
          };
          child.stdout!.on('data', look);
          child.stderr!.on('data', look);
          child.on('exit', () => { clearTimeout(timer); reject(new Error(`serve exited at start:\n${stdout}\n${stderr}`)); });
        });
        const health = await fetch(`${listening}/api/health`);
        assert.equal(health.status, 200);
        assert.equal(((await health.json()) as { version: string }).version, pkg.version);
        const page = await fetch(`${listening}/`);
        assert.equal(page.status, 200);
        assert.match(await page.text(), /<form/);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, stderr);
    });
  });
}

describe('a checkout with a dist/ left behind', () => {
  it('still runs its sources, never the compiled copy', async () => {
    // npm pack above built dist/ inside the copied checkout; make that copy visibly stale
    const stale = path.join(source, 'dist', 'src', 'main.js');
    assert.ok(existsSync(stale), 'npm pack should have built dist/ in the checkout copy');
    writeFileSync(stale, 'export async function main() { process.stdout.write("stale dist\\n"); return 0; }\n');
    const v = await run(process.execPath, [path.join(source, 'bin', 'agentready.js'), '--version'], { cwd: source });
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout, `${pkg.version}\n`);
  });
});
