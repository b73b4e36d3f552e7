// Writes reports/templates/precompiled.json: the HTML report's templates compiled ahead of time
// (see reports/precompiled.ts). `npm run templates:precompile` after editing a template; the
// suite fails when the file is stale (until then the report compiles the edited template itself).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPORT_TEMPLATES, templateDir } from '../reports/html.ts';
import { Handlebars, PRECOMPILED_FILE, precompileSource, sourceHash, type PrecompiledFile } from '../reports/precompiled.ts';

export function renderPrecompiled(): string {
  const file: PrecompiledFile = { handlebars: Handlebars.VERSION, templates: {} };
  for (const name of REPORT_TEMPLATES) {
    const source = readFileSync(new URL(`${name}.hbs`, templateDir()), 'utf8');
    file.templates[name] = { sha256: sourceHash(source), spec: precompileSource(source) };
  }
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = new URL(PRECOMPILED_FILE, templateDir());
  writeFileSync(target, renderPrecompiled());
  console.log(`wrote ${fileURLToPath(target)}`);
}
