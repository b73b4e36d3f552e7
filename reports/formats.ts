// The report formats by name, and their file names: what option parsing needs, without
// loading a single renderer (the CLI validates --format before a scan starts).

export const FORMATS = ['html', 'json', 'md', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export const FILE_NAMES: Record<Format, string> = {
  html: 'report.html',
  json: 'result.json',
  md: 'report.md',
  sarif: 'report.sarif',
  junit: 'report.junit.xml',
};
export const EVIDENCE_FILE_NAME = 'evidence.json';

/** The media type each format is served with (the web form's downloads). */
export const MEDIA_TYPES: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
};

const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

/** "html, md" → ['html', 'md']; "all" → every format. Throws on an unknown name. */
export function parseFormats(csv: string): Format[] {
  const names = csv.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new Error(`no report format given (expected some of: ${FORMATS.join(', ')})`);
  if (names.includes('all')) return [...FORMATS];
  const out: Format[] = [];
  for (const name of names) {
    if (!isFormat(name)) throw new Error(`unknown report format "${name}" (expected one of: ${FORMATS.join(', ')}, or all)`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
