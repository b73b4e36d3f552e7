// gather: runs the probes (independent ones concurrently) into one Evidence document,
// always within the deadline. scan: gather → judge. Probes never judge; the Result is
// computed from the Evidence alone, so `rescore` reproduces it offline.
import { buildEvidence, ERA_OF, REVISIONS, SESSION_REVISIONS, type Revision } from '../contract/constants.ts';
import type { Evidence, Exchange, Probes } from '../contract/evidence.ts';
import type { Result } from '../contract/result.ts';
import { NetClient } from '../net/client.ts';
import type { NetLimits } from '../contract/limits.ts';
import { BROWSER_ORIGIN, DEFAULT_SCAN_OPTIONS, EVIL_ORIGIN, runProbe, type ProgressEvent, type ScanContext, type ScanOptions } from '../gather/context.ts';
import { targetArtifact } from '../gather/target.ts';
import { probeDiscover } from '../gather/discover.ts';
import { probeInitialize, probeInitialized, probeNotification, probePings, probeToolsList } from '../gather/initialize.ts';
import { attributeReplay, probeGetStream, probeResume, stimulate } from '../gather/stream.ts';
import { finishWatches, startSessionWatches } from '../gather/isolation.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { probeReopenSession, probeSession } from '../gather/session.ts';
import { probeLegacyOrigin, probeOrigin, probeOriginOnSession, probeProtocolVersion } from '../gather/validation.ts';
import { probeCors } from '../gather/cors.ts';
import { probeBatch } from '../gather/jsonRpcBatch.ts';
import { probeAuth } from '../gather/auth.ts';
import { probeTls } from '../gather/tls.ts';
import { probeToolCall, probeToolCallDropped } from '../gather/toolCall.ts';
import { probeBrowser, type BrowserProvider } from '../gather/browser.ts';
import { MODERN_REVISION, type Session } from '../gather/mcp.ts';
import type { ScoringConfig } from './scoring.ts';
import { SCANNER } from '../contract/version.ts';

export interface ScanInput {
  url: string;
  options?: Partial<ScanOptions>;
  limits?: Partial<NetLimits>;
  onProgress?: (e: ProgressEvent) => void;
  scoring?: ScoringConfig;
  /** a browser for the real-browser check (omit, or options.browser=false, to skip it) */
  browser?: BrowserProvider;
  /**
   * Called once, when the scan has nothing left to do but wait (the stream watches, their grace)
   * or, at the latest, when it ends: the moment for a caller's deferred work (the CLI compiles
   * its report templates then), which would otherwise slow the probes or follow the scan.
   */
  onIdle?: () => void;
}

/** what the legacy session's own exchanges take on a healthy server, added to its stream window */
const LEGACY_EXCHANGES_MS = 10_000;
/** time kept back from the GET window for resumption and clean-up */
const RESERVE_MS = 4_000;
/** the browser check and the WebSocket probe start with the GET stream's long watch, or after this long at the latest */
const BROWSER_WAIT_FOR_WATCH_MS = 3_000;
/** after the deadline aborts every request, probes get this long to wind down */
const WIND_DOWN_MS = 1_500;

/**
 * The rule set (every rule, and the judge bound to them), loaded on first use: ~60 modules a
 * scan need not load before its first request. A scan loads it while it waits (see idle()).
 */
export const loadRuleSet = (): Promise<typeof import('./ruleSet.ts')> => (ruleSetLoading ??= loadInStages());
let ruleSetLoading: Promise<typeof import('./ruleSet.ts')> | undefined;

/**
 * In two stages, with a turn of the event loop between them: a scan loads the rules while its
 * last probes are in flight, and evaluating everything in one block would hold those probes'
 * timers and answers back (a quick scan's stream reopen and resumption waited on it). The judge
 * (with scoring) first, the rules with ruleSet.ts after. Judging loads no zod.
 */
async function loadInStages(): Promise<typeof import('./ruleSet.ts')> {
  await import('./judge.ts');
  await new Promise<void>((resolve) => setImmediate(resolve));
  return import('./ruleSet.ts');
}

export async function scan(input: ScanInput): Promise<{ evidence: Evidence; result: Result }> {
  const evidence = await gather(input);
  const { judge } = await loadRuleSet();
  return { evidence, result: judge(evidence, input.scoring) };
}

export async function gather(input: ScanInput): Promise<Evidence> {
  const options: ScanOptions = { ...DEFAULT_SCAN_OPTIONS, ...input.options };
  const url = new URL(input.url);
  // ws:// and wss:// speak no HTTP transport: the WebSocket probe alone
  // loaded on demand, as the legacy and WebSocket probes below: most scans start without them
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return (await import('./scanWebSocket.ts')).gatherWebSocket({ url: url.href, options, onProgress: input.onProgress });
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort('deadline'), options.deadlineMs);
  const client = new NetClient({
    limits: input.limits,
    blockPrivate: options.blockPrivate,
    signal: deadline.signal,
    secretHeaderNames: Object.keys(options.headers),
    userAgent: `${SCANNER.name}/${SCANNER.version}`,
  });
  const ctx: ScanContext = {
    url, client, options,
    progress: (e) => input.onProgress?.({ ...e, at: client.now() }),
    browserOrigin: BROWSER_ORIGIN,
    evilOrigin: EVIL_ORIGIN,
    openedSessions: new Set(),
  };
  const incidents: Evidence['incidents'] = [];
  const probes: Partial<Probes> = { target: targetArtifact(url, Object.keys(options.headers)) };
  const remaining = () => options.deadlineMs - (performance.now() - t0);

  let idleCalled = false;
  const idle = () => {
    if (idleCalled) return;
    idleCalled = true;
    void loadRuleSet().catch(() => {}); // judging is next: load the rules while the scan waits
    input.onIdle?.();
  };
  const work = runAll(ctx, probes, incidents, remaining, options.browser === false ? undefined : input.browser, idle);
  let hardTimer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<'hard'>((r) => { hardTimer = setTimeout(() => r('hard'), options.deadlineMs + WIND_DOWN_MS); });
  const how = await Promise.race([work.then(() => 'done' as const), hardStop]);
  clearTimeout(hardTimer);
  clearTimeout(deadlineTimer);
  if (how === 'hard') incidents.push({ probe: 'scan', message: `probes still running at the deadline (${options.deadlineMs} ms) were abandoned` });
  else if (deadline.signal.aborted) incidents.push({ probe: 'scan', message: `the scan deadline (${options.deadlineMs} ms) cut probes short` });
  work.catch(() => {}); // an abandoned probe must not become an unhandled rejection later
  idle();
  await client.close();

  probes.era ??= eraArtifact(probes, client.transcript);
  return buildEvidence({
    url: url.href,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    options: {
      quick: options.quick, deadlineMs: options.deadlineMs, streamWindowMs: options.streamWindowMs,
      keepAliveMaxMs: options.keepAliveMaxMs, ...(options.callTool ? { callTool: options.callTool.name } : {}),
      browser: options.browser !== false && input.browser !== undefined,
    },
    probes: probes as Probes,
    transcript: [...client.transcript],
    incidents,
  });
}

async function runAll(
  ctx: ScanContext, probes: Partial<Probes>, incidents: Evidence['incidents'], remaining: () => number,
  browser: BrowserProvider | undefined, idle: () => void,
): Promise<void> {
  const run = <T>(name: string, fn: () => Promise<T>) => runProbe(ctx, name, incidents, fn);

  const legacySamples: NonNullable<Probes['latency']>['samples'] = [];
  // 1. Who are you? Modern and session-era handshakes side by side; legacy only as the fallback clients use.
  const [disc, hs] = await Promise.all([run('discover', () => probeDiscover(ctx)), run('initialize', () => probeInitialize(ctx))]);
  if (disc) probes.discover = disc;
  if (hs) probes.initialize = hs.artifact;
  const modern = disc?.answered === true && (disc.supportedVersions ?? []).includes(MODERN_REVISION);
  const session = hs?.session;
  const websocket = () => run('websocket', async () => (await import('../gather/websocket.ts')).probeWebSocketUpgrade(ctx)).then((w) => { if (w) probes.websocket = w; });
  let websocketBesideLegacy: Promise<void> | undefined;
  if (!modern && !session) {
    const authRefused = [disc?.status, ...(hs?.artifact.attempts ?? []).map((a) => a.status)].some((s) => s === 401 || s === 403);
    if (!authRefused) {
      // The WebSocket probe needs nothing the legacy session finds, so it runs beside it: after
      // it, a server answering the upgrade with a stream that never ends adds its wait to the scan.
      if (ctx.client.transcript.some((x) => x.response !== undefined)) websocketBesideLegacy = websocket();
      // the stream is held past the session's exchanges until a keep-alive threshold of silence has
      // been seen after them (the GET window plus room for the exchanges), within the deadline
      const window = Math.max(1_000, Math.min(ctx.options.streamWindowMs + LEGACY_EXCHANGES_MS, remaining() - RESERVE_MS));
      const found = await run('legacy', async () => (await import('../gather/legacy.ts')).probeLegacy(ctx, window));
      if (found) {
        const { extras, ...legacy } = found;
        probes.legacy = legacy;
        if (extras.toolsList) probes.toolsList = extras.toolsList;
        if (extras.isolation) probes.isolation = extras.isolation;
        if (extras.cors) probes.cors = extras.cors;
        legacySamples.push(...extras.latency);
      }
    }
  }
  probes.era = eraArtifact(probes, ctx.client.transcript);

  // 2. Everything else that is independent, concurrently.
  // HTTP+SSE behind a login: its POSTs met 404/405 and the GET of the stream met the 401
  const postRefused = [disc?.status, ...(hs?.artifact.attempts ?? []).map((a) => a.status)].some((s) => s === 401 || s === 403);
  const streamLogin = probes.era.authBlocked && !session && !modern && !postRefused;
  const first = session
    ? { method: 'initialize', modern: false, version: session.protocolVersion }
    : modern ? { method: 'server/discover', modern: true } : probes.era.authBlocked && !streamLogin ? { method: 'initialize', modern: false, version: '2025-11-25' } : undefined;
  const tasks: Promise<unknown>[] = [];
  if (hs?.checks) {
    // the era was settled by the handshake; what the newer offers found (in these checks) is added to it
    tasks.push(run('initialize-checks', () => hs.checks!.then(() => {
      const also = alsoAcceptedOf(probes.initialize, probes.era!.revisions);
      if (also.length) probes.era = { ...probes.era!, alsoAccepted: also };
    })));
  }
  // The GET stream's long watch is when the browser check and the WebSocket probe cost nothing:
  // Chromium launching, or `ws` loading, beside the handshakes slows them on a small machine and
  // delays the watch's start, which every full scan then pays at its end. A quick scan has no
  // long watch: they start once the session's short requests are done (their latencies and
  // header timeouts must not carry Chromium's start), which costs it ~0.1 s beside the browser's ~1 s.
  let watchStarted!: () => void;
  const longWatch = new Promise<void>((resolve) => { watchStarted = resolve; });
  if (!session) watchStarted();
  // unref'd: a scan that ends sooner must not keep the process alive for this timer
  const duringWatch = () => Promise.race([longWatch, delay(BROWSER_WAIT_FOR_WATCH_MS, undefined, { signal: ctx.client.signal, ref: false }).catch(() => {})]);
  if (first) {
    tasks.push((async () => {
      const auth = await run('auth', () => probeAuth(ctx, first));
      if (auth) probes.auth = auth;
      const cors = await run('cors', () => probeCors(ctx, first, auth?.required ?? false, modern));
      if (cors) probes.cors = cors;
    })());
    tasks.push(run('origin', () => probeOrigin(ctx, first)).then((o) => { if (o) probes.origin = o; }));
  }
  if (streamLogin) {
    tasks.push(run('auth', () => probeAuth(ctx, { method: 'GET', modern: false })).then((a) => { if (a) probes.auth = a; }));
    tasks.push(run('origin', () => probeLegacyOrigin(ctx)).then((o) => { if (o) probes.origin = o; }));
  }
  if (!first && probes.legacy?.ok) {
    // HTTP+SSE: a foreign Origin on the stream (CORS on the message endpoint was asked during the session)
    tasks.push(run('origin', () => probeLegacyOrigin(ctx)).then((o) => { if (o) probes.origin = o; }));
  }
  const hsts = firstHeader(ctx.client.transcript, 'strict-transport-security');
  tasks.push(run('tls', () => probeTls(ctx, hsts)).then((t) => { if (t) probes.tls = t; }));
  if (websocketBesideLegacy) tasks.push(websocketBesideLegacy);
  else if (probes.era.reachable) tasks.push(duringWatch().then(websocket));
  const samples: NonNullable<Probes['latency']>['samples'] = [...legacySamples];
  if (hs?.artifact.latencyMs !== undefined) samples.push({ label: 'initialize', ms: hs.artifact.latencyMs, exchangeId: hs.artifact.exchangeId });
  else if (disc?.latencyMs !== undefined) samples.push({ label: 'server/discover', ms: disc.latencyMs, exchangeId: disc.exchangeId });

  let originOnSession: NonNullable<Probes['origin']>['onSession'] | undefined;
  if (session) tasks.push(sessionEraProbes(ctx, probes, session, samples, run, remaining, watchStarted, idle).then((o) => { originOnSession = o; }));
  else if (modern) {
    tasks.push((async () => {
      // 2026-07-28 has no initialized notification; a cancellation of a request that never existed
      // is a notification every server must accept (202) and may ignore
      const note = await run('initialized', () => probeNotification(ctx));
      if (note && !probes.initialized) probes.initialized = note;
      const tl = await run('tools-list', () => probeToolsList(ctx, undefined, true));
      if (tl) { probes.toolsList = tl; if (tl.ok && tl.latencyMs !== undefined) samples.push({ label: 'tools/list', ms: tl.latencyMs, exchangeId: tl.exchangeId }); }
      const pings = await run('latency', () => probePings(ctx, undefined, true));
      samples.push(...(pings ?? []));
      const tc = await run('tool-call', () => probeToolCall(ctx, undefined, true));
      if (tc) probes.toolCall = tc.artifact;
    })());
  }
  // The browser check drives its own sessions, so it runs beside the others.
  if (probes.era.reachable) {
    tasks.push((async () => {
      await duringWatch();
      const b = await run('browser', () => probeBrowser(ctx, probes, browser));
      if (b !== undefined) probes.browser = b;
    })());
  }
  await Promise.all(tasks);
  // the origin probe and the session's own foreign-Origin request ran on separate paths
  if (originOnSession && probes.origin) probes.origin.onSession = originOnSession;
  probes.latency = { samples };
  await closeSessions(ctx, incidents);
}

async function sessionEraProbes(
  ctx: ScanContext, probes: Partial<Probes>, session: Session, samples: NonNullable<Probes['latency']>['samples'],
  run: <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>, remaining: () => number,
  watchStarted: () => void = () => {}, idle: () => void = () => {},
): Promise<NonNullable<Probes['origin']>['onSession'] | undefined> {
  const init = await run('initialized', () => probeInitialized(ctx, session));
  if (init) probes.initialized = init;
  let originOnSession: NonNullable<Probes['origin']>['onSession'] | undefined;

  // Other clients hold streams open while this session talks: does anything of it reach them?
  const stopWatches = new AbortController();
  const watches = session.sessionId ? startSessionWatches(ctx, session, stopWatches.signal, () => remaining() - 1_000) : [];
  // when the watchers' streams opened (taken as it happens: awaited later, it would be "now")
  const watchersReady = Promise.all(watches.map((w) => w.ready)).then(() => ctx.client.now());
  let stimuli: Promise<string[]> = Promise.resolve([]);
  // a quick scan stops watching the GET stream once its questions are answered (below)
  const quickStop = new AbortController();
  let streamOpened!: () => void;
  const opened = new Promise<void>((resolve) => { streamOpened = resolve; });
  // the browser check waits for the long watch and for the session's short requests: Chromium's
  // start stalls this process ~1 s on a small machine, which would land in their latencies and
  // header timeouts (audited: a GET recorded as "no headers within 1000 ms" the server answered at once)
  let longWatchBegan!: () => void;
  const longWatchBegins = new Promise<void>((resolve) => { longWatchBegan = resolve; });

  const streams = (async () => {
    const window = Math.max(1_000, Math.min(ctx.options.streamWindowMs, remaining() - RESERVE_MS));
    // once the GET stream is open, give the server side-effect-free reasons to use it
    let stimulated = false;
    const gs = await run('get-stream', () => probeGetStream(ctx, session, window, (status) => {
      // …once the other clients' streams are open too (bounded): a server that broadcasts what
      // the stimuli cause must find them there, or the fan-out goes unseen
      if (!stimulated) {
        stimulated = true;
        const watchersOpen = Promise.race([watchersReady, delay(WATCHERS_OPEN_WAIT_MS, undefined, { signal: ctx.client.signal, ref: false })]).catch(() => {});
        stimuli = watchersOpen.then(() => stimulate(ctx, session, probes.initialize?.capabilities)).catch(() => []);
      }
      // a stream, not a refusal (a 409 is retried, and the watch starts with the stream)
      if (status === 200) { streamOpened(); longWatchBegan(); }
    }, quickStop.signal));
    longWatchBegan(); // no stream (405, an error): nothing long to wait for
    if (gs) probes.getStream = gs.artifact;
    const resume = await run('resume', () => probeResume(ctx, session, gs?.result.exchange, 'get', false, medianPing(samples)));
    if (resume) probes.resume = resume;
  })();

  const chain = (async () => {
    const tl = await run('tools-list', () => probeToolsList(ctx, session));
    if (tl) { probes.toolsList = tl; if (tl.ok && tl.latencyMs !== undefined) samples.push({ label: 'tools/list', ms: tl.latencyMs, exchangeId: tl.exchangeId }); }
    const pings = await run('latency', () => probePings(ctx, session));
    samples.push(...(pings ?? []));
    return run('tool-call', () => probeToolCall(ctx, session, false));
  })();

  // not among the session's own requests: its waits would hold a quick scan's end back
  const reopen = run('session', () => probeReopenSession(ctx, session));
  const others = Promise.all([
    run('session', () => probeSession(ctx, session)).then((s) => { if (s) probes.session = s; }),
    run('protocol-version', () => probeProtocolVersion(ctx, session)).then((p) => { if (p) probes.protocolVersion = p; }),
    chain,
    run('batch', () => probeBatch(ctx, session)).then((b) => { if (b) probes.batch = b; }),
    run('origin', () => probeOriginOnSession(ctx, session)).then((o) => { if (o) originOnSession = o; }),
  ]);
  if (!ctx.options.quick) void Promise.all([longWatchBegins, others.catch(() => {})]).then(watchStarted);
  // When the session's own requests are done, the GET stream is open (or refused) and the
  // stimuli answered: from then on the scan only watches streams for what those caused.
  const quiet = (async () => {
    await Promise.all([others.catch(() => {}), Promise.race([opened, streams.catch(() => {})])]);
    await stimuli;
    return ctx.client.now();
  })();
  void quiet.then(idle);
  // quick: no long watch to hide them in; they start once the session's traffic and the stimuli are done
  if (ctx.options.quick) void quiet.then(watchStarted, watchStarted);
  if (ctx.options.quick) {
    // Quick: the GET stream's questions are its headers and what the session's own traffic and
    // the stimuli make the server send on it: a short grace for what they caused, then stop,
    // instead of watching a fixed window.
    void quiet.then(async () => {
      await delay(graceFor(samples, QUICK_STREAM_GRACE_MS), undefined, { signal: ctx.client.signal }).catch(() => {});
      quickStop.abort();
    });
  }
  const [[, , tc], , reopened] = await Promise.all([others, streams, reopen]);
  if (reopened && probes.session) probes.session.reopen = reopened;
  if (tc) probes.toolCall = tc.artifact;

  // Resumptions of other streams, once the GET stream has been judged: some servers let any GET
  // with Last-Event-ID replace the session's GET stream, which would cut the watch short.
  const more: NonNullable<Probes['resumeMore']> = [];
  // a POST response stream with ids (a priming event, 2025-11-25 servers with an event store)
  const post = postStreamWithIds(ctx, session);
  if (post && !ctx.client.pastDeadline) { const r = await run('resume', () => probeResume(ctx, session, post, 'post', false, medianPing(samples))); if (r) more.push(r); }
  // with --call-tool: drop a second call mid-stream and resume it, as a client on a flaky network does
  let droppedCall = false;
  if (tc?.result && (tc.result.sse?.record.events ?? []).some((e) => e.id) && !ctx.client.pastDeadline) {
    droppedCall = true;
    const dropped = await run('tool-call', () => probeToolCallDropped(ctx, session));
    if (dropped && dropped.exchange.response?.rpc?.answered === false) {
      const r = await run('resume', () => probeResume(ctx, session, dropped.exchange, 'tool-call', true));
      if (r) more.push(r);
    }
  }
  if (more.length) probes.resumeMore = more;
  if (watches.length) {
    // The watchers stay open a grace after the last request that could make the server send
    // something to them: the stimuli (the GET stream's grace or long watch has mostly covered it
    // already) or the dropped tool call just above — and a grace after they opened, on servers
    // slow to open a second session (up to a second after the stimuli: behind a buffering proxy
    // a stream's headers may never come). Resumptions replay into their own response, where
    // attributeReplay judges what does not belong there.
    const quietAt = await quiet;
    const watchersReadyAt = await Promise.race([
      watchersReady,
      delay(Math.max(0, quietAt + WATCHERS_OPEN_WAIT_MS - ctx.client.now()), undefined, { signal: ctx.client.signal, ref: false }).then(() => quietAt, () => quietAt),
    ]);
    const lastRequestAt = droppedCall ? ctx.client.now() : Math.max(quietAt, watchersReadyAt);
    const grace = graceFor(samples, ctx.options.quick ? QUICK_STREAM_GRACE_MS : FAN_OUT_GRACE_MS);
    const left = lastRequestAt + grace - ctx.client.now();
    if (left > 0) await delay(left, undefined, { signal: ctx.client.signal }).catch(() => {});
    stopWatches.abort();
    probes.isolation = await finishWatches(watches, tc?.progressToken ? [tc.progressToken] : [], await stimuli);
  } else {
    probes.isolation = { attempted: false, skippedReason: 'the server mints no session id, so there is no other session to watch from', watches: [], stimuli: await stimuli };
  }
  // which replayed events and responses belong to another stream or session
  const transcript = ctx.client.transcript;
  if (probes.resume) probes.resume = attributeReplay(probes.resume, transcript);
  if (probes.resumeMore) probes.resumeMore = probes.resumeMore.map((r) => attributeReplay(r, transcript));
  return originOnSession;
}

/**
 * quick scans: the least time the GET stream (and the isolation watchers) stay watched after the
 * session's traffic and stimuli are done. A reaction travels like a response, so graceFor raises
 * this to twice the slowest ping; the floor only covers a loopback server's scheduling (its
 * reactions arrive within ~10 ms there), at several times that.
 */
const QUICK_STREAM_GRACE_MS = 100;

/**
 * How long to wait for what a request just caused to arrive on another stream: twice the
 * slowest round trip the session's pings measured (a message the server sends in reaction
 * travels like a response), never less than `floorMs`, never more than a second.
 */
function graceFor(samples: NonNullable<Probes['latency']>['samples'], floorMs: number): number {
  return Math.min(1_000, Math.max(floorMs, 2 * (slowestPing(samples) ?? 0)));
}

/** the median round trip of the session's pings (the network's, less the start-up's contention) */
function medianPing(samples: NonNullable<Probes['latency']>['samples']): number | undefined {
  const pings = samples.filter((s) => s.label.startsWith('ping')).map((s) => s.ms).sort((a, b) => a - b);
  return pings.length ? pings[Math.floor(pings.length / 2)] : undefined;
}

/** the slowest round trip of the session's pings, if any was measured */
function slowestPing(samples: NonNullable<Probes['latency']>['samples']): number | undefined {
  const pings = samples.filter((s) => s.label.startsWith('ping')).map((s) => s.ms);
  return pings.length ? Math.max(...pings) : undefined;
}

/** how long after the stimuli the scan waits for the isolation watchers' streams to open */
const WATCHERS_OPEN_WAIT_MS = 1_000;

/** how long watchers stay open after the last stimulus: fan-out is not instantaneous */
const FAN_OUT_GRACE_MS = 300;

/** The main session's POST response stream that carried the most event ids (2+ preferred: priming + response). */
function postStreamWithIds(ctx: ScanContext, session: Session): Exchange | undefined {
  let best: Exchange | undefined;
  let bestIds = 0;
  for (const e of ctx.client.transcript) {
    if (e.request.method !== 'POST' || e.response?.status !== 200 || !e.response.sse) continue;
    if (e.request.headers['mcp-session-id'] !== session.sessionId || !['tools-list', 'latency', 'stimuli'].includes(e.probe)) continue;
    const ids = e.response.sse.events.filter((ev) => ev.id).length;
    if (ids > bestIds) { best = e; bestIds = ids; }
  }
  return best;
}

async function closeSessions(ctx: ScanContext, incidents: Evidence['incidents']): Promise<void> {
  const ids = [...ctx.openedSessions].slice(0, 20);
  // the report says which sessions stay open when the deadline leaves no time to close them
  if (ctx.client.pastDeadline) {
    if (ids.length) incidents.push({ probe: 'cleanup', message: `${ids.length} session${ids.length === 1 ? '' : 's'} the scan opened left open: the deadline came first` });
    return;
  }
  await Promise.all(ids.map((sid) => ctx.client.exchange({
    probe: 'cleanup', label: 'DELETE (closing a session the scan opened)', method: 'DELETE', url: ctx.url.href,
    headers: { ...ctx.options.headers, 'mcp-session-id': sid }, timeoutMs: 3_000,
  })));
}

/** Session revisions initialize took as offered, beyond those the scan's clients were given (see EraArtifact.alsoAccepted). */
function alsoAcceptedOf(init: Probes['initialize'], given: Iterable<Revision>): Revision[] {
  const seen = new Set(given);
  return (init?.newerOffers ?? []).filter((o) => o.negotiatedVersion === o.requestedVersion && SESSION_REVISIONS.includes(o.requestedVersion as Revision) && !seen.has(o.requestedVersion as Revision))
    .map((o) => o.requestedVersion as Revision);
}

export function eraArtifact(probes: Partial<Probes>, transcript: Evidence['transcript']): Probes['era'] {
  const revisions = new Set<Revision>();
  const disc = probes.discover;
  if (disc?.answered && disc.supportedVersions?.includes(MODERN_REVISION)) revisions.add('2026-07-28');
  const init = probes.initialize;
  if (init?.ok) {
    const v = init.protocolVersion as Revision | undefined;
    // Streamable HTTP implies 2025-03-26 or later, whatever version string came back
    revisions.add(v && SESSION_REVISIONS.includes(v) ? v : '2025-03-26');
  }
  if (probes.legacy?.ok) revisions.add('2024-11-05');
  const alsoAccepted = alsoAcceptedOf(init, revisions);
  const sorted = [...revisions].sort((a, b) => REVISIONS.indexOf(b) - REVISIONS.indexOf(a));
  const newest = sorted[0];
  // an HTTP+SSE stream URL behind a login answers the POSTs 404/405 and its GET 401
  const statuses = [disc?.status, ...(init?.attempts ?? []).map((a) => a.status), ...(probes.legacy?.tried ?? []).map((t) => t.status)];
  const authBlocked = sorted.length === 0 && statuses.some((s) => s === 401 || s === 403);
  const reachable = transcript.some((x) => x.response !== undefined);
  const sessionRevision = sorted.find((r) => SESSION_REVISIONS.includes(r));
  // apify's dual-era server: server/discover open, initialize behind the login
  const sessionAuthBlocked = sorted.length > 0 && !sessionRevision && (init?.attempts ?? []).some((a) => a.status === 401 || a.status === 403);
  const protocolVersion = newest === '2026-07-28' ? MODERN_REVISION : newest === '2024-11-05' ? '2024-11-05' : init?.protocolVersion;
  return {
    reachable,
    ...(sorted.length === 0 ? { unreachableReason: unreachableReason(transcript, authBlocked) } : {}),
    revisions: sorted,
    era: newest ? ERA_OF[newest] : 'unknown',
    transport: newest === undefined ? 'unknown' : newest === '2024-11-05' ? 'http+sse' : 'streamable-http',
    ...(protocolVersion ? { protocolVersion } : {}),
    ...(sessionRevision ? { sessionRevision } : {}),
    ...(alsoAccepted.length ? { alsoAccepted } : {}),
    ...(sessionAuthBlocked ? { sessionAuthBlocked } : {}),
    authBlocked,
  };
}

function unreachableReason(transcript: Evidence['transcript'], authBlocked: boolean): string {
  if (authBlocked) return 'the endpoint requires credentials (401/403) for every transport probe';
  const first = transcript[0];
  if (!first) return 'no request was made';
  if (first.error && !first.response) return `${first.error.kind}: ${first.error.message}`;
  // name what went wrong with each answer, not just its status (a bomb is "200 application/json" too)
  const seen = transcript.filter((x) => x.response).slice(0, 4).map((x) => {
    const what = `${x.label} → ${x.response!.status} ${x.response!.headers['content-type'] ?? ''}`.trim();
    const rpc = x.response!.rpc;
    const why = x.error ? ` (${x.error.kind}: ${x.error.message})` : rpc && !rpc.answered && rpc.invalid.length ? ` (${rpc.invalid[0]})` : '';
    return `${what}${why}`;
  });
  return `no MCP transport answered (${seen.join('; ')})`;
}

function firstHeader(transcript: Evidence['transcript'], name: string): string | undefined {
  for (const x of transcript) { const v = x.response?.headers[name]; if (v !== undefined) return v; }
  return undefined;
}

