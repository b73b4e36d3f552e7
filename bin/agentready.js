#!/usr/bin/env node
// One rule decides what runs: a checkout (src/ beside this file) always runs its TypeScript
// sources through Node's type stripping, so a dist/ left behind by `npm pack` or
// `npm run build` can never be stale code run by mistake; the published package ships no
// src/, only the compiled dist/, and runs that.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import module from 'node:module';

const command = process.argv[2];

// Older Node fails further down with a stack trace about syntax or ".ts" files: say it in one line.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`agentready: needs Node.js 22.12 or newer; this is Node.js ${process.versions.node} (${process.execPath})\n`);
  process.exit(1);
}

// V8's code cache for every module we load (in the OS temp folder, as tsc does): start-up of a
// scan is about 40 % faster from the second run on. Node < 22.1 has no compile cache.
module.enableCompileCache?.();

if ((command === '--version' || command === '-v') && process.argv.length === 3) {
  // answered from package.json, without loading the CLI (a checkout would type-strip it first)
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (command === 'serve' && process.getBuiltinModule('node:sqlite') === undefined) {
  // `serve` stores scans with node:sqlite, which Node 22.12 still keeps behind a flag (22.13+
  // has it on by default): run the same command again in a child with the flag
  const child = spawn(process.execPath, ['--experimental-sqlite', '--no-warnings=ExperimentalWarning', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 128 : 1); });
} else if (existsSync(new URL('../src/main.ts', import.meta.url)) && !process.features.typescript) {
  // a checkout on Node 22.12–22.17: type stripping exists there but is off by default
  const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings=ExperimentalWarning', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 128 : 1); });
} else {
  const checkout = existsSync(new URL('../src/main.ts', import.meta.url));
  const entry = (name) => new URL(checkout ? `../src/${name}.ts` : `../dist/src/${name}.js`, import.meta.url).href;
  // batch restarts itself in place with start-up settings for many concurrent scans (src/batch/runtime.ts)
  if (command === 'batch') (await import(entry('batch/runtime'))).retuneForBatch();
  const { main } = await import(entry('main'));
  process.exitCode = await main(process.argv.slice(2));
}
