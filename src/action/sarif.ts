// One SARIF file for the whole batch, for github/codeql-action/upload-sarif.
//
// Each endpoint's report.sarif is one run with its own category (automationDetails.id). Put
// side by side in one file they would hit code scanning's upload rules: at most 20 runs
// per upload, and since 2025 one run per category per upload. So the runs are merged into
// ONE run: one tool driver, the union of rule descriptors (rule indexes renumbered), every
// result — each already names its endpoint in a logical location, properties.target and its
// partial fingerprints, so alerts stay one per rule per endpoint — and one category
// (`agentready/` unless given), so the next upload of the same workflow replaces this one.
// Results point at the repository line that names the endpoint when the locator knows it.
import type { Locator } from './locate.ts';

type Json = Record<string, unknown>;

export const MERGED_SARIF_FILE = 'agentready.sarif';
export const DEFAULT_CATEGORY = 'agentready/';

/** Repository-relative, '/'-separated, each segment percent-encoded (a SARIF uri-reference). */
function uriOf(file: string): string {
  return file.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export function mergeSarif(logs: Json[], opts: { locate?: Locator; category?: string; scanner?: { name: string; version: string } } = {}): Json {
  const runs = logs.flatMap((log) => asArray(log.runs));
  const driverOf = (run: Json) => ((run.tool as Json | undefined)?.driver ?? {}) as Json;

  // rule id → descriptor; prefer one from a run where the rule has a result (its title is the finding's)
  const descriptors = new Map<string, { d: Json; withFinding: boolean }>();
  for (const run of runs) {
    const found = new Set(asArray(run.results).map((r) => String(r.ruleId)));
    for (const d of asArray(driverOf(run).rules)) {
      const id = String(d.id);
      const have = descriptors.get(id);
      if (!have || (!have.withFinding && found.has(id))) descriptors.set(id, { d, withFinding: found.has(id) });
    }
  }
  const rules = [...descriptors.values()].map((x) => x.d);
  const indexOf = new Map(rules.map((d, i) => [String(d.id), i]));

  const results: Json[] = [];
  const invocations: Json[] = [];
  const endpoints: Json[] = [];
  for (const run of runs) {
    const props = (run.properties ?? {}) as Json;
    const target = typeof props.target === 'string' ? props.target : undefined;
    const where = target ? opts.locate?.(target) : undefined;
    endpoints.push(props);
    for (const inv of asArray(run.invocations)) invocations.push({ ...inv, properties: { ...((inv.properties as Json | undefined) ?? {}), ...(target ? { target } : {}) } });
    for (const r of asArray(run.results)) {
      const ruleIndex = indexOf.get(String(r.ruleId));
      const out: Json = { ...r };
      if (ruleIndex === undefined) delete out.ruleIndex; else out.ruleIndex = ruleIndex;
      if (where) {
        out.locations = asArray(r.locations).map((loc, i) => (i === 0
          ? { ...loc, physicalLocation: { artifactLocation: { uri: uriOf(where.file) }, region: { startLine: where.line } } }
          : loc));
        if (!asArray(out.locations).length) out.locations = [{ physicalLocation: { artifactLocation: { uri: uriOf(where.file) }, region: { startLine: where.line } } }];
      }
      results.push(out);
    }
  }

  const first = runs[0] ? driverOf(runs[0]) : {};
  const driver: Json = {
    name: 'agentready',
    ...(opts.scanner ? { fullName: `${opts.scanner.name} ${opts.scanner.version}`, version: opts.scanner.version } : {}),
    ...first,
    rules,
  };
  return {
    $schema: (logs[0]?.$schema as string | undefined) ?? 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver },
      automationDetails: { id: opts.category ?? DEFAULT_CATEGORY },
      invocations: invocations.length ? invocations : [{ executionSuccessful: true }],
      results,
      properties: { endpoints },
    }],
  };
}
