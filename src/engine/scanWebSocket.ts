// Scanning a ws:// or wss:// URL: the WebSocket probe alone, its session mapped onto the same
// era/initialize/toolsList/latency artifacts the HTTP scan writes, so the same rules judge it.
import { buildEvidence, ERA_OF, SESSION_REVISIONS } from '../contract/constants.ts';
import type { Evidence, Probes, WebSocketArtifact } from '../contract/evidence.ts';
import { DEFAULT_SCAN_OPTIONS, type ProgressEvent, type ScanOptions } from '../contract/options.ts';
import { NetClient } from '../net/client.ts';
import type { WsLimits } from '../net/websocket.ts';
import { EVIL_ORIGIN } from '../gather/context.ts';
import { handshakeArtifacts, negotiatedRevision } from '../gather/stdio.ts';
import { targetArtifact } from '../gather/target.ts';
import { probeWebSocket, WS_SUBPROTOCOL, type WsProbeTimeouts } from '../gather/websocket.ts';

export interface WsScanInput {
  url: string;
  options?: Partial<ScanOptions>;
  onProgress?: (e: ProgressEvent) => void;
  timeouts?: Partial<WsProbeTimeouts>;
  limits?: Partial<WsLimits>;
}

/** Evidence for a ws:// or wss:// URL: the WebSocket probe, mapped onto era/initialize/toolsList/latency. */
export async function gatherWebSocket(input: WsScanInput): Promise<Evidence> {
  const options: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, ...input.options };
  const url = new URL(input.url);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort('deadline'), options.deadlineMs);
  const client = new NetClient({ signal: deadline.signal, secretHeaderNames: Object.keys(options.headers), blockPrivate: options.blockPrivate });
  const incidents: Evidence['incidents'] = [];
  const probes: Partial<Probes> = { target: targetArtifact(url, Object.keys(options.headers)) };
  input.onProgress?.({ probe: 'websocket', phase: 'start', at: client.now() });
  try {
    probes.websocket = await probeWebSocket({
      url, headers: options.headers, blockPrivate: options.blockPrivate, now: () => client.now(),
      signal: deadline.signal, record: (x) => client.recordExternal(x), timeouts: input.timeouts, limits: input.limits,
      isolation: (a) => { probes.isolation = a; },
      origin: { evil: EVIL_ORIGIN, loopback: probes.target!.isLoopback, found: (a) => { probes.origin = a; } },
    });
  } catch (err) {
    incidents.push({ probe: 'websocket', message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
  } finally {
    clearTimeout(timer);
    input.onProgress?.({ probe: 'websocket', phase: 'done', at: client.now() });
  }
  if (deadline.signal.aborted) incidents.push({ probe: 'scan', message: `the scan deadline (${options.deadlineMs} ms) cut probes short` });
  await client.close();

  const ws = probes.websocket;
  const session = ws?.session;
  const rev = session ? negotiatedRevision(session) : undefined;
  const upgradeId = ws?.upgrade?.exchangeId;
  if (session) Object.assign(probes, handshakeArtifacts(session, upgradeId ? [upgradeId] : []));
  probes.era = rev
    ? {
      reachable: true, revisions: [rev], era: ERA_OF[rev], transport: 'websocket',
      protocolVersion: session?.protocolVersion ?? rev, ...(SESSION_REVISIONS.includes(rev) ? { sessionRevision: rev } : {}), authBlocked: false,
    }
    : {
      reachable: client.transcript.some((x) => x.response !== undefined),
      unreachableReason: wsUnreachableReason(ws),
      revisions: [], era: 'unknown', transport: 'websocket',
      authBlocked: ws?.upgrade?.status === 401 || ws?.upgrade?.status === 403,
    };
  return buildEvidence({
    url: url.href,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    options: { quick: options.quick, deadlineMs: options.deadlineMs, streamWindowMs: options.streamWindowMs, keepAliveMaxMs: options.keepAliveMaxMs },
    probes: probes as Probes,
    transcript: [...client.transcript],
    incidents,
  });
}

function wsUnreachableReason(ws: WebSocketArtifact | undefined): string {
  const u = ws?.upgrade;
  if (!u) return 'the WebSocket probe did not run';
  if (u.outcome === 'upgraded') {
    const a = ws.session?.attempts ?? [];
    return a.length && a.every((x) => x.answered) ? 'upgraded, but every initialize was answered with an error' : 'upgraded, but initialize got no answer over text frames';
  }
  if (u.outcome === 'declined' || u.outcome === 'server-error') return `the upgrade was answered ${u.status ?? '?'} (no WebSocket)`;
  if (u.outcome === 'no-subprotocol') return `the server upgraded without selecting the "${WS_SUBPROTOCOL}" subprotocol`;
  return `WebSocket upgrade failed (${u.outcome}${u.error ? `: ${u.error}` : ''})`;
}
