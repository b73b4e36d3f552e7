// Isolation watchers: while the first session talks, other clients hold streams open and record
// what arrives. A second initialized session, and a client that never initialized (a GET with no
// session id), on session-era servers; a second legacy session on HTTP+SSE servers. Gateways and
// frameworks that fan one session's messages out to every open stream show up here.
// The probe records what arrived and which messages are provably not the watcher's (responses to
// requests it never sent, progress for a token it never used, requests for a capability it never
// declared); rules decide what that means.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import { safeJsonParse } from '../net/jsonrpc.ts';
import { initializeOnce, probeInitialized } from './initialize.ts';
import { streamHeaders } from './stream.ts';
import type { Session } from './mcp.ts';

type Watch = NonNullable<Probes['isolation']>['watches'][number];

/** A watcher flooded with its own traffic stops there: it has seen enough, and parsing more only costs the scan. */
const WATCH_MAX_EVENTS = 500;
const enough = (rec: { record: { events: unknown[] } }) => rec.record.events.length >= WATCH_MAX_EVENTS;

/** What the watched messages are checked against: the watcher's own request ids, the first session's progress token. */
export interface Ownership {
  /** JSON-RPC ids the watcher itself sent (a response to anything else is not its own) */
  ownIds: Set<string>;
  /** progress tokens the watcher never used */
  foreignTokens: Set<string>;
  /** the watcher declared no `roots` capability: a roots/list request is not for it */
  declaredRoots: boolean;
}

export interface RunningWatch {
  kind: Watch['kind'];
  done: Promise<ExchangeResult | undefined>;
  ownIds: Set<string>;
  /** settles once the watcher's stream is open (its headers came), or once it never will be */
  ready: Promise<void>;
}

/** Messages of one stream that are provably not the watcher's. */
export function foreignMessages(x: ExchangeResult | undefined, own: Ownership): Watch['leaked'] {
  return foreignIn(x?.sse?.fullData ?? [], own);
}

/** The same over raw messages (SSE event data, WebSocket text frames). */
export function foreignIn(messages: { data: string; id?: string }[], own: Ownership): Watch['leaked'] {
  const out: Watch['leaked'] = [];
  for (const e of messages) {
    if (out.length >= 20) break;
    if (!e.data.includes('"jsonrpc"')) continue;
    const p = safeJsonParse(e.data);
    const items = p.ok ? (Array.isArray(p.value) ? p.value : [p.value]) : [];
    for (const m of items) {
      if (typeof m !== 'object' || m === null) continue;
      const msg = m as { id?: unknown; method?: unknown; result?: unknown; error?: unknown; params?: { progressToken?: unknown } };
      const isResponse = ('result' in msg || 'error' in msg) && (typeof msg.id === 'string' || typeof msg.id === 'number');
      if (isResponse && !own.ownIds.has(String(msg.id))) {
        out.push({ what: `a response to request id ${String(msg.id).slice(0, 40)}, which this client never sent`, ...(e.id ? { eventId: e.id.slice(0, 200) } : {}) });
      } else if (msg.method === 'notifications/progress' && typeof msg.params?.progressToken === 'string' && own.foreignTokens.has(msg.params.progressToken)) {
        out.push({ what: `progress for another session's token ${msg.params.progressToken.slice(0, 40)}`, ...(e.id ? { eventId: e.id.slice(0, 200) } : {}) });
      } else if (msg.method === 'roots/list' && !own.declaredRoots) {
        out.push({ what: 'a roots/list request, though this client declared no roots capability (another session announced roots)', ...(e.id ? { eventId: e.id.slice(0, 200) } : {}) });
      }
    }
  }
  return out;
}

/** a promise and its resolve (Promise.withResolvers, which the es2023 lib does not type) */
function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/**
 * Opens the session-era watchers: a second session's GET stream and a GET without any session id.
 * They stay open until `stop` aborts (bounded by windowMs).
 */
export function startSessionWatches(ctx: ScanContext, main: Session, stop: AbortSignal, windowMs: () => number): RunningWatch[] {
  const secondReady = settled();
  const second: RunningWatch = { kind: 'second-session', ownIds: new Set(), done: Promise.resolve(undefined), ready: secondReady.promise };
  second.done = (async () => {
    const b = await initializeOnce(ctx, main.protocolVersion, 'isolation', 'initialize (second session, isolation watcher)');
    const initId = idOf(b.x);
    if (initId) second.ownIds.add(initId);
    if (!b.session?.sessionId || stop.aborted || ctx.client.pastDeadline) return undefined;
    await probeInitialized(ctx, b.session, 'isolation');
    if (stop.aborted || ctx.client.pastDeadline) return undefined;
    return ctx.client.exchange({
      probe: 'isolation', label: 'GET stream of a second session (isolation watcher)', method: 'GET', url: ctx.url.href,
      headers: streamHeaders(ctx, b.session), expectStream: true, windowMs: Math.max(1_000, windowMs()), signal: stop, stopWhen: enough,
      onStream: () => secondReady.resolve(),
    });
  })();
  void second.done.finally(() => secondReady.resolve()).catch(() => {});
  const uninitializedReady = settled();
  const uninitialized: RunningWatch = {
    kind: 'uninitialized', ownIds: new Set(), ready: uninitializedReady.promise,
    // a client that never initialized: no session id at all (servers should refuse it with 400)
    done: ctx.client.exchange({
      probe: 'isolation', label: 'GET stream without any session (never-initialized watcher)', method: 'GET', url: ctx.url.href,
      headers: streamHeaders(ctx, { protocolVersion: main.protocolVersion }), expectStream: true, windowMs: Math.max(1_000, windowMs()), signal: stop, stopWhen: enough,
      onStream: () => uninitializedReady.resolve(),
    }),
  };
  void uninitialized.done.finally(() => uninitializedReady.resolve()).catch(() => {});
  return [second, uninitialized];
}

/** The isolation artifact from finished watches. */
export async function finishWatches(watches: RunningWatch[], foreignTokens: string[], stimuli: string[]): Promise<NonNullable<Probes['isolation']>> {
  const out: Watch[] = [];
  for (const w of watches) {
    const x = await w.done.catch(() => undefined);
    if (!x) continue;
    const status = x.exchange.response?.status;
    const open = status !== undefined && status >= 200 && status < 300 && x.sse !== undefined;
    out.push({
      kind: w.kind, exchangeId: x.exchange.id, ...(status !== undefined ? { status } : {}), open,
      leaked: open ? foreignMessages(x, { ownIds: w.ownIds, foreignTokens: new Set(foreignTokens), declaredRoots: false }) : [],
      events: x.sse?.record.events.length ?? 0,
    });
  }
  return { attempted: true, watches: out, stimuli };
}

export function idOf(x: ExchangeResult): string | undefined {
  const body = x.exchange.request.body;
  if (!body) return undefined;
  const p = safeJsonParse(body);
  const id = p.ok && typeof p.value === 'object' && p.value !== null ? (p.value as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
