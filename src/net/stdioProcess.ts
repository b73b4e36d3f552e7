// The door to a local stdio server: spawns it (no shell, minimal environment, its own
// process group), reads its stdout as newline-delimited lines and its stderr as a capped
// excerpt, and makes sure it — and anything it started — is gone at the end. Every byte
// the child writes is hostile until proven otherwise: line length, line count and byte
// caps, and a registry that kills live children when the scanner is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { parse as shellParse } from 'shell-quote';

export interface StdioLimits {
  /** stdout bytes processed; beyond this the rest is drained and discarded */
  maxStdoutBytes: number;
  /** stdout lines processed; beyond this lines are counted, not parsed */
  maxLines: number;
  /** one stdout line; longer lines are cut (and flagged) */
  maxLineBytes: number;
  /** stderr bytes kept as an excerpt (the rest is drained and counted) */
  maxStderrExcerpt: number;
}

export const DEFAULT_STDIO_LIMITS: StdioLimits = {
  maxStdoutBytes: 32 * 1024 * 1024,
  maxLines: 5_000,
  // the TS SDK's ReadBuffer gives up at 10 MiB: a longer line breaks that client too
  maxLineBytes: 10 * 1024 * 1024,
  maxStderrExcerpt: 8 * 1024,
};

/** One stdout line as read: the text (when within the cap) and what was odd about it. */
export interface RawLine {
  /** 1-based position among stdout lines */
  seq: number;
  /** ms since the clock's origin (the scan start) */
  t: number;
  /** decoded text without the newline (and without a trailing CR); only a prefix when overlong */
  text: string;
  bytes: number;
  invalidUtf8: boolean;
  /** longer than maxLineBytes: `text` is a prefix */
  overlong: boolean;
  /** ended with \r\n */
  crlf: boolean;
  /** the stream ended without a final newline */
  unterminated: boolean;
}

export interface ExitInfo { code: number | null; signal: string | null; t: number }

export interface StopReport {
  /** how the process ended: by itself before we closed stdin, on stdin close, or by our signals */
  how: 'before-close' | 'stdin-close' | 'sigterm' | 'sigkill' | 'not-started' | 'unknown';
  code: number | null;
  signal: string | null;
  /** ms from closing stdin to exit (when it exited after we closed it) */
  afterCloseMs?: number;
  /** a final SIGKILL was sent to the process group (kills grandchildren left behind) */
  groupKilled: boolean;
}

// ---- command parsing ------------------------------------------------------------------

export class CommandParseError extends Error {}

/**
 * Split a command the way a shell would (quotes, escapes), without running a shell.
 * Operators (|, &&, >, ;), globs, comments and $VARIABLES are refused: nothing is expanded.
 */
export function parseCommand(raw: string): { file: string; args: string[] } {
  const text = raw.trim();
  if (!text) throw new CommandParseError('--stdio needs a command, e.g. --stdio "node server.js"');
  if (/[\r\n\0]/.test(text)) throw new CommandParseError('--stdio: the command contains a line break or NUL');
  // shell-quote would silently replace $VAR with ""; refuse instead (no expansion happens without a shell)
  const entries = shellParse(text, (name: string) => ({ op: `$${name}` }) as unknown as string);
  const out: string[] = [];
  for (const e of entries) {
    if (typeof e === 'string') { out.push(e); continue; }
    if ('comment' in e) throw new CommandParseError(`--stdio: "#${String(e.comment).slice(0, 40)}" is a shell comment; quote it if it is an argument`);
    const op = (e as { op: string; pattern?: string }).op;
    if (op === 'glob') throw new CommandParseError(`--stdio: "${String((e as { pattern?: string }).pattern).slice(0, 60)}" is a glob, and no shell expands it here; quote it or list the files`);
    if (op.startsWith('$')) throw new CommandParseError(`--stdio: "${op.slice(0, 60)}" is a shell variable, and no shell expands it here; pass values with --env KEY=VALUE or write them out`);
    throw new CommandParseError(`--stdio: the shell operator "${op}" is not supported (no shell is run); give one command, or wrap a pipeline in a script`);
  }
  if (!out.length || !out[0]) throw new CommandParseError('--stdio needs a command, e.g. --stdio "node server.js"');
  return { file: out[0], args: out.slice(1) };
}

/** The child's environment: a few variables it needs to run at all, plus the user's --env. Never ours wholesale. */
export function minimalEnv(extra: Record<string, string>, from: NodeJS.ProcessEnv = process.env, platform = process.platform): Record<string, string> {
  const keep = platform === 'win32'
    ? ['PATH', 'Path', 'HOME', 'USERPROFILE', 'LANG', 'TEMP', 'TMP', 'SystemRoot', 'SYSTEMROOT', 'PATHEXT', 'ComSpec']
    : ['PATH', 'HOME', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const k of keep) { const v = from[k]; if (typeof v === 'string') env[k] = v; }
  return { ...env, ...extra };
}

// ---- live children: killed when the scanner is interrupted or exits --------------------

const live = new Set<StdioProcess>();
let handlersInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const p of live) p.killGroupNow('SIGKILL');
  live.clear();
  // If nobody else handles the signal, behave as if we had not listened: die by it.
  if (process.listenerCount(signal) === 1) {
    uninstallHandlers();
    process.kill(process.pid, signal);
  }
}
const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');
const onSighup = () => onSignal('SIGHUP');
const onExit = () => { for (const p of live) p.killGroupNow('SIGKILL'); };

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  if (process.platform !== 'win32') process.on('SIGHUP', onSighup);
  process.on('exit', onExit);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  process.off('SIGHUP', onSighup);
  process.off('exit', onExit);
}

/** Children still registered (tests assert this drops to zero). */
export function liveChildren(): number { return live.size; }

// ---- the process ------------------------------------------------------------------------

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd?: string;
  /** the complete environment of the child (see minimalEnv) */
  env: Record<string, string>;
  limits?: Partial<StdioLimits>;
  /** the clock lines are timed with (ms since the scan started) */
  now: () => number;
}

export class StdioProcess {
  readonly limits: StdioLimits;
  pid: number | undefined;
  spawnError: string | undefined;
  exit: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  /** stdout accounting */
  stdoutBytes = 0;
  stdoutLines = 0;
  stdoutCapped: string | undefined;
  /** stderr accounting */
  stderrBytes = 0;
  stderrLines = 0;
  stderrTruncated = false;
  stdinClosedAt: number | undefined;

  private child: ChildProcess | undefined;
  private readonly now: () => number;
  private lineListeners: ((l: RawLine) => void)[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlongBytes = 0; // bytes of the current line beyond the kept prefix
  private stderrKept: Buffer[] = [];
  private stderrKeptBytes = 0;
  private resolveExit!: (e: ExitInfo) => void;
  private readonly detached = process.platform !== 'win32';

  private constructor(spec: SpawnSpec) {
    this.limits = { ...DEFAULT_STDIO_LIMITS, ...spec.limits };
    this.now = spec.now;
    this.exited = new Promise((r) => { this.resolveExit = r; });
  }

  /** Spawn; resolves once the child is running or failed to start (never throws). */
  static async start(spec: SpawnSpec): Promise<StdioProcess> {
    const p = new StdioProcess(spec);
    let child: ChildProcess;
    try {
      child = spawn(spec.file, spec.args, {
        cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'],
        // its own process group, so the whole tree can be killed (POSIX); no console window (Windows)
        detached: p.detached, windowsHide: true, shell: false,
      });
    } catch (err) {
      p.spawnError = (err as Error).message.slice(0, 300);
      p.markExited({ code: null, signal: null, t: spec.now() });
      return p;
    }
    p.child = child;
    child.stdin?.on('error', () => { /* EPIPE when the child is gone: what we wrote is already recorded */ });
    child.stdout?.on('data', (c: Buffer) => p.onStdout(c));
    child.stdout?.on('end', () => p.flushStdout());
    child.stderr?.on('data', (c: Buffer) => p.onStderr(c));
    child.on('exit', (code, signal) => p.markExited({ code, signal, t: spec.now() }));
    await new Promise<void>((resolve) => {
      child.once('spawn', () => { p.pid = child.pid; live.add(p); installHandlers(); resolve(); });
      child.once('error', (err) => {
        if (p.pid === undefined) {
          p.spawnError = `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}`.slice(0, 300);
          p.markExited({ code: null, signal: null, t: spec.now() });
          resolve();
        }
      });
    });
    return p;
  }

  get running(): boolean { return this.pid !== undefined && this.exit === undefined; }

  onLine(fn: (l: RawLine) => void): void { this.lineListeners.push(fn); }

  /** Write one line to the child's stdin; false when it can no longer be written. */
  write(text: string): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || stdin.writableEnded || this.stdinClosedAt !== undefined) return false;
    try { stdin.write(text); return true; } catch { return false; }
  }

  closeStdin(): void {
    if (this.stdinClosedAt !== undefined) return;
    this.stdinClosedAt = this.now();
    try { this.child?.stdin?.end(); } catch { /* already gone */ }
  }

  /** Signal the whole process group (POSIX) or the process (Windows). Ignores "no such process". */
  killGroupNow(signal: NodeJS.Signals): boolean {
    if (this.pid === undefined) return false;
    try {
      if (this.detached) process.kill(-this.pid, signal);
      else this.child?.kill(signal);
      return true;
    } catch { return false; }
  }

  /**
   * The stdio shutdown of the MCP lifecycle: close stdin, wait; SIGTERM, wait; SIGKILL.
   * Always ends with a SIGKILL to the process group so nothing the server started outlives the scan.
   */
  async stop(opts: { exitGraceMs: number; termGraceMs: number; killWaitMs?: number }): Promise<StopReport> {
    if (this.pid === undefined) {
      return { how: 'not-started', code: null, signal: null, groupKilled: false };
    }
    let how: StopReport['how'];
    if (this.exit && this.stdinClosedAt === undefined) how = 'before-close';
    else {
      this.closeStdin();
      if (await this.waitExit(opts.exitGraceMs)) how = 'stdin-close';
      else {
        this.killGroupNow('SIGTERM');
        if (await this.waitExit(opts.termGraceMs)) how = 'sigterm';
        else {
          this.killGroupNow('SIGKILL');
          how = (await this.waitExit(opts.killWaitMs ?? 2_000)) ? 'sigkill' : 'unknown';
        }
      }
    }
    // grandchildren left in the group (or a leader that never died) go now
    const groupKilled = this.killGroupNow('SIGKILL');
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.child?.stdin?.destroy();
    live.delete(this);
    if (live.size === 0) uninstallHandlers();
    const e = this.exit;
    return {
      how, code: e?.code ?? null, signal: e?.signal ?? null, groupKilled,
      ...(e && this.stdinClosedAt !== undefined && e.t >= this.stdinClosedAt ? { afterCloseMs: e.t - this.stdinClosedAt } : {}),
    };
  }

  /** Kill at once (deadline or abort): SIGKILL the group, wait briefly for the exit. */
  async kill(): Promise<StopReport> {
    return this.stop({ exitGraceMs: 0, termGraceMs: 0, killWaitMs: 1_000 });
  }

  stderrText(): string {
    return Buffer.concat(this.stderrKept).toString('utf8');
  }

  private async waitExit(ms: number): Promise<boolean> {
    if (this.exit) return true;
    if (ms <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((res) => { timer = setTimeout(() => res(false), ms); }),
    ]);
    clearTimeout(timer);
    return r;
  }

  private markExited(e: ExitInfo): void {
    if (this.exit) return;
    this.exit = e;
    this.resolveExit(e);
  }

  private onStderr(chunk: Buffer): void {
    this.stderrBytes += chunk.length;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) this.stderrLines++;
    const room = this.limits.maxStderrExcerpt - this.stderrKeptBytes;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.stderrKept.push(Buffer.from(part));
      this.stderrKeptBytes += part.length;
    }
    if (this.stderrBytes > this.limits.maxStderrExcerpt) this.stderrTruncated = true;
  }

  private onStdout(chunk: Buffer): void {
    if (this.stdoutCapped) return; // drained and discarded: the child must not block on a full pipe
    this.stdoutBytes += chunk.length;
    if (this.stdoutBytes > this.limits.maxStdoutBytes) {
      this.stdoutCapped = `stopped reading stdout after ${this.limits.maxStdoutBytes} bytes`;
      return;
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) { this.keep(chunk.subarray(start)); break; }
      this.keep(chunk.subarray(start, nl));
      this.emitLine(false);
      start = nl + 1;
    }
  }

  private keep(part: Buffer): void {
    if (!part.length) return;
    const room = this.limits.maxLineBytes - this.pendingBytes;
    if (room >= part.length) { this.pending.push(Buffer.from(part)); this.pendingBytes += part.length; return; }
    if (room > 0) { this.pending.push(Buffer.from(part.subarray(0, room))); this.pendingBytes += room; }
    this.overlongBytes += part.length - Math.max(room, 0);
  }

  private flushStdout(): void {
    if (this.pendingBytes > 0 || this.overlongBytes > 0) this.emitLine(true);
  }

  private emitLine(unterminated: boolean): void {
    let buf = Buffer.concat(this.pending, this.pendingBytes);
    const overlong = this.overlongBytes > 0;
    const bytes = this.pendingBytes + this.overlongBytes + (unterminated ? 0 : 1);
    this.pending = [];
    this.pendingBytes = 0;
    this.overlongBytes = 0;
    if (++this.stdoutLines > this.limits.maxLines) {
      if (!this.stdoutCapped) this.stdoutCapped = `stopped parsing stdout after ${this.limits.maxLines} lines`;
      return;
    }
    const crlf = !overlong && buf.length > 0 && buf[buf.length - 1] === 0x0d;
    if (crlf) buf = buf.subarray(0, buf.length - 1);
    let text: string;
    let invalidUtf8 = false;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch {
      invalidUtf8 = true;
      text = new TextDecoder('utf-8').decode(buf);
    }
    // a cut line may end inside a character: that is our cut, not the server's encoding
    if (overlong && invalidUtf8) invalidUtf8 = !validUtf8Prefix(buf);
    const line: RawLine = { seq: this.stdoutLines, t: this.now(), text, bytes, invalidUtf8, overlong, crlf, unterminated };
    for (const fn of this.lineListeners) fn(line);
  }
}

/** true when the bytes are valid UTF-8 except possibly for a truncated final sequence */
function validUtf8Prefix(buf: Buffer): boolean {
  for (let cut = 0; cut <= 3 && cut < buf.length; cut++) {
    try { new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut)); return true; } catch { /* try shorter */ }
  }
  return false;
}
