// The HTML report's templates as Handlebars specs compiled ahead of time: a scan then loads only
// Handlebars' runtime, not its compiler (~35 fewer modules, ~55 ms less CPU at the end of every
// scan: bench/QUICK.md). The specs live in reports/templates/precompiled.json, written by
// `npm run templates:precompile` (the suite fails when it is stale). A template edited since is
// compiled here with the full compiler, so a report never renders from an outdated spec.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type FullHandlebars from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';

/** Handlebars' runtime (templates, partials, helpers, escaping: everything but the compiler); its own typings declare nothing */
export const Handlebars = HandlebarsRuntime as unknown as typeof FullHandlebars;

/** how every report template is compiled (the only helper is `inlineMd`; nothing else may be called) */
export const PRECOMPILE_OPTIONS = { knownHelpers: { inlineMd: true }, knownHelpersOnly: true } as const;

export interface PrecompiledFile {
  /** the Handlebars version whose compiler wrote the specs */
  handlebars: string;
  /** template name → the sha256 of its source and the spec the compiler made of it (JavaScript text) */
  templates: Record<string, { sha256: string; spec: string }>;
}

export const PRECOMPILED_FILE = 'precompiled.json';

export const sourceHash = (source: string): string => createHash('sha256').update(source).digest('hex');

/** The compiler's spec for one template's source, as JavaScript text. */
export function precompileSource(source: string): string {
  // the full Handlebars (its compiler), loaded only when a spec has to be made
  const full = createRequire(import.meta.url)('handlebars') as typeof FullHandlebars;
  return full.precompile(source, PRECOMPILE_OPTIONS) as string;
}

/**
 * Reads the precompiled specs of `dir` (may be missing or unreadable: every template is then
 * compiled from its source).
 */
export function readPrecompiled(dir: URL): PrecompiledFile | undefined {
  try {
    const file = JSON.parse(readFileSync(new URL(PRECOMPILED_FILE, dir), 'utf8')) as PrecompiledFile;
    return file.handlebars === Handlebars.VERSION && typeof file.templates === 'object' ? file : undefined;
  } catch {
    return undefined;
  }
}

/** A template ready for `hb.template`: its precompiled spec when it matches the source, else compiled now. */
export function templateSpec(precompiled: PrecompiledFile | undefined, name: string, source: string): TemplateSpecification {
  const entry = precompiled?.templates[name];
  const text = entry && entry.sha256 === sourceHash(source) ? entry.spec : precompileSource(source);
  // our own compiler output (for a template we ship), evaluated as Handlebars' own `compile` does
  return new Function(`return ${text};`)() as TemplateSpecification;
}
