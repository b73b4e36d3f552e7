// Every report format behind one door: parse `--format html,md`, write the files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '../src/contract/evidence.ts';
import type { Result } from '../src/contract/result.ts';
import { renderHtml, warmHtml } from './html.ts';
import { renderEvidenceJson, renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif, type SarifOptions } from './sarif.ts';
import { EVIDENCE_FILE_NAME, FILE_NAMES, type Format } from './formats.ts';

export { renderHtml, renderJson, renderEvidenceJson, renderJunit, renderMarkdown, renderSarif };

export { FORMATS, FILE_NAMES, EVIDENCE_FILE_NAME, MEDIA_TYPES, parseFormats, type Format } from './formats.ts';

/** `format` is 'evidence' for the evidence.json written alongside result.json. */
export interface WrittenReport { format: Format | 'evidence'; path: string; bytes: number }

export interface WriteOptions {
  /** for SARIF: the repository file that named this endpoint (see reports/sarif.ts) */
  sarif?: SarifOptions;
}

/** Does the one-time work of rendering these formats (compiling the HTML templates) now. */
export function warmReports(formats: readonly Format[]): void {
  if (formats.includes('html')) warmHtml();
}

/** One report, as text: every format goes through here (the CLI, the batch worker, the web form). */
export function renderFormat(format: Format, result: Result, evidence: Evidence | undefined, options: WriteOptions = {}): string {
  switch (format) {
    case 'html': return renderHtml(result, evidence);
    case 'json': return renderJson(result);
    case 'md': return renderMarkdown(result);
    case 'sarif': return `${JSON.stringify(renderSarif(result, options.sarif), null, 2)}\n`;
    case 'junit': return renderJunit(result);
  }
}

/** Each file of a report folder in write order; `render` is called when its turn comes, so no text outlives its write. */
export function* reportFiles(
  result: Result, evidence: Evidence | undefined, formats: readonly Format[], options: WriteOptions, json?: JsonTexts,
): Generator<{ format: WrittenReport['format']; name: string; render: () => string }> {
  for (const format of formats) {
    yield { format, name: FILE_NAMES[format], render: () => (format === 'json' && json ? json.result : renderFormat(format, result, evidence, options)) };
    if (format === 'json' && evidence) yield { format: 'evidence', name: EVIDENCE_FILE_NAME, render: () => json?.evidence ?? renderEvidenceJson(evidence) };
  }
}

/** result.json and evidence.json as renderJson and renderEvidenceJson make them (validated, indented). */
export interface JsonTexts { result: string; evidence?: string }

/**
 * Writes the chosen formats into `dir` (created if needed). With `json`, the Evidence is
 * saved too (`evidence.json`), so the scan can be re-judged offline.
 */
export async function writeReports(
  result: Result, evidence: Evidence | undefined, dir: string, formats: readonly Format[], options: WriteOptions = {},
): Promise<WrittenReport[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenReport[] = [];
  // Encode before the write, and keep no string across it: a report of a few hundred KB is a
  // V8 large object, and one that survives the (slow, when hundreds of scans write at once)
  // write is promoted and stays until a full GC. A batch of 250 scans then piled up ~190 MB.
  for (const { format, name, render: text } of reportFiles(result, evidence, formats, options)) {
    const bytes = Buffer.from(text(), 'utf8');
    const path = join(dir, name);
    await writeFile(path, bytes);
    written.push({ format, path, bytes: bytes.length });
  }
  return written;
}

/**
 * writeReports, synchronously: the same files in the same order, for a thread that does
 * nothing else (the batch's report worker). writeFileSync writes a string straight from V8,
 * with no Buffer in between.
 */
export function writeReportsSync(
  result: Result, evidence: Evidence | undefined, dir: string, formats: readonly Format[], options: WriteOptions = {}, json?: JsonTexts,
): WrittenReport[] {
  mkdirSync(dir, { recursive: true });
  const written: WrittenReport[] = [];
  for (const { format, name, render: text } of reportFiles(result, evidence, formats, options, json)) {
    const path = join(dir, name);
    const content = text();
    writeFileSync(path, content);
    written.push({ format, path, bytes: Buffer.byteLength(content, 'utf8') });
  }
  return written;
}
