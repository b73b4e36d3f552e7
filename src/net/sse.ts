// SSE intake: eventsource-parser does the framing; this adds what a scanner needs —
// arrival times, comment lines, retry values, caps on line length and event count.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { SseRecord } from '../evidence.ts';

export interface SseLimits {
  maxLineBytes: number;
  maxEvents: number;
  maxKept: number;
  maxDataKept: number;
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

  constructor(limits: SseLimits, now: () => number) {
    this.now = now;
    this.parser = createParser({
      maxBufferSize: limits.maxLineBytes,
      onEvent: (ev) => {
        this.eventCount++;
        this.lastArrival = this.now();
        if (this.fullData.length < limits.maxEvents) this.fullData.push({ id: ev.id, data: ev.data });
        if (this.record.events.length < limits.maxKept) {
          const truncated = ev.data.length > limits.maxDataKept;
          this.record.events.push({
            t: this.lastArrival,
            ...(ev.id !== undefined ? { id: ev.id.slice(0, 512) } : {}),
            ...(ev.event !== undefined ? { event: ev.event.slice(0, 256) } : {}),
            data: truncated ? ev.data.slice(0, limits.maxDataKept) : ev.data,
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
        if (this.record.comments.length < limits.maxKept) this.record.comments.push({ t: this.lastArrival, text: text.slice(0, 200) });
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
