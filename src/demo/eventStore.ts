// A bounded in-memory SSE event store (the idea of the SDK's example InMemoryEventStore,
// fixed and bounded):
// - event ids are `<store tag>.<sequence>`: unique, ordered, and they never collide across
//   stores, so an id minted for one session is simply unknown to another session's store;
// - the example derives the stream from the id by splitting on "_", which breaks for the
//   SDK's standalone stream id "_GET_stream"; here the stream is looked up, not parsed;
// - at most `maxEvents` are kept (oldest dropped), so a server that notifies forever
//   cannot grow without bound;
// - replay sends only events of the stream the id came from, and skips the SDK's priming
//   events (stored as an empty message) instead of replaying `data: {}`.
import { randomBytes } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface StoredEvent<M> {
  id: string;
  streamId: string;
  message: M;
}

/** Structurally an SDK `EventStore` when `M` is `JSONRPCMessage`. */
export class BoundedEventStore<M extends object = JSONRPCMessage> {
  readonly #events = new Map<string, StoredEvent<M>>();
  readonly #tag = randomBytes(4).toString('hex');
  readonly #maxEvents: number;
  #sequence = 0;

  constructor(maxEvents = 1000) {
    this.#maxEvents = maxEvents;
  }

  /** Stores an event and returns its id (synchronous form for hand-written servers). */
  append(streamId: string, message: M): string {
    const id = `${this.#tag}.${++this.#sequence}`;
    this.#events.set(id, { id, streamId, message });
    if (this.#events.size > this.#maxEvents) {
      const oldest = this.#events.keys().next().value;
      if (oldest !== undefined) this.#events.delete(oldest);
    }
    return id;
  }

  streamOf(eventId: string): string | undefined {
    return this.#events.get(eventId)?.streamId;
  }

  /**
   * Events stored after `lastEventId`, oldest first, restricted to streams accepted by
   * `includeStream`; undefined when the id is unknown (never issued, or already evicted).
   */
  eventsAfter(lastEventId: string, includeStream: (streamId: string) => boolean): StoredEvent<M>[] | undefined {
    if (!this.#events.has(lastEventId)) return undefined;
    const after: StoredEvent<M>[] = [];
    let found = false;
    for (const event of this.#events.values()) {
      if (found && includeStream(event.streamId) && !isPrimingMessage(event.message)) after.push(event);
      if (event.id === lastEventId) found = true;
    }
    return after;
  }

  // --- the SDK EventStore interface ---

  async storeEvent(streamId: string, message: M): Promise<string> {
    return this.append(streamId, message);
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.streamOf(eventId);
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: M) => Promise<void> },
  ): Promise<string> {
    const streamId = this.streamOf(lastEventId);
    if (streamId === undefined) return '';
    for (const event of this.eventsAfter(lastEventId, (s) => s === streamId) ?? []) {
      await send(event.id, event.message);
    }
    return streamId;
  }
}

/** The SDK stores its priming event (`id` + empty `data`) as an empty message. */
function isPrimingMessage(message: object): boolean {
  return Object.keys(message).length === 0;
}
