// Shared by the three browser rules (rules/D7/browser-*.ts): reading the `browser` artifact
// safely, and describing steps in report sentences. Pure; never throws on odd evidence.
import type { Evidence } from '../../src/contract/evidence.ts';
import type { BrowserArtifact, BrowserStep, BrowserStepName } from '../../src/contract/browserArtifact.ts';
import { browserArtifactProblem } from '../../src/contract/browserShape.ts';

export type BrowserEvidence =
  | { kind: 'missing' }
  | { kind: 'invalid'; error: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'ok'; art: BrowserArtifact };

/** The browser artifact, validated (an invalid one is treated as not observed). */
export function browserEvidence(evidence: Evidence): BrowserEvidence {
  const raw = (evidence.probes as { browser?: unknown }).browser;
  if (raw === undefined) return { kind: 'missing' };
  const problem = browserArtifactProblem(raw);
  if (problem !== undefined) return { kind: 'invalid', error: problem };
  const art = raw as BrowserArtifact;
  // flow "none": there was nothing to connect to, so no browser was started (rules say so, plainly na)
  if (!art.available && art.flow !== 'none') return { kind: 'unavailable', reason: art.unavailableReason ?? 'no reason recorded' };
  return { kind: 'ok', art };
}

/** Outcomes every browser rule has for "no browser result to judge". */
export const NOT_OBSERVED_OUTCOMES = {
  notRun: {
    status: 'na', unobserved: true,
    summary: 'The real-browser check did not run (--no-browser, or no browser was given to the scan).',
  },
  unavailable: {
    status: 'na', unobserved: true,
    summary: 'No browser was available for the real-browser check.',
  },
  invalidEvidence: {
    status: 'na', unobserved: true,
    summary: 'The recorded browser evidence could not be read.',
  },
} as const;

export function notObserved(b: Exclude<BrowserEvidence, { kind: 'ok' }>): { outcome: 'notRun' | 'unavailable' | 'invalidEvidence'; detail: string } {
  if (b.kind === 'missing') return { outcome: 'notRun', detail: 'No browser evidence was recorded: the scan ran without a browser (--no-browser, or none was given).' };
  if (b.kind === 'invalid') return { outcome: 'invalidEvidence', detail: `The browser artifact does not match its schema (${b.error}).` };
  return { outcome: 'unavailable', detail: `No browser was available: ${b.reason}.` };
}

export function step(art: BrowserArtifact, name: BrowserStepName): BrowserStep | undefined {
  return art.steps.find((s) => s.name === name);
}

export function steps(art: BrowserArtifact, name: BrowserStepName): BrowserStep[] {
  return art.steps.filter((s) => s.name === name);
}

/** The browser's own words: the CORS console line if there is one, else the first error line. */
export function consoleQuote(s: BrowserStep): string | undefined {
  const lines = s.console;
  return lines.find((l) => /blocked by CORS policy|Mixed Content|Local Network|Private Network/i.test(l)) ??
    lines.find((l) => !/^Failed to load resource/.test(l)) ?? lines[0];
}

const one = (v: string, max = 300) => {
  const s = v.replace(/[\r\n\t]+/g, ' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** "POST initialize (2025-11-25): blocked (the CORS preflight failed: …); console: "Access to fetch …"" */
export function describeStep(s: BrowserStep): string {
  const parts: string[] = [];
  const status = s.status !== undefined ? `status ${s.status}` : s.networkStatus !== undefined ? `status ${s.networkStatus} on the wire, unreadable to script` : undefined;
  switch (s.outcome) {
    case 'reached': parts.push(`reached${status ? ` (${status})` : ''}`); break;
    case 'blocked': parts.push(`blocked${s.reason ? `: ${one(s.reason, 200)}` : ''}${status ? ` [${status}]` : ''}`); break;
    case 'refused': parts.push(`refused by the server${s.reason ? `: ${one(s.reason, 200)}` : ''}`); break;
    case 'timeout': parts.push(`no answer in time${s.reason ? ` (${one(s.reason, 160)})` : ''}`); break;
    case 'skipped': parts.push(`not attempted${s.reason ? ` (${one(s.reason, 160)})` : ''}`); break;
  }
  if (s.outcome !== 'reached' && s.outcome !== 'skipped') {
    const q = consoleQuote(s);
    if (q) parts.push(`console: "${one(q)}"`);
  }
  if (s.note) parts.push(one(s.note, 200));
  return `${one(s.label, 160)}: ${parts.join('; ')}`;
}

/** The step-by-step account: every step on its own sentence. */
export function describeSteps(list: BrowserStep[]): string {
  return list.map((s) => `${describeStep(s)}.`).join(' ');
}

/** Header name → how the header-probe result would be cited. */
/** Why the browser check stopped before its last step, as a sentence (empty when it did not). */
export function incompleteNote(art: BrowserArtifact): string {
  return art.incomplete ? ` The browser check stopped early: ${art.incomplete}.` : '';
}

export function originNote(art: BrowserArtifact): string {
  if (!art.pageOrigin) return '';
  if (art.headerProbeOrigin && art.headerProbeOrigin !== art.pageOrigin) {
    return ` The browser page's origin was ${art.pageOrigin}; the header probes sent ${art.headerProbeOrigin}.`;
  }
  return ` Chromium ${art.browserVersion ?? ''}, page origin ${art.pageOrigin}.`.replace('  ', ' ');
}

/** Blocked-from-script, as opposed to answered: what makes a step a browser problem. */
export function isBrowserBlock(s: BrowserStep | undefined): boolean {
  return s?.outcome === 'blocked' && s.blockedBy !== 'scanner-allowlist';
}
