// Where the package's own files are at run time. This module sits two levels below the
// package root in a checkout (src/contract/) and three once compiled (dist/src/contract/),
// so it finds the root the same way from both: the nearer of the two that holds our
// package.json.
import { existsSync, readFileSync } from 'node:fs';

const CANDIDATES = ['../../', '../../../'].map((up) => new URL(up, import.meta.url));

function isOurRoot(dir: URL): boolean {
  const manifest = new URL('package.json', dir);
  if (!existsSync(manifest)) return false;
  try { return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'agentready'; } catch { return false; }
}

/** The package root (a checkout's top folder, or node_modules/agentready/ once installed). */
export const PACKAGE_ROOT: URL = CANDIDATES.find(isOurRoot) ?? CANDIDATES[0];

/** A file shipped with the package, by its path from the package root (e.g. `reports/templates/report.hbs`). */
export function packageFile(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
