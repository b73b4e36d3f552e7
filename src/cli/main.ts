// The command line: one file per command; this only dispatches and maps errors to exit codes.
import { EXIT, UsageError } from './errors.ts';
import { runScan } from './scan.ts';
import { runRescore } from './rescore.ts';
import { runDemo } from './demo.ts';
import { runBatch } from './batch.ts';
import { runMerge } from './merge.ts';
import { runDiff } from './diff.ts';
import { runServe } from './serve.ts';
import { SCANNER } from '../version.ts';

const HELP = `agentready ${SCANNER.version} — can AI agents rely on your MCP endpoint?

Usage:
  agentready scan <url> [options]      scan one endpoint (agentready scan --help)
  agentready demo [--out DIR]          start built-in example endpoints on loopback and scan them
  agentready batch <file|-> [options]  scan a list of endpoints (agentready batch --help)
  agentready merge <dir>... --out DIR  join batch shard outputs
  agentready diff <old> <new>          what got better or worse, rule by rule
  agentready serve [--port N]          the scan-by-URL web form
  agentready rescore <evidence.json>   re-judge saved evidence offline

Exit codes: 0 ok, 1 assertion failed, 2 bad usage or input, 3 target unreachable, 4 scanner error.
`;

export async function main(argv: string[]): Promise<number> {
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY === true };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan': return await runScan(rest, io);
      case 'rescore': return await runRescore(rest, io);
      case 'demo': return await runDemo(rest, io);
      case 'batch': return await runBatch(rest, io);
      case 'merge': return await runMerge(rest, io);
      case 'diff': return await runDiff(rest, io);
      case 'serve': return await runServe(rest, io);
      case '--version': case '-v': io.stdout.write(`${SCANNER.version}\n`); return EXIT.ok;
      case undefined: case 'help': case '--help': case '-h': io.stdout.write(HELP); return EXIT.ok;
      default:
        if (command.startsWith('http://') || command.startsWith('https://')) throw new UsageError(`missing command: agentready scan ${command}`);
        throw new UsageError(`unknown command "${command}" (try: agentready --help)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`agentready: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`agentready: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return EXIT.internal;
  }
}
