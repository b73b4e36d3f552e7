// Writing a scan's files: the Evidence and the Result always (they make `rescore` possible),
// plus the report formats asked for.
import type { Evidence } from '../src/contract/evidence.ts';
import type { Result } from '../src/contract/result.ts';
import { UsageError } from '../src/contract/errors.ts';
import { FORMATS, parseFormats, type Format } from './formats.ts';
import type { WriteOptions, WrittenReport } from './index.ts';

export const DEFAULT_FORMATS: Format[] = ['html', 'json', 'md'];

/**
 * Loads the renderers and compiles the HTML templates without being awaited: a scan spends most
 * of its time waiting on the network, so this is done when it ends instead of after it.
 */
export const preloadReports = (formats: readonly Format[] = DEFAULT_FORMATS): Promise<unknown> =>
  import('./index.ts').then((m) => m.warmReports(formats)).catch(() => undefined);

export function formatsFrom(csv: string | undefined): Format[] {
  if (csv === undefined) return DEFAULT_FORMATS;
  try { return parseFormats(csv); } catch (err) { throw new UsageError(`--format: ${(err as Error).message} (choose from ${FORMATS.join(', ')})`); }
}

/** The formats asked for, plus `json` always: writeReports then saves the Evidence beside the Result. */
export const withJson = (formats: Format[]): Format[] => (formats.includes('json') ? formats : [...formats, 'json']);

export async function writeOutputs(
  result: Result, evidence: Evidence | undefined, dir: string, formats: Format[], options: WriteOptions = {},
): Promise<WrittenReport[]> {
  const { writeReports } = await import('./index.ts');
  return writeReports(result, evidence, dir, withJson(formats), options);
}
