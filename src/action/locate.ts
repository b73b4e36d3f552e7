// Where in the repository an endpoint is named, so annotations and SARIF results point at
// a line a reviewer can open: the line of the URL in urls-file, else the line of the URL in
// the workflow file (the `urls` input), else the config file, else the workflow file.
// Only files inside the workspace count; paths are repository-relative with '/'.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseUrlList } from '../contract/urlList.ts';

export interface SourceLocation { file: string; line: number }
export type Locator = (url: string) => SourceLocation | undefined;

/** Repository-relative ('/'-separated) when `file` is inside `workspace`, else undefined. */
export function repoRelative(workspace: string | undefined, file: string): string | undefined {
  if (!workspace) return undefined;
  const rel = path.relative(path.resolve(workspace), path.resolve(file));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** `octo/repo/.github/workflows/ci.yml@refs/heads/main` → `.github/workflows/ci.yml`. */
export function workflowPath(workflowRef: string | undefined): string | undefined {
  if (!workflowRef) return undefined;
  const m = /^[^/]+\/[^/]+\/(.+?)@[^@]*$/.exec(workflowRef);
  return m ? m[1] : undefined;
}

function readText(file: string): string | undefined {
  try { return readFileSync(file, 'utf8'); } catch { return undefined; }
}

export interface LocatorInput {
  workspace?: string;
  /** absolute path of urls-file */
  urlsFile?: string;
  /** the `urls` input */
  urls?: string;
  /** absolute path of the config file */
  config?: string;
  /** GITHUB_WORKFLOW_REF */
  workflowRef?: string;
}

export function buildLocator(input: LocatorInput): Locator {
  const byUrl = new Map<string, SourceLocation>();
  const add = (url: string, loc: SourceLocation) => { if (!byUrl.has(url)) byUrl.set(url, loc); };

  const listRel = input.urlsFile ? repoRelative(input.workspace, input.urlsFile) : undefined;
  if (listRel && input.urlsFile) {
    const text = readText(input.urlsFile);
    if (text !== undefined) for (const e of parseUrlList(text, listRel).entries) add(e.url, { file: listRel, line: e.line });
  }

  const wfRel = workflowPath(input.workflowRef);
  const wfAbs = wfRel && input.workspace ? path.join(input.workspace, wfRel) : undefined;
  const wfKnown = wfAbs !== undefined && existsSync(wfAbs);
  if (wfKnown && input.urls?.trim()) {
    const wfLines = (readText(wfAbs!) ?? '').split(/\r\n|\n|\r/);
    const inline = input.urls.split(/\r\n|\n|\r/);
    for (const e of parseUrlList(input.urls, 'urls').entries) {
      const raw = inline[e.line - 1]!.replace(/(^|\s)#.*$/, '').trim();
      const i = wfLines.findIndex((l) => l.includes(raw));
      if (i >= 0) add(e.url, { file: wfRel!, line: i + 1 });
    }
  }

  const configRel = input.config && existsSync(input.config) ? repoRelative(input.workspace, input.config) : undefined;
  const fallback: SourceLocation | undefined = configRel ? { file: configRel, line: 1 } : wfKnown ? { file: wfRel!, line: 1 } : undefined;
  return (url) => byUrl.get(url) ?? fallback;
}
