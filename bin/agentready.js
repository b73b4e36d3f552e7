#!/usr/bin/env node
// Published packages run the compiled dist/; a checkout runs the TypeScript sources
// directly through Node's type stripping (Node >= 22.18, or 22.12+ with --experimental-strip-types).
import { existsSync } from 'node:fs';

const compiled = existsSync(new URL('../dist/src/cli/main.js', import.meta.url));
const entry = (name) => new URL(compiled ? `../dist/src/cli/${name}.js` : `../src/cli/${name}.ts`, import.meta.url).href;
// batch restarts itself in place with start-up settings for many concurrent scans (src/cli/runtime.ts)
if (process.argv[2] === 'batch') (await import(entry('runtime'))).retuneForBatch();
const { main } = await import(entry('main'));
process.exitCode = await main(process.argv.slice(2));
