// Writing a scan's files: the Evidence and the Result always (they make `rescore` possible),
// plus the report formats asked for.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Evidence } from '../evidence.ts';
import type { Result } from '../result.ts';
import { UsageError } from './errors.ts';
import { FORMATS, parseFormats, writeReports, type Format, type WriteOptions } from '../../reports/index.ts';

export const DEFAULT_FORMATS: Format[] = ['html', 'json', 'md'];

export function formatsFrom(csv: string | undefined): Format[] {
  if (csv === undefined) return DEFAULT_FORMATS;
  try { return parseFormats(csv); } catch (err) { throw new UsageError(`--format: ${(err as Error).message} (choose from ${FORMATS.join(', ')})`); }
}

export async function writeOutputs(
  result: Result, evidence: Evidence | undefined, dir: string, formats: Format[], options: WriteOptions = {},
): Promise<{ format: string; path: string; bytes: number }[]> {
  await mkdir(dir, { recursive: true });
  const written = await writeReports(result, evidence, dir, formats.includes('json') ? formats : [...formats, 'json'], options);
  if (evidence && !written.some((w) => w.path.endsWith('evidence.json'))) {
    const p = path.join(dir, 'evidence.json');
    const bytes = Buffer.from(JSON.stringify(evidence), 'utf8'); // no string kept across the write (see writeReports)
    await writeFile(p, bytes);
    written.push({ format: 'evidence', path: p, bytes: bytes.length });
  }
  return written;
}
