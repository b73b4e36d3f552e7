// Child-process plumbing for the gateway/framework launchers (supergateway, mcp-proxy, fastmcp):
// like child.ts, but
//  - stdin is a pipe kept open for the child's life: supergateway shuts down when its stdin
//    closes (`process.stdin.on('close', shutdown)`), so `stdio: 'ignore'` (= /dev/null) would
//    make it exit at once;
//  - close() also kills the child's whole process TREE, not only its process group:
//    supergateway spawns its stdio server with `detached: true` (a process group of its own),
//    so killing our group alone would orphan the server-everything children if the gateway
//    were SIGKILLed before it could clean up. The tree is read from /proc (Linux).
import { spawn, } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort, packageBin, waitUntilListening, type ChildServer } from './child.ts';

export { freePort, packageBin };

const LOOPBACK_PRELOAD = new URL('./loopbackOnly.ts', import.meta.url).href;
const START_TIMEOUT_MS = 15_000;
const LOG_TAIL_BYTES = 16 * 1024;

export type GatewayChild = ChildServer;

export interface GatewayChildOptions {
  label: string;
  /** JS/TS file run with process.execPath. */
  script: string;
  /** Arguments after the script; `{port}` is replaced by the port. */
  args?: string[];
  env?: Record<string, string>;
  /** Pin host-less listen() calls to 127.0.0.1 (for tools with no host option). */
  loopbackPreload?: boolean;
  /** Use this port instead of a fresh ephemeral one. */
  port?: number;
}

/** The command line of the stdio MCP server the gateways front: server-everything in stdio mode. */
export function everythingStdioCommand(): string[] {
  return [process.execPath, packageBin('@modelcontextprotocol/server-everything', 'mcp-server-everything'), 'stdio'];
}

/** `a b c` for a shell (supergateway runs --stdio through a shell). */
export function shellJoin(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** Pids of every live descendant of `root` (from /proc/<pid>/stat ppid). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === pid && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH
  }
}

export async function startGatewayChild(options: GatewayChildOptions): Promise<GatewayChild> {
  const port = options.port ?? (await freePort());
  const fill = (s: string) => s.replaceAll('{port}', String(port));
  const nodeArgs = options.loopbackPreload ? ['--import', LOOPBACK_PRELOAD] : [];
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) env[key] = fill(value);
  const child = spawn(process.execPath, [...nodeArgs, options.script, ...(options.args ?? []).map(fill)], {
    detached: true,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => {});
  let logTail = '';
  const append = (chunk: Buffer) => {
    logTail = (logTail + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.once('error', (error) => append(Buffer.from(`\n[spawn error] ${String(error)}\n`)));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let childGone = false;
  void exited.then(() => {
    childGone = true;
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const pid = child.pid;
      if (pid === undefined) return;
      const tree = descendants(pid);
      kill(-pid, 'SIGTERM'); // our group: the gateway (it stops its own children on SIGTERM)
      for (const p of tree) kill(p, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      // anything left of the tree (detached grandchildren included), and the group
      for (const p of [...tree, ...descendants(pid)]) kill(p, 'SIGKILL');
      kill(-pid, 'SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
    })());

  await waitUntilListening({ label: options.label, port, child, gone: () => childGone, close, log: () => logTail }, START_TIMEOUT_MS);
  return { port, child, log: () => logTail, close };
}

