// Recorded-style WebSocket artifacts for the websocket rule unit tests: an upgraded,
// well-behaved session by default, inside an HTTP scan (fixture evidence) or a ws:// scan.
import type { Evidence, Probes, WebSocketArtifact } from '../../src/contract/evidence.ts';
import { Evidence as EvidenceSchema } from '../../src/contract/evidence.ts';
import { evidence, exchange } from '../fixtures/evidence.ts';

type Session = NonNullable<WebSocketArtifact['session']>;

export function wsSession(over: Partial<Session> = {}): Session {
  return {
    timeoutMs: 5000,
    attempts: [{ requestedVersion: '2025-11-25', answered: true, ms: 3, negotiatedVersion: '2025-11-25' }],
    ok: true, protocolVersion: '2025-11-25', initializedSent: true,
    toolsList: { sent: true, answered: true, ms: 2, ok: true, toolCount: 2, toolNames: ['echo', 'slow-count'], pages: 1 },
    pingMs: [1, 1, 1], serverRequests: 0, serverNotifications: 0, invalidFrames: [], binaryFrames: 0,
    ...over,
  };
}

export function wsArtifact(over: Partial<WebSocketArtifact> = {}): WebSocketArtifact {
  return {
    attempted: true,
    url: 'wss://mcp.example.com/mcp',
    upgrade: { url: 'wss://mcp.example.com/mcp', outcome: 'upgraded', status: 101, subprotocol: 'mcp', ms: 20, exchangeId: 'ws1' },
    session: wsSession(),
    ping: { sent: true, pongMs: 2, timeoutMs: 3000 },
    cleanClose: { sent: true, code: 1000, ms: 2, timedOut: false },
    binary: {
      upgrade: { url: 'wss://mcp.example.com/mcp', outcome: 'upgraded', status: 101, subprotocol: 'mcp', ms: 15, exchangeId: 'ws2' },
      sent: true, closeCode: 1003, reason: 'binary frames are not supported', ms: 1, answeredText: false, timedOut: false,
    },
    frames: [],
    droppedFrames: 0,
    ...over,
  };
}

/** An HTTP (session-era) scan whose upgrade probe recorded `ws`. */
export function httpEvidenceWith(ws: WebSocketArtifact | undefined, status = 101): Evidence {
  const upgradeExchange = exchange({
    id: 'ws1', probe: 'websocket', label: 'WebSocket upgrade (subprotocol mcp)',
    request: { method: 'GET', url: 'https://mcp.example.com/mcp', headers: { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-protocol': 'mcp' } },
    response: { status, headers: status === 101 ? { upgrade: 'websocket', 'sec-websocket-protocol': 'mcp' } : { 'content-type': 'application/json' }, body: status === 101 ? undefined : '{"error":"Mcp-Session-Id header is required"}', endedBy: status === 101 ? 'not-read' : 'complete' },
  });
  return evidence(ws ? { websocket: ws } : {}, [upgradeExchange]);
}

/** A ws:// scan's Evidence (transport websocket) around `ws`. */
export function wsEvidence(ws: WebSocketArtifact, probes: Partial<Probes> = {}): Evidence {
  const ok = ws.session?.ok === true;
  const base = evidence();
  return EvidenceSchema.parse({
    ...base,
    url: 'wss://mcp.example.com/mcp',
    probes: {
      target: { ...base.probes.target, url: 'wss://mcp.example.com/mcp', scheme: 'wss' },
      era: ok
        ? { reachable: true, revisions: ['2025-11-25'], era: 'session', transport: 'websocket', protocolVersion: '2025-11-25', sessionRevision: '2025-11-25', authBlocked: false }
        : { reachable: true, unreachableReason: 'upgrade failed', revisions: [], era: 'unknown', transport: 'websocket', authBlocked: false },
      websocket: ws,
      ...probes,
    },
  });
}
