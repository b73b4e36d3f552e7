// The package as users get it: a copy of this checkout's files (what a clean clone has, with
// the working tree's edits), packed with `npm pack`, then installed into an empty folder with
// production dependencies only. Shared by the packed-package test and bench/quick.bench.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Installed {
  /** the copied checkout (npm pack built its dist/ there) */
  source: string;
  tarball: string;
  /** the empty project the tarball was installed into */
  project: string;
  /** node_modules/.bin/agentready of that project */
  bin: string;
}

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} in ${cwd} failed:\n${(r.stderr ?? '').slice(-2000)}`);
  return r.stdout;
}

/** Packs a copy of the checkout into `work` and installs the tarball into `work/user`. */
export function packAndInstall(work: string): Installed {
  const source = path.join(work, 'checkout');
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  if (ls.status !== 0) throw new Error(`git ls-files failed: ${ls.stderr}`);
  for (const rel of ls.stdout.split('\0').filter(Boolean)) {
    const from = path.join(REPO, rel);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted in the working tree, or a link
    mkdirSync(path.dirname(path.join(source, rel)), { recursive: true });
    cpSync(from, path.join(source, rel));
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'), 'dir');

  const tarball = path.join(work, npm(['pack', '--pack-destination', work], source).trim().split('\n').pop()!);
  if (!existsSync(tarball)) throw new Error(`npm pack made no ${tarball}`);
  const project = path.join(work, 'user');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), '{"name":"someone-elses-project","private":true}\n');
  npm(['install', '--omit=dev', '--prefer-offline', tarball], project);
  return { source, tarball, project, bin: path.join(project, 'node_modules', '.bin', 'agentready') };
}
