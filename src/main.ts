// The command line: one file per command; this only dispatches and maps errors to exit codes.
// Each command's module is imported only when that command runs, so `--version`, `--help`
// and usage errors load almost nothing, and only `serve` loads the web server and SQLite.
import { EXIT, UsageError } from './contract/errors.ts';
import { SCANNER } from './contract/version.ts';

type Io = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; isTTY: boolean };
type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./cli/scan.ts')).runScan,
  rescore: async () => (await import('./cli/rescore.ts')).runRescore,
  demo: async () => (await import('./cli/demo.ts')).runDemo,
  batch: async () => (await import('./batch/command.ts')).runBatch,
  merge: async () => (await import('./batch/mergeCommand.ts')).runMerge,
  diff: async () => (await import('./batch/diffCommand.ts')).runDiff,
  serve: async () => (await import('./web/command.ts')).runServe,
};

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
  const io: Io = { stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY === true };
  quietOnClosedPipe(process.stdout);
  const [command, ...rest] = argv;
  try {
    const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (load) return await (await load())(rest, io);
    switch (command) {
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

/**
 * `agentready … | head` closes our stdout early: stop writing and exit quietly the way Unix
 * tools do, instead of crashing with an unhandled EPIPE.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw err;
  });
}
