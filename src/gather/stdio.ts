// The stdio probe: spawn the server, speak newline-delimited JSON-RPC on its stdin/stdout
// the way a line-based client does (initialize, newest revision first → initialized →
// tools/list → ping), classify every stdout line, then shut it down as the MCP lifecycle
// says (close stdin, SIGTERM, SIGKILL). Records facts only; rules/D2/stdio-* judge them.
import { REVISIONS, type Revision } from '../contract/constants.ts';
import type { Probes, RpcHandshake, StdioArtifact, StdioLine } from '../contract/evidence.ts';
import { minimalEnv, parseCommand, StdioProcess, type RawLine, type StdioLimits } from '../net/stdioProcess.ts';
import { SESSION_REVISIONS_NEWEST_FIRST } from './mcp.ts';
import { runHandshake, type RpcChannel } from './rpcSession.ts';

export interface StdioProbeOptions {
  /** the whole probe (spawn → shutdown) ends by then */
  deadlineMs: number;
  /** how long each request's answer is waited for */
  requestTimeoutMs: number;
  /** after closing stdin, how long the server gets to exit before SIGTERM */
  exitGraceMs: number;
  /** after SIGTERM, how long before SIGKILL */
  termGraceMs: number;
  limits?: Partial<StdioLimits>;
}

export const DEFAULT_STDIO_OPTIONS: StdioProbeOptions = {
  deadlineMs: 60_000,
  requestTimeoutMs: 10_000,
  exitGraceMs: 3_000,
  termGraceMs: 2_000,
};

export interface StdioProbeInput {
  command: string;
  cwd?: string;
  /** --env KEY=VALUE (values reach the child, never the evidence) */
  env?: Record<string, string>;
  options?: Partial<StdioProbeOptions>;
  /** ms since the scan started */
  now: () => number;
  progress?: (probe: string, phase: 'start' | 'done') => void;
  /** the scanner is being interrupted: kill at once */
  signal?: AbortSignal;
}

/** Revisions offered in initialize, newest first; 2024-11-05 already had stdio. */
export const STDIO_REVISIONS_NEWEST_FIRST = [...SESSION_REVISIONS_NEWEST_FIRST, '2024-11-05'];

const MAX_LINES_KEPT = 400;
const MAX_LINE_EXCERPT = 2_000;
const MAX_NOISE_KEPT = 20;
const NOISE_EXCERPT = 300;
const MAX_FRAGMENT_LINES = 200;
const MAX_FRAGMENT_BYTES = 1024 * 1024;
const MAX_SERVER_REQUESTS_ANSWERED = 50;

type Msg = Record<string, unknown>;
type LineKind = NonNullable<StdioLine['kind']>;
interface Answer { msg: Msg; ms: number; split: boolean }

export function isJsonRpcMessage(v: unknown): boolean {
  const one = (m: unknown) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
    const o = m as Msg;
    if (o.jsonrpc !== '2.0') return false;
    return typeof o.method === 'string' || ('id' in o && ('result' in o || 'error' in o));
  };
  return Array.isArray(v) ? v.length > 0 && v.every(one) : one(v);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(text) }; } catch { return { ok: false }; }
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** Reads stdout lines, classifies them, reassembles messages split over lines, and pairs answers with requests. */
class Conversation {
  readonly lines: StdioLine[] = [];
  dropped = 0;
  private inSeq = 0;
  readonly kinds = new Map<number, LineKind>();
  private readonly texts = new Map<number, string>();
  readonly split: { fromSeq: number; toSeq: number; text: string }[] = [];
  readonly invalidUtf8: number[] = [];
  readonly overlong: number[] = [];
  crlf = 0;
  unterminated = false;
  jsonRpc = 0;
  serverRequests = 0;
  serverNotifications = 0;
  private frag: { seqs: number[]; parts: string[]; bytes: number } | undefined;
  private readonly waiting = new Map<number | string, (a: Answer) => void>();
  private readonly sentAt = new Map<number | string, number>();
  private nextId = 0;
  private readonly proc: StdioProcess;
  private readonly now: () => number;

  constructor(proc: StdioProcess, now: () => number) {
    this.proc = proc;
    this.now = now;
    proc.onLine((l) => this.onLine(l));
  }

  private keepLine(l: StdioLine): void {
    if (this.lines.length < MAX_LINES_KEPT) this.lines.push(l);
    else this.dropped++;
  }

  private setKind(seq: number, kind: LineKind): void {
    this.kinds.set(seq, kind);
    const kept = this.lines.find((x) => x.dir === 'out' && x.seq === seq);
    if (kept) kept.kind = kind;
  }

  private onLine(l: RawLine): void {
    if (l.invalidUtf8 && this.invalidUtf8.length < 50) this.invalidUtf8.push(l.seq);
    if (l.overlong && this.overlong.length < 50) this.overlong.push(l.seq);
    if (l.crlf) this.crlf++;
    if (l.unterminated) this.unterminated = true;
    const entry: StdioLine = {
      dir: 'out', seq: l.seq, t: l.t, text: clip(l.text, MAX_LINE_EXCERPT), bytes: l.bytes,
      ...(l.text.length > MAX_LINE_EXCERPT || l.overlong ? { truncated: true } : {}),
      ...(l.invalidUtf8 ? { invalidUtf8: true } : {}),
      ...(l.overlong ? { overlong: true } : {}),
      ...(l.crlf ? { crlf: true } : {}),
      ...(l.unterminated ? { unterminated: true } : {}),
    };
    this.keepLine(entry);
    const kind = this.classify(l);
    entry.kind = this.kinds.get(l.seq) ?? kind;
  }

  private classify(l: RawLine): LineKind {
    const remember = (kind: LineKind): LineKind => {
      this.kinds.set(l.seq, kind);
      if (kind !== 'jsonrpc' && this.texts.size < 200) this.texts.set(l.seq, clip(l.text, NOISE_EXCERPT));
      return kind;
    };
    if (l.overlong) { this.frag = undefined; return remember('text'); }
    const trimmed = l.text.trim();
    const alone = trimmed ? tryJson(l.text) : { ok: false as const };
    if (alone.ok && isJsonRpcMessage(alone.value)) {
      // a whole message on its own line: whatever fragment was pending was not a message
      this.frag = undefined;
      this.jsonRpc++;
      this.dispatch(alone.value, l.t, false);
      return remember('jsonrpc');
    }
    if (this.frag) {
      this.frag.seqs.push(l.seq);
      this.frag.parts.push(l.text);
      this.frag.bytes += l.bytes;
      const joined = tryJson(this.frag.parts.join('\n'));
      if (joined.ok && isJsonRpcMessage(joined.value)) {
        const f = this.frag;
        this.frag = undefined;
        for (const s of f.seqs) this.setKind(s, 'fragment');
        this.split.length < 20 && this.split.push({ fromSeq: f.seqs[0], toSeq: f.seqs[f.seqs.length - 1], text: clip(f.parts.join('\n'), NOISE_EXCERPT) });
        this.dispatch(joined.value, l.t, true);
        return 'fragment';
      }
      if (this.frag.seqs.length > MAX_FRAGMENT_LINES || this.frag.bytes > MAX_FRAGMENT_BYTES) this.frag = undefined;
      return remember(!trimmed ? 'blank' : alone.ok ? 'json' : 'text');
    }
    if (!trimmed) return remember('blank');
    if (alone.ok) return remember('json');
    if (/^[[{]/.test(trimmed)) this.frag = { seqs: [l.seq], parts: [l.text], bytes: l.bytes };
    return remember('text');
  }

  private dispatch(value: unknown, t: number, split: boolean): void {
    for (const m of (Array.isArray(value) ? value : [value]) as Msg[]) {
      const hasId = typeof m.id === 'number' || typeof m.id === 'string';
      if (typeof m.method === 'string') {
        if (!hasId) { this.serverNotifications++; continue; }
        this.serverRequests++;
        if (this.serverRequests <= MAX_SERVER_REQUESTS_ANSWERED) {
          this.send(m.method === 'ping'
            ? { jsonrpc: '2.0', id: m.id, result: {} }
            : { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found (agentready scanner)' } });
        }
        continue;
      }
      if (!hasId) continue;
      const w = this.waiting.get(m.id as number | string);
      if (w) {
        this.waiting.delete(m.id as number | string);
        w({ msg: m, ms: Math.max(0, t - (this.sentAt.get(m.id as number | string) ?? t)), split });
      }
    }
  }

  send(msg: Msg): boolean {
    const text = JSON.stringify(msg);
    const entry: StdioLine = { dir: 'in', seq: ++this.inSeq, t: this.now(), text: clip(text, MAX_LINE_EXCERPT), bytes: Buffer.byteLength(text) + 1 };
    if (text.length > MAX_LINE_EXCERPT) entry.truncated = true;
    this.keepLine(entry);
    return this.proc.write(text + '\n');
  }

  /** Send a request; resolves with the answer, or undefined after the timeout, an exit or an abort. */
  async request(method: string, params: Msg, timeoutMs: number, stop: AbortSignal): Promise<{ answer?: Answer; sentSeq: number; why?: 'exit' | 'timeout' | 'deadline' }> {
    const id = ++this.nextId;
    const sentSeq = this.inSeq + 1;
    if (!this.send({ jsonrpc: '2.0', id, method, params })) return { sentSeq, why: 'exit' };
    this.sentAt.set(id, this.now());
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const r = await Promise.race([
      new Promise<{ answer: Answer }>((res) => this.waiting.set(id, (answer) => res({ answer }))),
      // stdout may still hold the last lines when the exit is reported: give them a moment
      this.proc.exited.then(() => new Promise<{ why: 'exit' }>((res) => setTimeout(() => res({ why: 'exit' }), 100))),
      new Promise<{ why: 'timeout' }>((res) => { timer = setTimeout(() => res({ why: 'timeout' }), Math.max(0, timeoutMs)); }),
      new Promise<{ why: 'deadline' }>((res) => {
        onAbort = () => res({ why: 'deadline' });
        if (stop.aborted) onAbort(); else stop.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) stop.removeEventListener('abort', onAbort);
    this.waiting.delete(id);
    // an answer that raced the exit still counts
    return { sentSeq, ...r };
  }

  notify(method: string, params?: Msg): boolean {
    return this.send({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
  }

  noise(): { count: number; blank: number; first: StdioArtifact['stdout']['noise'] } {
    let count = 0;
    let blank = 0;
    const first: StdioArtifact['stdout']['noise'] = [];
    for (const [seq, kind] of [...this.kinds.entries()].sort((a, b) => a[0] - b[0])) {
      if (kind === 'jsonrpc' || kind === 'fragment') continue;
      count++;
      if (kind === 'blank') blank++;
      if (first.length < MAX_NOISE_KEPT) first.push({ seq, kind, text: this.texts.get(seq) ?? '' });
    }
    return { count, blank, first };
  }
}





export async function probeStdio(input: StdioProbeInput): Promise<StdioArtifact> {
  const opts: StdioProbeOptions = { ...DEFAULT_STDIO_OPTIONS, ...input.options };
  const { file, args } = parseCommand(input.command);
  const userEnv = input.env ?? {};
  const t0 = input.now();
  const remaining = () => opts.deadlineMs - (input.now() - t0);
  const stopBudget = opts.exitGraceMs + opts.termGraceMs + 1_500;

  const handshake: StdioArtifact['handshake'] = {
    timeoutMs: opts.requestTimeoutMs, attempts: [], ok: false, initializedSent: false, pingMs: [], serverRequests: 0, serverNotifications: 0,
  };
  const base = {
    command: input.command, file, args, ...(input.cwd ? { cwd: input.cwd } : {}), envNames: Object.keys(userEnv).sort(),
  };

  input.progress?.('stdio-spawn', 'start');
  const proc = await StdioProcess.start({ file, args, cwd: input.cwd, env: minimalEnv(userEnv), limits: opts.limits, now: input.now });
  input.progress?.('stdio-spawn', 'done');
  const conv = new Conversation(proc, input.now);

  // The scan deadline (or an interrupt) kills the child at once, whatever the probe is doing.
  const stop = new AbortController();
  const hardTimer = setTimeout(() => { stop.abort('deadline'); void proc.kill(); }, Math.max(0, opts.deadlineMs));
  const onInterrupt = () => { stop.abort('deadline'); void proc.kill(); };
  input.signal?.addEventListener('abort', onInterrupt, { once: true });

  let exit: StdioArtifact['exit'];
  try {
    if (proc.pid !== undefined) {
      input.progress?.('stdio-handshake', 'start');
      await handshakeOver(conv, handshake, opts, remaining, stopBudget, stop.signal);
      input.progress?.('stdio-handshake', 'done');
    }
  } finally {
    input.progress?.('stdio-shutdown', 'start');
    const exitedEarly = proc.exit && proc.stdinClosedAt === undefined ? proc.exit.t : undefined;
    // Not enough time left for the whole shutdown sequence: kill now and say so, rather than judge a rushed exit.
    const cut = stop.signal.aborted || remaining() - opts.termGraceMs - 1_000 < opts.exitGraceMs;
    const report = cut ? await proc.kill() : await proc.stop({ exitGraceMs: opts.exitGraceMs, termGraceMs: opts.termGraceMs });
    clearTimeout(hardTimer);
    input.signal?.removeEventListener('abort', onInterrupt);
    input.progress?.('stdio-shutdown', 'done');
    exit = {
      how: cut && report.how !== 'before-close' && report.how !== 'not-started' ? 'deadline' : report.how,
      code: report.code, signal: report.signal,
      ...(report.afterCloseMs !== undefined ? { afterCloseMs: Math.round(report.afterCloseMs) } : {}),
      ...(exitedEarly !== undefined ? { exitedAt: Math.round(exitedEarly) } : {}),
      exitGraceMs: opts.exitGraceMs, termGraceMs: opts.termGraceMs, groupKilled: report.groupKilled,
    };
  }
  handshake.serverRequests = conv.serverRequests;
  handshake.serverNotifications = conv.serverNotifications;
  const noise = conv.noise();
  const stderrText = proc.stderrText();
  return {
    ...base,
    spawned: proc.pid !== undefined,
    ...(proc.spawnError ? { spawnError: proc.spawnError } : {}),
    ...(proc.pid !== undefined ? { pid: proc.pid } : {}),
    lines: conv.lines,
    droppedLines: conv.dropped,
    stdout: {
      bytes: proc.stdoutBytes, lines: proc.stdoutLines, jsonRpcLines: conv.jsonRpc,
      noiseCount: noise.count, blankCount: noise.blank, noise: noise.first,
      splitMessages: conv.split, invalidUtf8Lines: conv.invalidUtf8, overlongLines: conv.overlong,
      crlfLines: conv.crlf, unterminated: conv.unterminated,
      ...(proc.stdoutCapped ? { capped: proc.stdoutCapped } : {}),
      maxLineBytes: proc.limits.maxLineBytes,
    },
    stderr: { bytes: proc.stderrBytes, lines: proc.stderrLines + (stderrText && !stderrText.endsWith('\n') && !proc.stderrTruncated ? 1 : 0), excerpt: stderrText, truncated: proc.stderrTruncated },
    handshake,
    exit,
  };
}

async function handshakeOver(
  conv: Conversation, hs: StdioArtifact['handshake'], opts: StdioProbeOptions,
  remaining: () => number, stopBudget: number, stop: AbortSignal,
): Promise<void> {
  // keep time for the shutdown sequence, but never less than half of what is left for the answers
  const budget = () => Math.max(0, Math.min(opts.requestTimeoutMs, remaining() - Math.min(stopBudget, remaining() / 2)));
  hs.timeoutMs = Math.round(budget());
  const channel: RpcChannel = {
    request: (method, params, timeoutMs) => conv.request(method, params, timeoutMs, stop),
    notify: (method) => conv.notify(method),
  };
  await runHandshake(channel, hs, { revisions: STDIO_REVISIONS_NEWEST_FIRST, budget });
}

// ---- mapping a handshake seen over stdio or a WebSocket onto the HTTP-shaped artifacts ----

type Handshake = RpcHandshake;
const asRevision = (v: string | undefined): Revision | undefined => (REVISIONS as readonly string[]).includes(v ?? '') ? v as Revision : undefined;

/** The negotiated revision: the answer's, when it is a known one, else the one we offered. */
export function negotiatedRevision(hs: Handshake): Revision | undefined {
  if (!hs.ok) return undefined;
  return asRevision(hs.protocolVersion) ?? asRevision(hs.attempts[hs.attempts.length - 1]?.requestedVersion);
}

/**
 * The artifacts transport-independent rules read (initialize, toolsList, latency), filled from a
 * handshake over another transport. `attemptIds` name where each initialize attempt can be seen.
 */
export function handshakeArtifacts(hs: Handshake, attemptIds: string[], initLabel = 'initialize'): Pick<Probes, 'initialize' | 'toolsList' | 'latency'> {
  const out: Pick<Probes, 'initialize' | 'toolsList' | 'latency'> = {};
  const last = hs.attempts[hs.attempts.length - 1];
  if (hs.attempts.length) {
    out.initialize = {
      attempted: true,
      attempts: hs.attempts.map((a, i) => ({
        requestedVersion: a.requestedVersion,
        exchangeId: attemptIds[i] ?? attemptIds[attemptIds.length - 1] ?? 'none',
        ...(a.negotiatedVersion ? { negotiatedVersion: a.negotiatedVersion } : {}),
        ...(a.errorCode !== undefined ? { errorCode: a.errorCode } : {}),
        ...(a.errorMessage ? { errorMessage: a.errorMessage } : {}),
      })),
      ok: hs.ok,
      ...(hs.protocolVersion ? { protocolVersion: hs.protocolVersion } : {}),
      ...(hs.serverInfo ? { serverInfo: hs.serverInfo } : {}),
      ...(hs.capabilities ? { capabilities: hs.capabilities } : {}),
      ...(hs.ok && last?.ms !== undefined ? { latencyMs: last.ms } : {}),
      sessionIdSamples: [],
    };
  }
  const tl = hs.toolsList;
  if (tl) {
    out.toolsList = {
      attempted: tl.sent, ok: tl.ok === true,
      ...(tl.toolCount !== undefined ? { toolCount: tl.toolCount } : {}),
      ...(tl.toolNames ? { toolNames: tl.toolNames } : {}),
      ...(tl.errorCode !== undefined ? { errorCode: tl.errorCode } : {}),
      ...(tl.errorMessage ? { errorMessage: tl.errorMessage } : {}),
      ...(tl.ms !== undefined ? { latencyMs: tl.ms } : {}),
      ...(tl.pages !== undefined ? { pages: tl.pages } : {}),
    };
  }
  const samples: NonNullable<Probes['latency']>['samples'] = [];
  if (hs.ok && last?.ms !== undefined) samples.push({ label: initLabel, ms: last.ms });
  if (tl?.ok && tl.ms !== undefined) samples.push({ label: 'tools/list', ms: tl.ms });
  for (const [i, ms] of hs.pingMs.entries()) samples.push({ label: `ping ${i + 1}`, ms });
  out.latency = { samples };
  return out;
}
