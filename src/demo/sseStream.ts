// One Server-Sent Events response of the hand-written (flawed) demo server. Framing
// choices are options so that each flaw can switch exactly one of them off.
import type { ServerResponse } from 'node:http';
import type { BoundedEventStore, StoredEvent } from './eventStore.ts';

export type JsonRpcMessage = Record<string, unknown>;

/** How many events a simulated buffering proxy collects before it flushes them together. */
export const PROXY_BUFFER_EVENTS = 3;

export interface SseStreamOptions {
  res: ServerResponse;
  status?: number;
  /** Extra response headers (CORS, Mcp-Session-Id). */
  headers: Record<string, string>;
  store: BoundedEventStore<JsonRpcMessage>;
  /** Key under which this stream's events are stored, e.g. `<session>/get`. */
  streamId: string;
  /** Give events `id:` lines (and store them for replay). */
  withIds: boolean;
  /** `retry:` advice in ms; undefined sends none. */
  retryMs: number | undefined;
  /** Start with a priming event (`id:` + empty `data:`): only for 2025-11-25+ clients, whose parsers accept it. */
  priming: boolean;
  /** Interval of `: keepalive` comments; undefined sends none. */
  keepAliveMs: number | undefined;
  contentType: string;
  /** Behave like a buffering proxy: withhold headers and bytes until several events are ready. */
  buffered: boolean;
}

export class SseStream {
  readonly streamId: string;
  readonly #options: SseStreamOptions;
  readonly #res: ServerResponse;
  #keepAlive: NodeJS.Timeout | undefined;
  #closed = false;
  /** Frames held back while simulating a buffering proxy. */
  #held: string[] = [];
  #heldEvents = 0;
  #closeListeners: (() => void)[] = [];

  constructor(options: SseStreamOptions) {
    this.#options = options;
    this.#res = options.res;
    this.streamId = options.streamId;
    this.#res.on('close', () => this.#onClosed());
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  /** Sends the headers (unless buffered), the priming/retry frame, and arms the keep-alive. */
  open(): void {
    const { buffered, contentType, headers, keepAliveMs, priming, retryMs, withIds } = this.#options;
    if (!buffered) {
      this.#res.writeHead(this.#options.status ?? 200, {
        ...headers,
        'Content-Type': contentType,
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
      this.#res.flushHeaders();
    }
    const retryLine = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
    if (priming && withIds) {
      const id = this.#options.store.append(this.streamId, {});
      this.#write(`id: ${id}\n${retryLine}data: \n\n`, false);
    } else if (retryLine !== '') {
      // A block with only a retry field sets the reconnection delay and dispatches nothing.
      this.#write(`${retryLine}\n`, false);
    }
    if (keepAliveMs !== undefined) {
      this.#keepAlive = setInterval(() => this.#write(': keepalive\n\n', false), keepAliveMs);
    }
  }

  /** Stores (when ids are on) and writes one JSON-RPC message; returns its event id. */
  send(message: JsonRpcMessage): string | undefined {
    if (this.#closed) return undefined;
    const id = this.#options.withIds ? this.#options.store.append(this.streamId, message) : undefined;
    this.#write(eventFrame(message, id), true);
    return id;
  }

  /** Writes already-stored events again (resumption), keeping their original ids. */
  replay(events: StoredEvent<JsonRpcMessage>[]): void {
    for (const event of events) this.#write(eventFrame(event.message, this.#options.withIds ? event.id : undefined), true);
  }

  /**
   * Writes messages as fast as the socket takes them, forever: only backpressure (and
   * the stream closing) stops it.
   */
  async flood(nextMessage: () => JsonRpcMessage): Promise<void> {
    while (!this.#closed) {
      const message = nextMessage();
      const id = this.#options.withIds ? this.#options.store.append(this.streamId, message) : undefined;
      if (!this.#res.write(eventFrame(message, id))) await this.#drainedOrClosed();
    }
  }

  end(): void {
    if (this.#closed) return;
    this.#flushHeld();
    this.#res.end();
    this.#onClosed();
  }

  #write(frame: string, isEvent: boolean): void {
    if (this.#closed) return;
    if (!this.#options.buffered) {
      this.#res.write(frame);
      return;
    }
    this.#held.push(frame);
    if (isEvent) this.#heldEvents++;
    if (this.#heldEvents >= PROXY_BUFFER_EVENTS) this.#flushHeld();
  }

  #flushHeld(): void {
    if (!this.#options.buffered) return;
    if (!this.#res.headersSent) {
      // A buffering proxy drops X-Accel-Buffering and releases headers with the first bytes.
      this.#res.writeHead(this.#options.status ?? 200, {
        ...this.#options.headers,
        'Content-Type': this.#options.contentType,
        'Cache-Control': 'no-cache',
      });
    }
    if (this.#held.length > 0) this.#res.write(this.#held.join(''));
    this.#held = [];
    this.#heldEvents = 0;
  }

  #drainedOrClosed(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#res.off('drain', done);
        this.#res.off('close', done);
        resolve();
      };
      this.#res.on('drain', done);
      this.#res.on('close', done);
    });
  }

  #onClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepAlive);
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}

function eventFrame(message: JsonRpcMessage, id: string | undefined): string {
  return `event: message\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(message)}\n\n`;
}
