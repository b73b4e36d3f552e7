// The deprecated 2024-11-05 HTTP+SSE transport: GET opens a stream whose first event is
// `endpoint` (the POST URL); messages are POSTed there and answered on the stream.
import type { Probes } from '../evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import type { SseRecorder } from '../net/sse.ts';
import { initializeParams, obs, resultOf, rpcSpec } from './mcp.ts';
import { safeJsonParse } from '../net/jsonrpc.ts';

const ENDPOINT_WAIT_MS = 5_000;
const ANSWER_WAIT_MS = 5_000;

type Legacy = NonNullable<Probes['legacy']>;

export async function probeLegacy(ctx: ScanContext): Promise<Legacy> {
  const art: Legacy = { attempted: true, tried: [], ok: false };
  const urls = [ctx.url.href];
  const conventional = new URL('/sse', ctx.url).href;
  if (!urls.includes(conventional)) urls.push(conventional);
  for (const url of urls) {
    if (ctx.client.pastDeadline) break;
    const found = await tryStream(ctx, url, art);
    if (found) break;
  }
  return art;
}

async function tryStream(ctx: ScanContext, url: string, art: Legacy): Promise<boolean> {
  const stop = new AbortController();
  let rec: SseRecorder | undefined;
  let finished: ExchangeResult | undefined;
  const changed = new Waker();
  const streamDone = ctx.client.exchange({
    probe: 'legacy', label: `legacy SSE stream ${new URL(url).pathname}`, method: 'GET', url,
    headers: { ...ctx.options.headers, accept: 'text/event-stream' }, expectStream: true,
    windowMs: ENDPOINT_WAIT_MS + ANSWER_WAIT_MS, signal: stop.signal,
    onStream: (r) => { rec = r; },
    // the first event decides: anything but `endpoint` means this is not a legacy stream
    stopWhen: (r) => { changed.wake(); return r.record.events.length > 0 && r.record.events[0]!.event !== 'endpoint'; },
  }).then((x) => { finished = x; changed.wake(); return x; });

  const firstEvent = () => rec?.record.events[0];
  await changed.until(() => firstEvent() !== undefined || finished !== undefined, ENDPOINT_WAIT_MS);
  const first = firstEvent();
  const record = (x: ExchangeResult, firstName?: string) => art.tried.push({
    ...obs(x), url,
    ...(x.exchange.response?.headers['content-type'] ? { contentType: x.exchange.response.headers['content-type'] } : {}),
    ...(firstName ? { firstEvent: firstName } : {}),
  });
  if (!first || first.event !== 'endpoint') {
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
  }
  // Only POST to the same origin: a hostile endpoint event must not aim the scanner elsewhere.
  if (endpoint && art.sameOrigin) {
    const spec = rpcSpec(ctx, { probe: 'legacy', label: 'legacy initialize (POST to the endpoint)', method: 'initialize', params: initializeParams('2024-11-05'), url: endpoint.href });
    const post = await ctx.client.exchange(spec);
    let negotiated: string | undefined;
    let searched = 0; // events already searched: each event is parsed once
    await changed.until(() => {
      const events = rec?.fullData ?? [];
      negotiated = findNegotiated(events.slice(searched), spec.rpcId);
      searched = events.length;
      return negotiated !== undefined || finished !== undefined;
    }, ANSWER_WAIT_MS);
    const viaStream = negotiated !== undefined;
    // non-standard but seen: the answer in the POST response itself
    negotiated ??= (resultOf<{ protocolVersion?: unknown }>(post)?.protocolVersion as string | undefined);
    art.initialize = { ...obs(post), ...(negotiated ? { negotiatedVersion: String(negotiated).slice(0, 40) } : {}), viaStream };
    art.ok = negotiated !== undefined;
  }
  stop.abort();
  record(await streamDone, 'endpoint');
  return true;
}

function findNegotiated(events: { data: string }[], id: number | undefined): string | undefined {
  for (const e of events) {
    if (!e.data.includes('"result"')) continue;
    const p = safeJsonParse(e.data); // bounded: no absurd nesting or millions of objects
    const m = p.ok && typeof p.value === 'object' && p.value !== null ? p.value as { id?: unknown; result?: { protocolVersion?: unknown } } : undefined;
    if (m && m.id === id && m.result) return typeof m.result.protocolVersion === 'string' ? m.result.protocolVersion : 'unknown';
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
