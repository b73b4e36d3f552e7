// SSE intake: eventsource-parser does the framing; this adds what a scanner needs —
// arrival times, comment lines, retry values, caps on line length and event count.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { SseRecord } from '../contract/evidence.ts';

export interface SseLimits {
  maxLineBytes: number;
  maxEvents: number;
  maxKept: number;
  maxDataKept: number;
  /** data kept over all events (evidence size per exchange); once spent, events keep MIN_DATA_EXCERPT characters */
  maxDataKeptTotal?: number;
}

/** what an event keeps of its data once the exchange's evidence budget is spent */
export const MIN_DATA_EXCERPT = 256;

const CR_LINE_END = /\r\n?/g;

/**
 * A copy of `s` that does not keep its parent alive. V8 slices (and the parser's field
 * values) point into the whole network chunk they came from, so a kept 200-character
 * excerpt would otherwise pin every 64 KB chunk, and the evidence budget would mean nothing.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1); // the concatenation is flattened into a fresh string
}

export class SseRecorder {
  readonly record: SseRecord = { events: [], comments: [], retries: [], droppedEvents: 0, droppedComments: 0, parseErrors: [] };
  /** every event's full data (not capped to the evidence excerpt) for JSON-RPC parsing, up to maxEvents */
  readonly fullData: { id?: string; data: string }[] = [];
  eventCount = 0;
  commentCount = 0;
  /** the stream broke a cap; stop reading */
  capped: string | undefined;
  private parser: EventSourceParser;
  private now: () => number;
  private lastArrival = -1;
  private bomChecked = false;
  private keptData = 0;
  /** the last chunk ended in CR: a LF starting the next chunk is the rest of that CRLF */
  private pendingCr = false;

  constructor(limits: SseLimits, now: () => number) {
    this.now = now;
    this.parser = createParser({
      maxBufferSize: limits.maxLineBytes,
      onEvent: (ev) => {
        this.eventCount++;
        this.lastArrival = this.now();
        if (this.fullData.length < limits.maxEvents) this.fullData.push({ id: ev.id, data: ev.data });
        if (this.record.events.length < limits.maxKept) {
          const room = Math.max(MIN_DATA_EXCERPT, (limits.maxDataKeptTotal ?? Infinity) - this.keptData);
          const max = Math.min(limits.maxDataKept, room);
          const truncated = ev.data.length > max;
          const data = own(truncated ? ev.data.slice(0, max) : ev.data);
          this.keptData += data.length;
          this.record.events.push({
            t: this.lastArrival,
            ...(ev.id !== undefined ? { id: own(ev.id.slice(0, 512)) } : {}),
            ...(ev.event !== undefined ? { event: own(ev.event.slice(0, 256)) } : {}),
            data,
            ...(truncated ? { truncated: true } : {}),
          });
        } else {
          this.record.droppedEvents++;
        }
        if (this.eventCount >= limits.maxEvents) this.capped = `more than ${limits.maxEvents} events`;
      },
      onComment: (text) => {
        this.commentCount++;
        this.lastArrival = this.now();
        if (this.record.comments.length < limits.maxKept) this.record.comments.push({ t: this.lastArrival, text: own(text.slice(0, 200)) });
        else this.record.droppedComments++;
      },
      onRetry: (ms) => {
        if (this.record.retries.length < 50) this.record.retries.push({ t: this.now(), ms });
      },
      onError: (err) => {
        if (this.record.parseErrors.length < 20) this.record.parseErrors.push(`${err.type}: ${err.message}`.slice(0, 300));
        if (err.type === 'max-buffer-size-exceeded') this.capped = `an SSE line or event longer than ${limits.maxLineBytes} bytes`;
      },
    });
  }

  feed(text: string): void {
    if (this.capped) return;
    if (!this.bomChecked && text.length > 0) {
      this.bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff && this.record.parseErrors.length < 20) this.record.parseErrors.push('stream starts with a byte-order mark');
    }
    // eventsource-parser holds a chunk-final CR until it sees what follows (CRLF or not), and
    // never releases it if the next chunk has no line end: the event would arrive late or not
    // at all. CR, LF and CRLF are all one line end (no field value can hold either), so hand
    // the parser LF only; a LF that starts a chunk after a chunk-final CR completes that CRLF.
    if (text.length === 0) return;
    if (this.pendingCr && text.charCodeAt(0) === 0x0a) text = text.slice(1);
    this.pendingCr = text.charCodeAt(text.length - 1) === 0x0d;
    if (text.includes('\r')) text = text.replace(CR_LINE_END, '\n');
    try {
      this.parser.feed(text);
    } catch (err) {
      // a terminated parser throws on feed; record once and stop
      this.capped ??= `SSE parser stopped: ${(err as Error).message}`.slice(0, 300);
    }
  }

  /** flush a final unterminated event the way a browser would not (we only note it) */
  end(): void {
    try { this.parser.reset({ consume: false }); } catch { /* ignore */ }
  }
}
