// agentready scan <url>: one endpoint → terminal summary (or --json) + reports on disk.
// The engine, the browser driver and the stdio transport are imported when the scan needs
// them, so usage errors and --help answer at once.
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../contract/errors.ts';
import { parseEnvAssignment, parseTargetUrl, SCAN_FLAGS, SCAN_LIMIT_FLAGS_HELP, scanOptionsFrom, STDIO_FLAGS, type ScanFlagValues, type StdioFlagValues } from '../contract/flags.ts';
import { statSync } from 'node:fs';
import { renderSummary } from './summary.ts';
import { writeOutputs, formatsFrom, preloadReports } from '../../reports/output.ts';

/** the browser check reopens its page between steps at once: this only ever fires after it */
const BROWSER_IDLE_CLOSE_MS = 500;

export const SCAN_HELP = `Usage: agentready scan <url> [options]
       agentready scan --stdio "<command>" [--cwd DIR] [--env KEY=VALUE]... [options]

Scans one remote MCP endpoint (http, https, ws, wss) or a local stdio server, and writes reports.

Options:
  -H, --header "Name: value"  add a header to every request (repeatable); auth
                              discovery still runs unauthenticated
      --call-tool NAME[=JSON] call this tool (must be safe to call) to judge progress
                              and streaming on POST streams; no tool is called otherwise
      --quick                 skip the long observation windows (keep-alive, buffering)
  -o, --out DIR               where reports go (default ./agentready-report)
      --format LIST           html,json,md,sarif,junit (default html,json,md)
      --json                  print the Result JSON to stdout (nothing else on stdout)
      --deadline S            the whole scan ends within S seconds (default 90, quick 30)
${SCAN_LIMIT_FLAGS_HELP}
      --stdio "COMMAND"       spawn a local stdio server (split like a shell would, but no
                              shell runs: no pipes, redirects, globs or $VARS) and scan it
      --cwd DIR               working directory of the --stdio command
      --env KEY=VALUE         environment for the --stdio command (repeatable); it gets
                              PATH, HOME, LANG and TMPDIR besides, not the rest of ours

Exit codes: 0 scanned, 2 bad usage or input, 3 target unreachable, 4 scanner error.
Extra trusted CAs: NODE_EXTRA_CA_CERTS=/path/ca.pem`;

export async function runScan(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...SCAN_FLAGS, ...STDIO_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values as ScanFlagValues & StdioFlagValues & { json?: boolean; help?: boolean };
  if (v.help) { io.stdout.write(SCAN_HELP + '\n'); return EXIT.ok; }
  if (v.stdio !== undefined) return runStdioScan(v, parsed.positionals, io);
  if (v.cwd !== undefined || v.env !== undefined) throw new UsageError('--cwd and --env go with --stdio "<command>"');
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? `scan takes one URL, got ${parsed.positionals.length} (use batch for a list)` : 'scan needs a URL: agentready scan https://host/mcp');
  const url = parseTargetUrl(parsed.positionals[0]!, 'URL', { allowWebSocket: true });
  const { options, limits } = scanOptionsFrom(v);
  const formats = formatsFrom(v.format);
  const out = v.out ?? 'agentready-report';

  const progress = io.isTTY && !v.json;
  const { scan, createBrowserProvider } = await import('../engine/index.ts');
  // launched only if the scan needs it, and closed once the browser check is done
  const browser = v['no-browser'] ? undefined : createBrowserProvider({ idleCloseMs: BROWSER_IDLE_CLOSE_MS });
  const { evidence, result } = await scan({
    url: url.href, options, limits, browser,
    onProgress: progress ? (e) => { if (e.phase === 'start') io.stderr.write(`\r\u001b[2K  probing: ${e.probe}`); } : undefined,
    // the renderers load and the HTML templates compile while the scan only waits
    onIdle: () => { void preloadReports(formats); },
  }).catch(async (err: unknown) => { await browser?.close(); throw err; });
  // Chromium exits while the reports are written
  const closed = browser?.close();
  if (progress) io.stderr.write('\r\u001b[2K');
  const files = await writeOutputs(result, evidence, out, formats).finally(() => closed);
  if (v.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else io.stdout.write(renderSummary(result, { color: io.isTTY && !process.env.NO_COLOR, files: files.map((f) => f.path) }) + '\n');
  // Nothing answered as MCP (and not merely behind a login): exit 3, the report says why.
  return result.era === 'unknown' && !evidence.probes.era.authBlocked ? EXIT.unreachable : EXIT.ok;
}

/** agentready scan --stdio "<command>": spawn, scan, write the same reports as for a URL. */
async function runStdioScan(
  v: ScanFlagValues & StdioFlagValues & { json?: boolean },
  positionals: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean },
): Promise<number> {
  if (positionals.length) throw new UsageError('--stdio takes the command to run; give no URL with it');
  if (v.header?.length) throw new UsageError('--header is for URLs; pass what a stdio server needs with --env KEY=VALUE');
  if (v['call-tool']) throw new UsageError('--call-tool is not supported with --stdio yet');
  const command = v.stdio!;
  const { CommandParseError, parseCommand } = await import('../engine/index.ts');
  try { parseCommand(command); } catch (err) {
    if (err instanceof CommandParseError) throw new UsageError(err.message);
    throw err;
  }
  if (v.cwd !== undefined) {
    let dir = false;
    try { dir = statSync(v.cwd).isDirectory(); } catch { /* reported below */ }
    if (!dir) throw new UsageError(`--cwd "${v.cwd.slice(0, 200)}" is not a directory`);
  }
  const env: Record<string, string> = {};
  for (const raw of v.env ?? []) { const [k, val] = parseEnvAssignment(raw); env[k] = val; }
  const { options, limits } = scanOptionsFrom(v);
  const deadlineGiven = v.deadline !== undefined || process.env.AGENTREADY_DEADLINE !== undefined;
  const formats = formatsFrom(v.format);
  const out = v.out ?? 'agentready-report';
  const progress = io.isTTY && !v.json;
  const { scanStdio, loadStdioDefaults } = await import('../engine/index.ts');
  const DEFAULT_STDIO_OPTIONS = await loadStdioDefaults();
  void preloadReports(formats);
  const { evidence, result } = await scanStdio({
    command, cwd: v.cwd, env,
    options: {
      quick: options.quick,
      deadlineMs: deadlineGiven ? options.deadlineMs : DEFAULT_STDIO_OPTIONS.deadlineMs,
      ...(limits.requestTimeoutMs ? { requestTimeoutMs: limits.requestTimeoutMs } : {}),
    },
    onProgress: progress ? (e) => { if (e.phase === 'start') io.stderr.write(`\r\u001b[2K  probing: ${e.probe}`); } : undefined,
  });
  if (progress) io.stderr.write('\r\u001b[2K');
  const files = await writeOutputs(result, evidence, out, formats);
  if (v.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else io.stdout.write(renderSummary(result, { color: io.isTTY && !process.env.NO_COLOR, files: files.map((f) => f.path) }) + '\n');
  return result.era === 'unknown' ? EXIT.unreachable : EXIT.ok;
}
