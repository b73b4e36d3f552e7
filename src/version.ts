// The scanner's identity, stamped on every Evidence and Result.
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };
export const SCANNER = { name: pkg.name, version: pkg.version };
