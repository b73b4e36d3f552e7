// SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer): every rule of the
// scan as a reporting descriptor, one result per failed or warned rule.
//
// Where a finding "is": SARIF results need a physical location, and GitHub code scanning
// rejects or hides results whose location is not a file in the repository — the scanned
// URL is not one. So each result points at the repository file that made us scan that
// URL (the endpoint list or config given to `batch`, passed as `artifactUri`), defaulting
// to `agentready.config.json`, line 1. The URL itself goes where SARIF has room for it:
// a logical location (kind "resource"), `properties.target`, and the partial fingerprints,
// so the same finding on the same endpoint is tracked as one alert across runs, and the
// same rule on two endpoints as two.
import { createHash } from 'node:crypto';
import type { Result, RuleResult } from '../src/contract/result.ts';
import { DIMENSION_NAMES } from './present.ts';
import { oneLine, safeHref } from './text.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/agentready/agentready';
export const DEFAULT_ARTIFACT_URI = 'agentready.config.json';

export interface SarifOptions {
  /** repository-relative path of the config/list file that named this endpoint */
  artifactUri?: string;
  /** 1-based line of that file that names the endpoint (default 1) */
  startLine?: number;
}

const LEVEL_DEFAULT: Record<RuleResult['level'], 'error' | 'warning' | 'note'> = { MUST: 'error', SHOULD: 'warning', MAY: 'note', INFO: 'note' };

/** `sse-keepalive` → `SseKeepalive`: SARIF names are meant to read like identifiers. */
function pascalName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Rule';
}

/** Repository-relative, forward slashes, each segment percent-encoded (uri-reference). */
function artifactUri(path: string | undefined): string {
  const p = (path ?? DEFAULT_ARTIFACT_URI).replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  return p.split('/').map((seg) => encodeURIComponent(seg)).join('/') || DEFAULT_ARTIFACT_URI;
}

/** Spec links as a list; only http(s) targets become Markdown links. */
function specList(r: RuleResult, markdown: boolean): string {
  return r.specRefs.map((s) => {
    const label = oneLine(s.label);
    if (!markdown) return `- ${label}: ${oneLine(s.url)}`;
    const safeLabel = label.replace(/([\\[\]<>&`*_])/g, '\\$1');
    return /^https?:\/\/[^\s()<>]+$/.test(s.url) ? `- [${safeLabel}](${s.url})` : `- ${safeLabel} (${oneLine(s.url).replace(/([\\[\]<>&`*_()])/g, '\\$1')})`;
  }).join('\n');
}

function descriptor(r: RuleResult) {
  const help = [r.fix ? `Fix: ${r.fix}` : undefined, r.description, r.specRefs.length ? `Specification:\n${specList(r, false)}` : undefined]
    .filter(Boolean).join('\n\n');
  const helpMd = [r.fix ? `**Fix:** ${r.fix}` : undefined, r.description, r.specRefs.length ? `**Specification**\n\n${specList(r, true)}` : undefined]
    .filter(Boolean).join('\n\n');
  // format "uri": normalised through URL, which also percent-encodes stray quotes and spaces
  const helpUri = r.specRefs.map((s) => safeHref(s.url)).find((u) => u !== undefined);
  return {
    id: r.id,
    name: pascalName(r.id),
    shortDescription: { text: oneLine(r.title) },
    fullDescription: { text: oneLine(r.description) || oneLine(r.title) },
    help: { text: help || oneLine(r.title), markdown: helpMd || oneLine(r.title) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL_DEFAULT[r.level] },
    properties: {
      dimension: r.dimension,
      level: r.level,
      // GitHub files alerts tagged "security" under security; tags must be unique (SARIF uniqueItems)
      tags: [...new Set(['mcp', 'agentready', r.dimension, DIMENSION_NAMES[r.dimension].toLowerCase().replace(/\s+/g, '-'), ...(r.dimension === 'D7' ? ['security'] : [])])],
    },
  };
}

const fingerprint = (ruleId: string, url: string) => createHash('sha256').update(`${ruleId}\n${url}`).digest('hex');

export function renderSarif(result: Result, options: SarifOptions = {}): object {
  // One descriptor per rule id (first occurrence wins), in report order.
  const indexOf = new Map<string, number>();
  const rules: ReturnType<typeof descriptor>[] = [];
  for (const r of result.rules) {
    if (indexOf.has(r.id)) continue;
    indexOf.set(r.id, rules.length);
    rules.push(descriptor(r));
  }
  const uri = artifactUri(options.artifactUri);
  const startLine = Number.isInteger(options.startLine) && options.startLine! >= 1 ? options.startLine! : 1;
  const results = result.rules
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .map((r) => ({
      ruleId: r.id,
      ruleIndex: indexOf.get(r.id) as number,
      kind: 'fail' as const,
      level: r.status === 'fail' ? ('error' as const) : ('warning' as const),
      message: { text: [`${oneLine(r.title)} (${oneLine(result.url)})`, oneLine(r.detail), r.fix ? `Fix: ${oneLine(r.fix)}` : ''].filter(Boolean).join(' — ') },
      locations: [{
        physicalLocation: { artifactLocation: { uri }, region: { startLine } },
        logicalLocations: [{ fullyQualifiedName: result.url, kind: 'resource' }],
      }],
      partialFingerprints: {
        // GitHub keeps alerts stable by this key; computing it from the config file's line
        // would merge all endpoints of one file into the same alert.
        primaryLocationLineHash: `${fingerprint(r.id, result.url).slice(0, 16)}:1`,
        'agentreadyTarget/v1': `${r.id}@${result.url}`,
      },
      properties: {
        target: result.url,
        dimension: r.dimension,
        level: r.level,
        outcome: r.outcome,
        ...(r.cap !== undefined ? { cap: r.cap } : {}),
        ...(r.capOverall !== undefined ? { capOverall: r.capOverall } : {}),
        ...(r.exchanges.length ? { exchanges: r.exchanges } : {}),
      },
    }));
  const scannerErrors = result.rules.filter((r) => r.status === 'error');
  const notifications = [
    ...scannerErrors.map((r) => ({ level: 'error' as const, message: { text: `Rule ${r.id} could not judge the evidence: ${oneLine(r.detail)}` }, associatedRule: { id: r.id, index: indexOf.get(r.id) as number } })),
    ...result.incidents.map((i) => ({ level: 'warning' as const, message: { text: `Probe ${oneLine(i.probe)}: ${oneLine(i.message)}` } })),
  ];
  const started = Date.parse(result.startedAt);
  const times = Number.isFinite(started)
    ? { startTimeUtc: new Date(started).toISOString(), endTimeUtc: new Date(started + result.durationMs).toISOString() }
    : {};
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'agentready',
          fullName: `${result.scanner.name} ${result.scanner.version}`,
          version: result.scanner.version,
          informationUri: INFORMATION_URI,
          rules,
        },
      },
      // GitHub: one category per endpoint, so uploading the SARIF of several endpoints
      // does not make the later upload close the earlier one's alerts.
      automationDetails: { id: `agentready/${fingerprint('endpoint', result.url).slice(0, 12)}/` },
      invocations: [{ executionSuccessful: scannerErrors.length === 0, ...times, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      results,
      properties: {
        target: result.url,
        tier: result.tier,
        scores: result.scores,
        coverage: result.coverage,
        scoringVersion: result.scoringVersion,
        reachable: result.reachable,
      },
    }],
  };
}
