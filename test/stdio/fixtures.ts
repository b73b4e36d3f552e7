// Recorded-style Evidence of stdio scans for the stdio rule unit tests: a well-behaved
// session by default; a test changes only what its case is about.
import { Evidence, type Probes, type StdioArtifact } from '../../src/contract/evidence.ts';

type DeepPartialStdio = Omit<Partial<StdioArtifact>, 'stdout' | 'stderr' | 'handshake' | 'exit'> & {
  stdout?: Partial<StdioArtifact['stdout']>;
  stderr?: Partial<StdioArtifact['stderr']>;
  handshake?: Partial<StdioArtifact['handshake']>;
  exit?: Partial<StdioArtifact['exit']>;
};

export function stdioArtifact(over: DeepPartialStdio = {}): StdioArtifact {
  const { stdout, stderr, handshake, exit, ...rest } = over;
  return {
    command: 'node server.js', file: 'node', args: ['server.js'], envNames: [], spawned: true, pid: 4242,
    lines: [], droppedLines: 0,
    ...rest,
    stdout: {
      bytes: 1200, lines: 5, jsonRpcLines: 5, noiseCount: 0, blankCount: 0, noise: [], splitMessages: [],
      invalidUtf8Lines: [], overlongLines: [], crlfLines: 0, unterminated: false, maxLineBytes: 10 * 1024 * 1024,
      ...stdout,
    },
    stderr: { bytes: 40, lines: 2, excerpt: '[server] starting\n[server] ready\n', truncated: false, ...stderr },
    handshake: {
      timeoutMs: 10_000,
      attempts: [{ requestedVersion: '2025-11-25', answered: true, ms: 120, negotiatedVersion: '2025-11-25' }],
      ok: true, protocolVersion: '2025-11-25', serverInfo: { name: 'fixture', version: '1.0.0' }, capabilities: { tools: {} },
      initializedSent: true,
      toolsList: { sent: true, answered: true, ms: 3, ok: true, toolCount: 2, toolNames: ['a', 'b'], pages: 1 },
      pingMs: [1, 1, 1], serverRequests: 0, serverNotifications: 0,
      ...handshake,
    },
    exit: { how: 'stdin-close', code: 0, signal: null, afterCloseMs: 12, exitGraceMs: 3000, termGraceMs: 2000, groupKilled: false, ...exit },
  };
}

/** A stdio scan's Evidence around the given artifact (era derived the way scanStdio does for a good handshake). */
export function stdioEvidence(over: DeepPartialStdio = {}, probes: Partial<Probes> = {}): Evidence {
  const stdio = stdioArtifact(over);
  const ok = stdio.handshake.ok;
  return Evidence.parse({
    schemaVersion: 1,
    scanner: { name: 'agentready', version: 'test' },
    url: `stdio:${stdio.command}`,
    startedAt: '2026-11-22T00:00:00.000Z',
    durationMs: 500,
    options: { quick: false, deadlineMs: 60_000, streamWindowMs: 0, keepAliveMaxMs: 0 },
    probes: {
      target: { url: `stdio:${stdio.command}`, scheme: 'stdio', host: 'localhost', port: 0, path: stdio.file, isLoopback: true, credentialQueryParams: [], userHeaderNames: [] },
      era: ok
        ? { reachable: true, revisions: ['2025-11-25'], era: 'session', transport: 'stdio', protocolVersion: '2025-11-25', sessionRevision: '2025-11-25', authBlocked: false }
        : { reachable: stdio.spawned, unreachableReason: 'no answer to initialize', revisions: [], era: 'unknown', transport: 'stdio', authBlocked: false },
      stdio,
      ...probes,
    },
    transcript: [],
    incidents: [],
  });
}
