// Runs an npm-packaged MCP server as a child process on a free loopback port: its bin JS file
// under process.execPath (with the loopback preload), detached so close() can kill the whole
// process group, and a bounded wait until the port accepts connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);
const LOOPBACK_PRELOAD = new URL('./loopbackOnly.ts', import.meta.url).href;
const START_TIMEOUT_MS = 15_000;
const LOG_TAIL_BYTES = 16 * 1024;

/** A free ephemeral port on 127.0.0.1: listen on 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address for the probe listener');
  return address.port;
}

/** Absolute path of a package's bin JS file, from its package.json `bin`. */
export function packageBin(pkg: string, binName?: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[binName ?? Object.keys(manifest.bin ?? {})[0] ?? ''];
  if (bin === undefined) throw new Error(`${pkg} has no bin ${binName ?? ''}`);
  return path.join(path.dirname(manifestPath), bin);
}

/** Does something accept TCP connections on 127.0.0.1:port? (the launchers' readiness check) */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

export interface ChildServer {
  port: number;
  child: ChildProcess;
  /** Tail of the child's stdout+stderr (for error messages). */
  log(): string;
  close(): Promise<void>;
}

export interface ChildServerOptions {
  /** What the error messages call it. */
  label: string;
  /** The package's bin JS file. */
  bin: string;
  /** Arguments after the bin file; `{port}` is replaced by the port. */
  args?: string[];
  /** Extra environment; `{port}` in a value is replaced by the port. */
  env?: Record<string, string>;
  /** Pin host-less listen() calls to 127.0.0.1 (default true). */
  loopbackPreload?: boolean;
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const fill = (s: string) => s.replaceAll('{port}', String(port));
  const nodeArgs = options.loopbackPreload === false ? [] : ['--import', LOOPBACK_PRELOAD];
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) env[key] = fill(value);
  const child = spawn(process.execPath, [...nodeArgs, options.bin, ...(options.args ?? []).map(fill)], {
    detached: true, // own process group: close() kills the group
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logTail = '';
  const append = (chunk: Buffer) => {
    logTail = (logTail + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('error', (error) => append(Buffer.from(`\n[spawn error] ${String(error)}\n`)));

  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is gone already
    }
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      killGroup('SIGTERM');
      const escalate = setTimeout(() => killGroup('SIGKILL'), 2000);
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (giveUp = setTimeout(r, 4000)))]);
      clearTimeout(escalate);
      clearTimeout(giveUp);
      killGroup('SIGKILL'); // stragglers of the group, if any
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return closing;
  };

  let childGone = false;
  void exited.then(() => {
    childGone = true;
  });
  await waitUntilListening({ label: options.label, port, child, gone: () => childGone, close, log: () => logTail });
  return { port, child, log: () => logTail, close };
}

/**
 * Waits (bounded) until the child accepts connections on its port; if it exits first or never
 * listens, closes it and throws with the tail of its output.
 */
export async function waitUntilListening(w: { label: string; port: number; child: ChildProcess; gone: () => boolean; close: () => Promise<void>; log: () => string }, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(w.port)) return;
    if (w.gone() || Date.now() > deadline) {
      await w.close();
      const why = w.gone()
        ? `exited (code ${w.child.exitCode}, signal ${w.child.signalCode}) before listening`
        : `did not accept connections on 127.0.0.1:${w.port} within ${timeoutMs} ms`;
      throw new Error(`${w.label} ${why}; output:\n${w.log().trim() || '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves when the child process has exited (used by tests). */
export async function childExited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}
