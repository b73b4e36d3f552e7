// Annotations: `::error`/`::warning` workflow commands GitHub shows on the run (and, with
// file/line, on the file in a pull request). GitHub displays at most 10 errors and 10
// warnings per step and 50 per job, so the most important come first and at most
// MAX_ANNOTATIONS are printed; a notice says how many were left out.
import type { Manifest } from '../contract/manifest.ts';
import { oneLine, truncate } from '../../reports/text.ts';
import { workflowCommand } from './commands.ts';
import type { Finding } from './findings.ts';
import type { Locator } from './locate.ts';

export const MAX_ANNOTATIONS = 50;
const MESSAGE_MAX = 900;

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  line?: number;
  /** lower comes first */
  rank: number;
}

export function collectAnnotations(m: Manifest, findings: Map<string, Finding[]>, locate: Locator = () => undefined): Annotation[] {
  const out: Annotation[] = [];
  const push = (a: Omit<Annotation, 'file' | 'line'>, url?: string) => {
    const where = url ? locate(url) : undefined;
    out.push({ ...a, message: truncate(oneLine(a.message), MESSAGE_MAX), ...(where ? { file: where.file, line: where.line } : {}) });
  };
  // 0: score assertions that failed the job
  for (const f of m.assertions?.failures ?? []) {
    if (f.kind === 'score') push({ level: 'error', rank: 0, title: `agentready ${f.assertion}`, message: `${f.url}: ${f.message}` }, f.url);
  }
  for (const e of m.endpoints) {
    // 2: endpoints that could not be scanned (a warning: only an assertion fails the job)
    if (e.status !== 'scanned') {
      push({ level: 'warning', rank: 2, title: `agentready ${e.status}`, message: `${e.url}: ${e.status === 'unreachable' ? 'not reachable as MCP' : e.status === 'error' ? 'scanner error' : 'not scanned'}${e.reason ? ` — ${e.reason}` : ''}` }, e.url);
    }
    for (const f of findings.get(e.url) ?? []) {
      if (f.treatment === 'off' || f.treatment === 'accepted') continue; // silenced by the config or the baseline
      const title = f.rule ? oneLine(f.rule.title) : f.id;
      const fix = f.rule?.fix ? ` — ${oneLine(f.rule.fix)}` : '';
      // 1: rules at level error (they fail the job); 3: other failures; 4: warnings
      const rank = f.status === 'warn' ? 4 : f.treatment === 'error' ? 1 : 3;
      push({ level: f.status === 'fail' ? 'error' : 'warning', rank, title: `agentready ${f.id}`, message: `${e.url}: ${title}${fix}` }, e.url);
    }
  }
  return out.map((a, i) => ({ a, i })).sort((x, y) => x.a.rank - y.a.rank || x.i - y.i).map((x) => x.a);
}

export function renderAnnotations(list: Annotation[], opts: { max?: number; artifactName?: string } = {}): { text: string; shown: number; omitted: number } {
  const max = opts.max ?? MAX_ANNOTATIONS;
  const shown = list.slice(0, max);
  let text = shown.map((a) => workflowCommand(a.level, { title: a.title, file: a.file, line: a.line }, a.message)).join('');
  const omitted = list.length - shown.length;
  if (omitted > 0) {
    text += workflowCommand('notice', { title: 'agentready' },
      `${omitted} more finding${omitted === 1 ? ' was' : 's were'} not annotated (at most ${max} per run; GitHub shows 10 errors and 10 warnings per step). All of them are in the job summary${opts.artifactName ? ` and in the ${opts.artifactName} artifact` : ''}.`);
  }
  return { text, shown: shown.length, omitted };
}
