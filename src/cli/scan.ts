// agentready scan <url>: one endpoint → terminal summary (or --json) + reports on disk.
import { parseArgs } from 'node:util';
import { scan } from '../engine/scan.ts';
import { EXIT, UsageError } from './errors.ts';
import { parseTargetUrl, SCAN_FLAGS, scanOptionsFrom, type ScanFlagValues } from './args.ts';
import { renderSummary } from './summary.ts';
import { writeOutputs, formatsFrom } from './output.ts';

export const SCAN_HELP = `Usage: agentready scan <url> [options]

Scans one remote MCP endpoint and writes reports.

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
      --stream-window S       longest the GET stream is watched (default 35)
      --keepalive-max S       longest acceptable SSE silence (default 30)
      --connect-timeout S     TCP/TLS connect timeout (default 5)
      --request-timeout S     per-request timeout (default 15)
      --max-body BYTES        body bytes read per response (default 4194304)
      --no-browser            skip the real-browser check

Exit codes: 0 scanned, 2 bad usage or input, 3 target unreachable, 4 scanner error.
Extra trusted CAs: NODE_EXTRA_CA_CERTS=/path/ca.pem`;

export async function runScan(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...SCAN_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values as ScanFlagValues & { json?: boolean; help?: boolean };
  if (v.help) { io.stdout.write(SCAN_HELP + '\n'); return EXIT.ok; }
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? `scan takes one URL, got ${parsed.positionals.length} (use batch for a list)` : 'scan needs a URL: agentready scan https://host/mcp');
  const url = parseTargetUrl(parsed.positionals[0]!);
  const { options, limits } = scanOptionsFrom(v);
  const formats = formatsFrom(v.format);
  const out = v.out ?? 'agentready-report';

  const progress = io.isTTY && !v.json;
  const { evidence, result } = await scan({
    url: url.href, options, limits,
    onProgress: progress ? (e) => { if (e.phase === 'start') io.stderr.write(`\r\u001b[2K  probing: ${e.probe}`); } : undefined,
  });
  if (progress) io.stderr.write('\r\u001b[2K');
  const files = await writeOutputs(result, evidence, out, formats);
  if (v.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else io.stdout.write(renderSummary(result, { color: io.isTTY && !process.env.NO_COLOR, files: files.map((f) => f.path) }) + '\n');
  // Nothing answered as MCP (and not merely behind a login): exit 3, the report says why.
  return result.era === 'unknown' && !evidence.probes.era.authBlocked ? EXIT.unreachable : EXIT.ok;
}
