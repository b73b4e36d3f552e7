// gather → judge for a local stdio server: spawn it, run the stdio probe, and map what it
// saw onto the same Evidence shape an HTTP scan fills (era, initialize, toolsList, latency),
// so the transport-independent rules judge it too and HTTP-only rules become
// not-applicable through their `transports`. Reports are written exactly as for HTTP.
import { buildEvidence, ERA_OF, SESSION_REVISIONS } from '../contract/constants.ts';
import type { Evidence, Probes, StdioArtifact } from '../contract/evidence.ts';
import type { Result } from '../contract/result.ts';
import { DEFAULT_STDIO_OPTIONS, handshakeArtifacts, negotiatedRevision, probeStdio, type StdioProbeOptions } from '../gather/stdio.ts';
import type { StdioLimits } from '../net/stdioProcess.ts';
import type { ProgressEvent } from '../gather/context.ts';
import { loadRuleSet } from './scan.ts';
import type { ScoringConfig } from './scoring.ts';

export interface StdioScanInput {
  /** the command as typed, split like a shell would (no shell runs) */
  command: string;
  cwd?: string;
  /** extra environment for the child (its names are recorded, never the values) */
  env?: Record<string, string>;
  options?: Partial<StdioProbeOptions> & { quick?: boolean };
  limits?: Partial<StdioLimits>;
  onProgress?: (e: ProgressEvent) => void;
  scoring?: ScoringConfig;
  /** abort = kill the child now (the CLI wires SIGINT through the process registry too) */
  signal?: AbortSignal;
}

export async function scanStdio(input: StdioScanInput): Promise<{ evidence: Evidence; result: Result }> {
  const evidence = await gatherStdio(input);
  const { judge } = await loadRuleSet();
  return { evidence, result: judge(evidence, input.scoring) };
}

export async function gatherStdio(input: StdioScanInput): Promise<Evidence> {
  const options = { ...DEFAULT_STDIO_OPTIONS, ...input.options, ...(input.limits ? { limits: input.limits } : {}) };
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);
  const incidents: Evidence['incidents'] = [];
  const url = `stdio:${input.command}`;

  let art: StdioArtifact | undefined;
  try {
    art = await probeStdio({
      command: input.command, cwd: input.cwd, env: input.env, options, now, signal: input.signal,
      progress: (probe, phase) => input.onProgress?.({ probe, phase, at: now() }),
    });
  } catch (err) {
    incidents.push({ probe: 'stdio', message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
  }
  if (art?.exit.how === 'deadline') incidents.push({ probe: 'stdio', message: `the scan deadline (${options.deadlineMs} ms) cut the session short; the process group was killed` });

  const probes: Probes = {
    target: {
      url, scheme: 'stdio', host: 'localhost', port: 0, path: art?.file ?? input.command,
      isLoopback: true, userHeaderNames: [],
    },
    era: stdioEra(art),
    ...(art ? { stdio: art, ...handshakeArtifacts(art.handshake, stdinInitializeIds(art), 'initialize (incl. start-up)') } : {}),
  };
  return buildEvidence({
    url,
    startedAt,
    durationMs: now(),
    options: { quick: input.options?.quick ?? false, deadlineMs: options.deadlineMs, streamWindowMs: 0, keepAliveMaxMs: 0 },
    probes,
    transcript: [],
    incidents,
  });
}

function stdioEra(art: StdioArtifact | undefined): Probes['era'] {
  const rev = art ? negotiatedRevision(art.handshake) : undefined;
  if (!art || !rev) {
    return {
      reachable: art?.spawned ?? false, unreachableReason: unreachableReason(art),
      revisions: [], era: 'unknown', transport: 'stdio', authBlocked: false,
    };
  }
  return {
    reachable: true, revisions: [rev], era: ERA_OF[rev], transport: 'stdio',
    protocolVersion: art.handshake.protocolVersion ?? rev,
    ...(SESSION_REVISIONS.includes(rev) ? { sessionRevision: rev } : {}),
    authBlocked: false,
  };
}

function unreachableReason(art: StdioArtifact | undefined): string {
  if (!art) return 'the stdio probe failed (see incidents)';
  if (!art.spawned) return `the command could not be started (${art.spawnError ?? 'unknown error'})`;
  const hs = art.handshake;
  const firstErr = art.stderr.excerpt.split('\n').find((l) => l.trim())?.slice(0, 160);
  const stderr = firstErr ? `; stderr: ${JSON.stringify(firstErr)}` : '';
  if (hs.stoppedBy === 'exit' || art.exit.how === 'before-close') {
    const how = art.exit.signal ? `signal ${art.exit.signal}` : `code ${art.exit.code ?? '?'}`;
    return `the process exited (${how}) before answering initialize${stderr}`;
  }
  if (hs.attempts.length && hs.attempts.every((a) => a.answered)) {
    return `every initialize offered (${hs.attempts.map((a) => a.requestedVersion).join(', ')}) was answered with an error`;
  }
  return `no answer to initialize within ${hs.timeoutMs} ms (stdout: ${art.stdout.lines} line(s), ${art.stdout.jsonRpcLines} JSON-RPC)${stderr}`;
}

/** No HTTP exchange backs a stdio initialize: its id points at the stdin line in probes.stdio.lines. */
function stdinInitializeIds(art: StdioArtifact): string[] {
  return art.lines.filter((l) => l.dir === 'in' && l.text.includes('"method":"initialize"')).map((l) => `stdio:in#${l.seq}`);
}
