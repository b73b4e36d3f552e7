#!/usr/bin/env node
// Published packages run the compiled dist/; a checkout runs the TypeScript sources
// directly through Node's type stripping (Node >= 22.18, or 22.12+ with --experimental-strip-types).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const { main } = await import(existsSync(compiled) ? compiled.href : new URL('../src/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
