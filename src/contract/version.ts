// The scanner's identity, stamped on every Evidence and Result.
import { readFileSync } from 'node:fs';
import { packageFile } from './packageRoot.ts';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
export const SCANNER = { name: pkg.name, version: pkg.version };
