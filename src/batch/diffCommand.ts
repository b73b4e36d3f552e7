// agentready diff <old> <new>: what got better or worse, per endpoint and rule by rule.
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../contract/errors.ts';
import { diffSides, loadDiffSide, renderDiffMarkdown, renderDiffText } from './diff.ts';

export const DIFF_HELP = `Usage: agentready diff <old> <new> [options]

Compares two scans: status changes, score deltas per dimension, and every rule whose
outcome changed. Each side is a batch manifest.json, a batch output directory, a
results.jsonl, a scan's result.json, or a scan output directory.

Options:
      --json                 print the comparison as JSON
      --md                   print it as Markdown (for a PR comment or job summary)
      --all                  list unchanged endpoints too
      --fail-on-regression   exit 1 when any endpoint got worse
  -h, --help                 this help

Exit codes: 0 compared, 1 a regression with --fail-on-regression, 2 bad usage or input.`;

type IO = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean };

export async function runDiff(argv: string[], io: IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { json: { type: 'boolean' }, md: { type: 'boolean' }, all: { type: 'boolean' }, 'fail-on-regression': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) { io.stdout.write(DIFF_HELP + '\n'); return EXIT.ok; }
  if (parsed.positionals.length !== 2) throw new UsageError(`diff takes two inputs (old and new), got ${parsed.positionals.length}: agentready diff old/manifest.json new/manifest.json`);
  if (v.json && v.md) throw new UsageError('--json and --md exclude each other');
  const [a, b] = await Promise.all(parsed.positionals.map((p) => loadDiffSide(p)));
  const report = diffSides(a!, b!);
  if (v.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (v.md) io.stdout.write(renderDiffMarkdown(report, { all: v.all }));
  else io.stdout.write(renderDiffText(report, { color: io.isTTY && !process.env.NO_COLOR, all: v.all }) + '\n');
  return v['fail-on-regression'] && (report.summary.worse + report.summary.mixed) > 0 ? EXIT.assertion : EXIT.ok;
}
