// SseRecorder's line ends: a CR is a whole line end, whichever chunk it arrives in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseRecorder } from '../../src/net/sse.ts';

const LIMITS = { maxLineBytes: 4096, maxEvents: 40, maxKept: 12, maxDataKept: 1024 };

/** feeds chunks with a clock that ticks once per chunk; returns events with the chunk they completed in */
function feed(chunks: string[], end = true): { data: string; chunk: number }[] {
  let chunk = 0;
  const rec = new SseRecorder(LIMITS, () => chunk);
  for (const c of chunks) { rec.feed(c); chunk++; }
  if (end) rec.end();
  return rec.record.events.map((e) => ({ data: e.data, chunk: e.t }));
}

test('SSE: a CR-only event is dispatched in the chunk that ends it, not when the next line end arrives', () => {
  // eventsource-parser alone holds the final CR back; timings (keep-alive, buffering) would be one chunk late
  assert.deepEqual(feed(['data: a\r\r', 'data: b\r\r'], false), [{ data: 'a', chunk: 0 }, { data: 'b', chunk: 1 }]);
});

test('SSE: a chunk-final CR followed by a chunk without a line end still ends the event (fuzz counterexample)', () => {
  assert.deepEqual(feed(['data: a\n\r', '  ']), feed(['data: a\n\r  ']));
  assert.deepEqual(feed(['data: a\n\r', '  ']), [{ data: 'a', chunk: 0 }]);
});

test('SSE: a CRLF split across chunks is one line end, not two', () => {
  // were the LF counted again it would be a blank line and split the event in two
  assert.deepEqual(feed(['data: a\r', '\ndata: b\r', '\n\r', '\n']), [{ data: 'a\nb', chunk: 2 }]);
  assert.deepEqual(feed(['data: a\r', '\n', '\n', 'data: b\n\n']), [{ data: 'a', chunk: 2 }, { data: 'b', chunk: 3 }]);
});
