// The deprecated 2024-11-05 HTTP+SSE transport: GET opens a stream whose first event is
// `endpoint` (the POST URL); messages are POSTed there and answered on the stream.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import type { SseRecorder } from '../net/sse.ts';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { REBINDING_FETCH_METADATA, initializeParams, obs, resultOf, rpc, rpcSpec, statusOf } from './mcp.ts';
import { MAIN_CAPABILITIES } from './initialize.ts';
import { safeJsonParse } from '../net/jsonrpc.ts';
import { foreignMessages } from './isolation.ts';
import { answered as answeredKeepAlive, serverRequestResponder } from './stream.ts';
import { isLoopbackHost } from './target.ts';
import { probeCors } from './cors.ts';

const ENDPOINT_WAIT_MS = 5_000;
const ANSWER_WAIT_MS = 5_000;
/** a POST to the endpoint with no answer by then is left hanging (the official clients time out at 60 s) */
const HANG_MS = 5_000;
const FAN_OUT_GRACE_MS = 300;

type Legacy = NonNullable<Probes['legacy']>;

export async function probeLegacy(ctx: ScanContext, windowMs = 10_000): Promise<Legacy & { extras: LegacyExtras }> {
  const art: Legacy = { attempted: true, tried: [], ok: false };
  const extras: LegacyExtras = { latency: [] };
  const urls = [ctx.url.href];
  const conventional = new URL('/sse', ctx.url).href;
  if (!urls.includes(conventional)) urls.push(conventional);
  for (const url of urls) {
    if (ctx.client.pastDeadline) break;
    const found = await tryStream(ctx, url, art, extras, windowMs);
    if (found) break;
  }
  return { ...art, extras };
}

/** What the legacy session yields beyond the artifact: the probes the other eras fill too. */
export interface LegacyExtras {
  toolsList?: NonNullable<Probes['toolsList']>;
  latency: { label: string; ms: number; exchangeId: string }[];
  origin?: NonNullable<Probes['origin']>;
  isolation?: NonNullable<Probes['isolation']>;
  /** CORS on the message endpoint (what a browser POSTs to), asked while the session is live */
  cors?: NonNullable<Probes['cors']>;
}

async function tryStream(ctx: ScanContext, url: string, art: Legacy, extras: LegacyExtras, windowMs: number): Promise<boolean> {
  const stop = new AbortController();
  let rec: SseRecorder | undefined;
  let finished: ExchangeResult | undefined;
  const changed = new Waker();
  const keepAlive = answeredKeepAlive(ctx.options.quick, ctx.options.keepAliveMaxMs);
  const openedAt = performance.now();
  let lastChunkAt = openedAt;
  // once the endpoint is known, what the server asks on the stream is answered there, as clients do
  let respond: ((r: SseRecorder) => void) | undefined;
  const streamDone = ctx.client.exchange({
    probe: 'legacy', label: `legacy SSE stream ${new URL(url).pathname}`, method: 'GET', url,
    headers: { ...ctx.options.headers, accept: 'text/event-stream' }, expectStream: true,
    // long enough for the session's exchanges; after them the stream is held for keep-alive
    // (up to windowMs), or closed at once in quick mode
    windowMs: Math.max(ENDPOINT_WAIT_MS + 4 * ANSWER_WAIT_MS, windowMs), signal: stop.signal,
    onStream: (r) => { rec = r; },
    // the first event decides: anything but `endpoint` means this is not a legacy stream; once the
    // session's exchanges are done, the stream is held until its keep-alive cadence is judged
    stopWhen: (r) => {
      lastChunkAt = performance.now();
      respond?.(r);
      changed.wake();
      return r.record.events.length > 0 && r.record.events[0]!.event !== 'endpoint';
    },
  }).then((x) => { finished = x; changed.wake(); return x; });

  const firstEvent = () => rec?.record.events[0];
  await changed.until(() => firstEvent() !== undefined || finished !== undefined, ENDPOINT_WAIT_MS);
  const first = firstEvent();
  const record = (x: ExchangeResult, firstName?: string) => art.tried.push({
    ...obs(x), url,
    ...(x.exchange.response?.headers['content-type'] ? { contentType: x.exchange.response.headers['content-type'] } : {}),
    ...(firstName ? { firstEvent: firstName } : {}),
  });
  if (first?.event !== 'endpoint') {
    stop.abort();
    record(await streamDone, first ? first.event ?? 'message' : undefined);
    return false;
  }

  art.sseUrl = url;
  art.endpointData = first.data.slice(0, 2000);
  let endpoint: URL | undefined;
  try { endpoint = new URL(first.data.trim(), url); } catch { /* unresolvable: recorded by its absence */ }
  if (endpoint) {
    art.endpointUrl = endpoint.href;
    art.sameOrigin = endpoint.origin === new URL(url).origin;
    if (art.sameOrigin) respond = serverRequestResponder({ ...ctx, url: endpoint }, { protocolVersion: '2024-11-05' });
  }
  let searched = 0; // events already searched: each event is parsed once
  const answers = new Map<string, number>(); // rpc id -> ms (client clock) the answer arrived
  const scanAnswers = () => {
    const events = rec?.fullData ?? [];
    for (const e of events.slice(searched)) {
      if (!e.data.includes('"id"')) continue;
      const p = safeJsonParse(e.data);
      const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: unknown; error?: unknown } : undefined;
      if (m && ('result' in m || 'error' in m) && (typeof m.id === 'number' || typeof m.id === 'string') && !answers.has(String(m.id))) answers.set(String(m.id), performance.now());
    }
    searched = events.length;
  };
  // Only POST to the same origin: a hostile endpoint event must not aim the scanner elsewhere.
  if (endpoint && art.sameOrigin) {
    // a second legacy session watches its own stream while this one talks (fan-out to every stream?)
    const watchStop = new AbortController();
    const watcher = ctx.client.exchange({
      probe: 'isolation', label: `legacy SSE stream of a second session (isolation watcher)`, method: 'GET', url,
      headers: { ...ctx.options.headers, accept: 'text/event-stream' }, expectStream: true, windowMs: Math.max(2_000, windowMs), signal: watchStop.signal,
    });
    const spec = rpcSpec(ctx, { probe: 'legacy', label: 'legacy initialize (POST to the endpoint)', method: 'initialize', params: initializeParams('2024-11-05', MAIN_CAPABILITIES), url: endpoint.href });
    const post = await ctx.client.exchange(spec);
    let answer: ReturnType<typeof findNegotiated>;
    await changed.until(() => {
      const events = rec?.fullData ?? [];
      answer = findNegotiated(events.slice(searched), spec.rpcId);
      return answer !== undefined || finished !== undefined;
    }, ANSWER_WAIT_MS);
    const viaStream = answer !== undefined;
    // non-standard but seen: the answer in the POST response itself
    const negotiated = answer?.version ?? (resultOf<{ protocolVersion?: unknown }>(post)?.protocolVersion as string | undefined);
    art.initialize = {
      ...obs(post), ...(negotiated ? { negotiatedVersion: String(negotiated).slice(0, 40) } : {}), viaStream,
      ...(answer?.serverInfo ? { serverInfo: answer.serverInfo } : {}),
    };
    art.ok = negotiated !== undefined;
    if (art.ok && !ctx.client.pastDeadline) await legacySession(ctx, art, extras, endpoint, changed, scanAnswers, answers, () => finished !== undefined, () => rec?.fullData ?? []);
    // a POST naming no session, or an unknown one: refused at once, or left hanging?
    if (!ctx.client.pastDeadline) {
      const unknown = new URL(endpoint.href);
      const param = [...unknown.searchParams.keys()].find((k) => /session/i.test(k)) ?? 'sessionId';
      unknown.searchParams.set(param, `agentready-unknown-${randomUUID()}`);
      const missing = new URL(endpoint.href);
      missing.searchParams.delete(param);
      const [u, m, cors] = await Promise.all([
        rpc(ctx, { probe: 'legacy', label: `POST with an unknown ${param}`, method: 'ping', params: {}, url: unknown.href, timeoutMs: HANG_MS }),
        rpc(ctx, { probe: 'legacy', label: `POST without ${param}`, method: 'ping', params: {}, url: missing.href, timeoutMs: HANG_MS }),
        // a browser POSTs to the endpoint of its live session: once the stream is closed, many
        // servers leave a POST to it hanging, which would say nothing about their CORS
        art.ok ? probeCors({ ...ctx, url: endpoint }, { method: 'ping', modern: false }, false) : undefined,
      ]);
      if (cors) extras.cors = cors;
      art.unknownSession = { ...obs(u), hung: hung(u) };
      art.missingSession = { ...obs(m), hung: hung(m) };
    }
    await delay(FAN_OUT_GRACE_MS, undefined, { signal: ctx.client.signal }).catch(() => {});
    watchStop.abort();
    const w = await watcher;
    const status = w.exchange.response?.status;
    const open = status === 200 && w.sse !== undefined;
    extras.isolation = {
      attempted: true,
      stimuli: ['initialize', 'notifications/initialized', 'notifications/roots/list_changed', 'tools/list', 'ping'],
      watches: [{
        kind: 'legacy-second-session', exchangeId: w.exchange.id, ...(status !== undefined ? { status } : {}), open,
        leaked: open ? foreignMessages(w, { ownIds: new Set(), foreignTokens: new Set(), declaredRoots: false }) : [],
        events: w.sse?.record.events.length ?? 0,
      }],
    };
  }
  // Hold the stream until its keep-alive cadence is judged: a keep-alive tick came, or it stayed
  // silent for the whole threshold after the last byte (or the window ends). Quick: not at all.
  const threshold = ctx.options.keepAliveMaxMs;
  while (!ctx.options.quick && finished === undefined && !(rec && keepAlive(rec)) && !ctx.client.pastDeadline) {
    const wait = Math.min(lastChunkAt + threshold + 1_000 - performance.now(), openedAt + windowMs - performance.now());
    if (wait <= 0) break;
    await changed.until(() => finished !== undefined || (rec !== undefined && keepAlive(rec)), wait);
  }
  stop.abort();
  const done = await streamDone;
  art.streamExchangeId = done.exchange.id;
  const endedBy = done.exchange.response?.endedBy;
  art.keepAliveObservable = !ctx.options.quick && (endedBy === 'answered' || endedBy === 'window');
  record(done, 'endpoint');
  return true;
}

/** The legacy session used as any client uses it: initialized, tools/list, pings; answers read off the stream. */
async function legacySession(
  ctx: ScanContext, art: Legacy, extras: LegacyExtras, endpoint: URL, changed: Waker,
  scanAnswers: () => void, answers: Map<string, number>, streamEnded: () => boolean, events: () => { data: string }[],
): Promise<void> {
  art.posts = [];
  const send = async (label: string, method: string, params?: Record<string, unknown>, notification = false) => {
    const spec = rpcSpec(ctx, { probe: 'legacy', label, method, params, notification, url: endpoint.href });
    const t0 = performance.now();
    const x = await ctx.client.exchange(spec);
    const id = spec.rpcId === undefined ? undefined : String(spec.rpcId);
    if (id !== undefined) await changed.until(() => { scanAnswers(); return answers.has(id) || streamEnded(); }, ANSWER_WAIT_MS);
    const at = id !== undefined ? answers.get(id) : undefined;
    art.posts!.push({ ...obs(x), method, answeredOnStream: at !== undefined, ...(at !== undefined ? { answerMs: Math.round(at - t0) } : {}) });
    return { x, id, ms: at !== undefined ? Math.round(at - t0) : undefined };
  };
  await send('legacy notifications/initialized', 'notifications/initialized', undefined, true);
  // roots were declared: announcing a change makes servers ask for them (roots/list), on this
  // session's stream only, or on the second session's too if they broadcast
  await send('legacy notifications/roots/list_changed', 'notifications/roots/list_changed', undefined, true);
  const tl = await send('legacy tools/list', 'tools/list', {});
  const listed = (() => {
    if (tl.id === undefined) return undefined;
    for (const e of events()) {
      if (!e.data.includes('"tools"')) continue;
      const p = safeJsonParse(e.data);
      const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: { tools?: unknown } } : undefined;
      if (m && String(m.id) === tl.id && Array.isArray(m.result?.tools)) return m.result!.tools as unknown[];
    }
    return undefined;
  })();
  extras.toolsList = {
    attempted: true, exchangeId: tl.x.exchange.id, ...(statusOf(tl.x) !== undefined ? { status: statusOf(tl.x) } : {}),
    ok: listed !== undefined,
    ...(listed ? { toolCount: listed.length, toolNames: listed.slice(0, 50).map((t) => String((t as { name?: unknown } | null)?.name ?? '').slice(0, 200)).filter(Boolean), pages: 1 } : {}),
    ...(tl.ms !== undefined ? { latencyMs: tl.ms } : {}),
    ...(listed ? {} : { errorMessage: tl.ms === undefined ? 'no answer on the stream' : 'the answer carried no tools array' }),
  };
  for (let i = 1; i <= 3 && !ctx.client.pastDeadline; i++) {
    const p = await send(`legacy ping ${i}`, 'ping', {});
    if (p.ms !== undefined) extras.latency.push({ label: `ping ${i} (answer on the stream)`, ms: p.ms, exchangeId: p.x.exchange.id });
  }
  // The message endpoint is where requests go in: the SDK's HTTP+SSE transport checks Origin and
  // Host there (on POST), not on the stream. A ping, with a foreign Origin, then a spoofed Host.
  if (ctx.client.pastDeadline) return;
  const foreign = (label: string, headers: Record<string, string>) =>
    ctx.client.exchange(rpcSpec(ctx, { probe: 'origin', label, method: 'ping', params: {}, url: endpoint.href, headers, timeoutMs: ANSWER_WAIT_MS }));
  const viaOrigin = await foreign(`legacy ping with Origin: ${ctx.evilOrigin}`, { origin: ctx.evilOrigin });
  art.foreignPosts = { origin: obs(viaOrigin) };
  if (isLoopbackHost(ctx.url.hostname) && !ctx.client.pastDeadline) {
    art.foreignPosts.host = obs(await foreign('legacy ping with Host: evil.example', { host: 'evil.example', ...REBINDING_FETCH_METADATA }));
  }
}

const hung = (x: ExchangeResult) => x.exchange.response === undefined && x.exchange.error !== undefined && x.exchange.error.kind !== 'deadline' && x.exchange.error.kind !== 'connect' && x.exchange.error.kind !== 'dns';

/** The initialize answer on the stream: its negotiated version ('unknown' when none) and serverInfo. */
function findNegotiated(events: { data: string }[], id: number | undefined): { version: string; serverInfo?: { name?: string; version?: string } } | undefined {
  for (const e of events) {
    if (!e.data.includes('"result"')) continue;
    const p = safeJsonParse(e.data); // bounded: no absurd nesting or millions of objects
    const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown } } } : undefined;
    if (m && m.id === id && m.result) {
      const info = m.result.serverInfo;
      const serverInfo = info && typeof info === 'object' ? {
        ...(typeof info.name === 'string' ? { name: info.name.slice(0, 200) } : {}),
        ...(typeof info.version === 'string' ? { version: info.version.slice(0, 100) } : {}),
      } : undefined;
      return { version: typeof m.result.protocolVersion === 'string' ? m.result.protocolVersion : 'unknown', ...(serverInfo ? { serverInfo } : {}) };
    }
  }
  return undefined;
}

/**
 * Wakes whoever waits on the stream when it changes (each chunk read) or ends. Waiting on
 * these wake-ups rather than polling answers as soon as the stream does, and a stream the
 * scan's deadline cut ends the wait at once.
 */
class Waker {
  #waiters = new Set<() => void>();
  wake(): void { for (const w of this.#waiters) w(); } // a waiter that is done deletes itself: safe while iterating a Set
  /** Resolves once cond() holds (checked now and at every wake-up), or after ms. */
  until(cond: () => boolean, ms: number): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.#waiters.delete(check); resolve(); };
      const check = () => { if (cond()) done(); };
      const timer = setTimeout(done, ms);
      this.#waiters.add(check);
    });
  }
}
