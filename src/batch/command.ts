// agentready batch <file|->: scan a list of endpoints → one report folder per endpoint,
// results.jsonl (appended as scans finish; --resume continues from it), and manifest.json,
// index.html, summary.md rebuilt from it at the end. Assertions decide the exit code.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { SarifOptions } from '../../reports/sarif.ts';
import { EXIT, UsageError } from '../contract/errors.ts';
import { SCAN_FLAGS, SCAN_LIMIT_FLAGS_HELP, scanOptionsFrom, seconds, type ScanFlagValues } from '../contract/flags.ts';
import { formatsFrom } from '../../reports/output.ts';
import { plain } from '../../reports/text.ts';
import { readUrlList, type ListEntry } from '../contract/urlList.ts';
import { inShard, parseShard } from './shard.ts';
import { loadAssertionConfig } from './config.ts';
import { evaluateAssertions, hasAssertions } from './assertions.ts';
import { runBatchJob } from './runner.ts';
import { buildManifest, writeBatchOutputs } from './manifest.ts';
import { createProgress } from './progress.ts';
import { assertionLines, displayPath, renderBatchText } from './terminal.ts';
import { createBrowserProvider } from '../engine/index.ts';

export const BATCH_HELP = `Usage: agentready batch <file|-> [options]

Scans every URL in a list (one per line; # comments and blank lines ignored; "-" reads
stdin) and writes, under --out: a report folder per endpoint, results.jsonl (one line per
finished endpoint, appended as it finishes), manifest.json, index.html and summary.md.

Batch options:
  -o, --out DIR               output directory (default ./agentready-reports)
      --concurrency N         scans at once (default 8)
      --per-host N            scans at once against one host:port (default 2; 0 = no limit)
      --batch-deadline S      URLs not started after S seconds are recorded as skipped
      --resume                keep results.jsonl and scan only the URLs it lacks
      --shard i/n             scan only shard i of n (split by a hash of each URL);
                              join the outputs with agentready merge
      --strict                an invalid line in the list is fatal (exit 2)
      --config FILE           assertions (default: ./agentready.config.json if present)
      --no-config             ignore ./agentready.config.json
      --fail-under N          every endpoint's overall score must be at least N
      --json                  print manifest.json to stdout (nothing else on stdout)
  -q, --quiet                 no progress on stderr
  -h, --help                  this help

Scan options (applied to every endpoint):
  -H, --header "Name: value"  add a header to every request (repeatable) — sent to
                              every host in the list
      --call-tool NAME[=JSON] call this tool on every endpoint (must be safe to call)
      --quick                 skip the long observation windows (keep-alive, buffering)
      --format LIST           html,json,md,sarif,junit per endpoint (default html,json,md)
      --deadline S            each scan ends within S seconds (default 90, quick 30)
${SCAN_LIMIT_FLAGS_HELP}

Config file (agentready.config.json):
  { "minScore": 60, "minScores": { "D7": 50 },
    "rules": { "<rule-id>": "off" | "warn" | "error" },   failing rules default to warn
    "overrides": [ { "match": "<glob or /regex/>", "minScore": 40, "rules": { … } } ],
    "baseline": "baseline.json" }                          { "<url>": ["rule-id", …] }

Exit codes: 0 done (assertions passed), 1 an assertion failed, 2 bad usage, list or
config, 4 scanner error, 130 interrupted (run again with --resume).`;

export const BATCH_FLAGS = {
  ...SCAN_FLAGS,
  concurrency: { type: 'string' },
  'per-host': { type: 'string' },
  'batch-deadline': { type: 'string' },
  resume: { type: 'boolean' },
  shard: { type: 'string' },
  strict: { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'fail-under': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

type BatchValues = ScanFlagValues & {
  concurrency?: string; 'per-host'?: string; 'batch-deadline'?: string; resume?: boolean; shard?: string; strict?: boolean;
  config?: string; 'no-config'?: boolean; 'fail-under'?: string; json?: boolean; quiet?: boolean; help?: boolean;
};

/** 128 + SIGINT, what shells report for a job stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

type IO = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean };

export function intFlag(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} "${raw}" must be a whole number between ${min} and ${max}`);
  return n;
}

export function failUnderFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--fail-under "${raw}" must be a score between 0 and 100`);
  return n;
}

/**
 * SARIF results need a repository file to point at (code scanning hides the rest): the
 * list file and the line that names the URL, when the list is a file inside the working
 * directory (the checkout, in CI). Stdin or a file elsewhere keeps the default.
 */
function sarifLocationFor(listArg: string, entries: readonly ListEntry[]): ((url: string) => SarifOptions | undefined) | undefined {
  if (listArg === '-') return undefined;
  const rel = path.relative(process.cwd(), path.resolve(listArg));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const lineOf = new Map(entries.map((e) => [e.url, e.line]));
  const artifactUri = rel.split(path.sep).join('/');
  return (url) => ({ artifactUri, startLine: lineOf.get(url) ?? 1 });
}

export async function runBatch(argv: string[], io: IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: BATCH_FLAGS });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values as BatchValues;
  if (v.help) { io.stdout.write(BATCH_HELP + '\n'); return EXIT.ok; }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(parsed.positionals.length ? `batch takes one list file (or - for stdin), got ${parsed.positionals.length}` : 'batch needs a list of URLs: agentready batch urls.txt (or - for stdin)');
  }
  // Everything that can be wrong with the input is checked before the first scan.
  const { options, limits } = scanOptionsFrom(v);
  const formats = formatsFrom(v.format);
  const out = v.out ?? 'agentready-reports';
  const concurrency = intFlag('concurrency', v.concurrency, 8, 1, 1000);
  const perHost = intFlag('per-host', v['per-host'], 2, 0, 1000);
  const batchDeadlineMs = v['batch-deadline'] !== undefined ? seconds('batch-deadline', v['batch-deadline'], 0, 1, 7 * 24 * 3600) : undefined;
  const shard = v.shard !== undefined ? parseShard(v.shard) : undefined;
  const failUnder = failUnderFlag(v['fail-under']);
  if (v.config !== undefined && v['no-config']) throw new UsageError('--config and --no-config exclude each other');
  const config = await loadAssertionConfig({ configFile: v.config, noConfig: v['no-config'] });

  const list = await readUrlList(parsed.positionals[0]!);
  const warn = (line: string) => { if (!v.quiet) io.stderr.write(`${line}\n`); };
  for (const p of list.invalid) io.stderr.write(`agentready: ${plain(p.message, 400)}\n`);
  if (list.invalid.length && v.strict) {
    throw new UsageError(`${list.source}: ${list.invalid.length} invalid line${list.invalid.length === 1 ? '' : 's'} (--strict)`);
  }
  if (list.invalid.length) warn(`agentready: skipping ${list.invalid.length} invalid line${list.invalid.length === 1 ? '' : 's'} (use --strict to stop instead)`);
  for (const d of list.duplicates) warn(`agentready: ${list.source}:${d.line}: duplicate of line ${d.firstLine} (${plain(d.url, 200)}), scanned once`);
  if (!list.entries.length) throw new UsageError(`${list.source}: no URLs to scan`);
  const urls = list.entries.map((e) => e.url).filter((u) => inShard(u, shard));
  const sarifLocation = sarifLocationFor(parsed.positionals[0]!, list.entries);
  const headerNames = Object.keys(options.headers);
  if (headerNames.length) {
    const hosts = new Set(urls.map((u) => new URL(u).host));
    if (hosts.size > 1) warn(`agentready: note: --header ${headerNames.join(', ')} is sent to all ${hosts.size} hosts in the list`);
  }

  const stderrTTY = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const progress = createProgress({ stderr: io.stderr, mode: v.quiet ? 'quiet' : stderrTTY ? 'bar' : 'lines', total: urls.length });
  if (shard) warn(`agentready: shard ${shard.index}/${shard.count}: ${urls.length} of ${list.entries.length} URLs`);

  // Ctrl-C: stop starting scans, let running ones finish, write the overview; twice: quit now.
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
    stop.abort();
    progress.stop();
    io.stderr.write('\nagentready: interrupted — finishing the running scans (Ctrl-C again to quit now; --resume continues later)\n');
  };
  process.on('SIGINT', onSigint);
  // one Chromium for the whole batch, launched only if a scan needs it
  const browser = v['no-browser'] ? undefined : createBrowserProvider();
  let run;
  try {
    run = await runBatchJob({
      urls, out, scanOptions: options, limits, formats, sarifLocation, concurrency, perHost, batchDeadlineMs,
      resume: v.resume === true, signal: stop.signal, onEvent: (e) => progress.onEvent(e), browser,
    });
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    await browser?.close();
  }
  if (run.reportWorkerFailure) warn(`agentready: ${run.reportWorkerFailure}; later reports were written on the main thread (endpoints it held are skipped: run again with --resume)`);
  if (run.foreign) warn(`agentready: ${run.foreign} result${run.foreign === 1 ? '' : 's'} in results.jsonl for URLs not in this list (left out of the manifest)`);

  const assertions = hasAssertions(config, failUnder) ? evaluateAssertions(run.entries, config, failUnder) : null;
  const manifest = buildManifest(run.entries, {
    list: { source: list.source, urls: list.entries.length, invalid: list.invalid.length, duplicates: list.duplicates.length },
    shard: shard ?? null,
    options: {
      quick: options.quick, deadlineMs: options.deadlineMs, streamWindowMs: options.streamWindowMs, keepAliveMaxMs: options.keepAliveMaxMs,
      headers: headerNames, ...(options.callTool ? { callTool: options.callTool.name } : {}), formats,
      concurrency, perHost, ...(batchDeadlineMs !== undefined ? { batchDeadlineMs } : {}),
    },
    assertions,
  });
  const files = await writeBatchOutputs(out, manifest);

  if (v.json) {
    io.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
    if (assertions && !assertions.ok) io.stderr.write(assertionLines(assertions).join('\n') + '\n');
  } else {
    const rate = run.elapsedMs > 0 ? (run.ranNow / (run.elapsedMs / 1000)).toFixed(1) : '0';
    const headline = `agentready batch — ${urls.length} endpoint${urls.length === 1 ? '' : 's'}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${run.ranNow} finished in ${(run.elapsedMs / 1000).toFixed(1)} s (${rate}/s)${run.resumed ? `, ${run.resumed} from an earlier run` : ''}`;
    io.stdout.write(renderBatchText(manifest, { color: io.isTTY && !process.env.NO_COLOR, headline, files: [files.index, files.summary, files.manifest].map(displayPath) }) + '\n');
  }
  if (run.interrupted) return EXIT_INTERRUPTED;
  return assertions && !assertions.ok ? EXIT.assertion : EXIT.ok;
}
