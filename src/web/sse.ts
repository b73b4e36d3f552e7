// A scan's progress as Server-Sent Events, written the way the scanner's own SSE rules
// want an MCP stream to be: `text/event-stream`, an `id:` on every event (the event's
// sequence number within the scan), `retry:` advice, JSON `data:`, keep-alive comments,
// `Cache-Control: no-cache, no-transform` and `X-Accel-Buffering: no` (so proxies don't
// buffer), and `Last-Event-ID` resumption that replays exactly the events after that id.
// Once the scan is over and everything was sent the stream ends; a reconnect with the
// last id then gets 204, which tells EventSource to stop.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ScanQueue } from './queue.ts';
import type { ScanStore, StoredEvent } from './store.ts';

export interface SseOptions {
  store: ScanStore;
  queue: ScanQueue;
  /** comment every N ms while nothing else is sent */
  keepAliveMs: number;
  /** reconnection advice sent at the start of every stream */
  retryMs: number;
  /** streams open right now (ended on close) */
  open: Set<ServerResponse>;
  /** refuse new streams beyond this many */
  maxStreams: number;
  /** who asks (clientKey), and how many streams each client holds open */
  client: string;
  byClient: Map<string, number>;
  /** refuse a client's new streams beyond this many */
  maxStreamsPerClient: number;
}

export function formatEvent(e: StoredEvent): string {
  // JSON.stringify never emits a raw line break, so one data: line is always enough
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

function lastEventId(req: FastifyRequest): number {
  const raw = req.headers['last-event-id'];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || !/^\d{1,9}$/.test(v.trim())) return 0;
  return Number(v.trim());
}

export function streamScanEvents(req: FastifyRequest, reply: FastifyReply, id: string, o: SseOptions): void {
  const after = lastEventId(req);
  const scan = o.store.getScan(id);
  if (!scan) { void reply.code(404).type('application/json').send({ error: 'no such scan' }); return; }
  const final = scan.status === 'done' || scan.status === 'failed';
  // subscribe before reading the history: both happen in this tick, so nothing falls between
  const pending: StoredEvent[] = [];
  let live: ((e: StoredEvent) => void) | undefined = (e) => pending.push(e);
  const unsubscribe = final ? () => {} : o.queue.subscribe(id, (e) => live?.(e));
  const history = o.store.eventsAfter(id, after);
  if (final && history.length === 0) {
    // nothing after that id and nothing more will come
    unsubscribe();
    void reply.code(204).header('cache-control', 'no-store').send();
    return;
  }
  if (o.open.size >= o.maxStreams) {
    unsubscribe();
    void reply.code(503).header('retry-after', '10').type('application/json').send({ error: 'too many open progress streams; try again shortly' });
    return;
  }
  const held = o.byClient.get(o.client) ?? 0;
  if (held >= o.maxStreamsPerClient) {
    unsubscribe();
    void reply.code(429).header('retry-after', '10').type('application/json').send({ error: `you already have ${held} progress streams open; close one first` });
    return;
  }
  o.byClient.set(o.client, held + 1);

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.socket?.setNoDelay(true);
  o.open.add(res);

  let sent = after;
  let ended = false;
  let keepAlive: NodeJS.Timeout | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    live = undefined;
    unsubscribe();
    clearInterval(keepAlive);
    o.open.delete(res);
    const left = (o.byClient.get(o.client) ?? 1) - 1;
    if (left > 0) o.byClient.set(o.client, left); else o.byClient.delete(o.client);
    if (!res.writableEnded) res.end();
  };
  const send = (e: StoredEvent) => {
    if (ended || e.seq <= sent) return;
    sent = e.seq;
    res.write(formatEvent(e));
    if (e.type === 'status' && e.data.final === true) end();
  };

  res.write(`retry: ${o.retryMs}\n\n`);
  for (const e of history) send(e);
  for (const e of pending) send(e);
  if (!ended && final) end();
  if (ended) return;
  live = send;
  keepAlive = setInterval(() => { if (!ended) res.write(': keep-alive\n\n'); }, o.keepAliveMs);
  keepAlive.unref?.();
  req.raw.on('close', end);
  res.on('close', end);
  res.on('error', end);
}
