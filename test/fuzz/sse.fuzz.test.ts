// Property-based tests of the SSE intake (SseRecorder over eventsource-parser): whatever
// bytes arrive, split however, nothing throws out of the recorder and every cap holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_DATA_EXCERPT, SseRecorder, type SseLimits } from '../../src/net/sse.ts';

const LIMITS: SseLimits = { maxLineBytes: 256, maxEvents: 40, maxKept: 12, maxDataKept: 64, maxDataKeptTotal: 200 };

/** SSE-ish text: field names, separators, line ends of every kind, NULs, BOMs, lone surrogates */
const sseToken = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('data:', 'data: ', 'id:', 'id: ', 'event:', 'retry:', 'retry: 1000', ':', ': ping', 'data', 'id') },
  { weight: 4, arbitrary: fc.constantFrom('\n', '\r', '\r\n', '\n\n', '\r\r', '\r\n\r\n') },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ufeff', '\ud800', '\udfff', '\u001b[2J', '{"jsonrpc":"2.0","id":1,"result":{}}') },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.nat(400).map((n) => 'x'.repeat(n)) },
);
const eol = fc.constantFrom('\n', '\r', '\r\n');
/** a well-formed-ish field line: name, value, line end */
const sseLine = fc.tuple(
  fc.constantFrom('data', 'data', 'data', 'id', 'event', 'retry', '', 'unknown'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1000', '-5', 'soon', '1e99', 'a\u0000b', '{"jsonrpc":"2.0","method":"x"}'), fc.nat(150).map((n) => 'v'.repeat(n))),
  eol,
).map(([name, value, end]) => `${name}: ${value.replace(/[\r\n]/g, '')}${end}`);
/** one event block: some lines, then a blank line */
const sseEvent = fc.tuple(fc.array(sseLine, { minLength: 1, maxLength: 5 }), eol).map(([lines, end]) => `${lines.join('')}${end}`);
const sseText = fc.array(fc.oneof({ weight: 4, arbitrary: sseEvent }, { weight: 1, arbitrary: sseToken }), { maxLength: 80, size: 'large' }).map((a) => a.join(''));

/** splits text into chunks at arbitrary points */
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) { out.push(text.slice(last, p)); last = p; }
  out.push(text.slice(last));
  return out;
}

function feedAll(chunks: string[]): SseRecorder {
  let t = 0;
  const rec = new SseRecorder(LIMITS, () => t++);
  for (const c of chunks) rec.feed(c);
  rec.end();
  return rec;
}

function checkCaps(rec: SseRecorder): void {
  const r = rec.record;
  assert.ok(r.events.length <= LIMITS.maxKept, 'events kept');
  assert.ok(r.comments.length <= LIMITS.maxKept, 'comments kept');
  assert.ok(rec.fullData.length <= LIMITS.maxEvents, 'full data events');
  assert.ok(r.parseErrors.length <= 20 && r.retries.length <= 50);
  assert.equal(r.events.length + r.droppedEvents, rec.eventCount, 'every event kept or counted as dropped');
  assert.equal(r.comments.length + r.droppedComments, rec.commentCount);
  let total = 0;
  for (const e of r.events) {
    assert.ok(e.data.length <= LIMITS.maxDataKept, 'each kept data within maxDataKept');
    assert.ok((e.id ?? '').length <= 512 && (e.event ?? '').length <= 256);
    assert.ok(!(e.id ?? '').includes('\u0000'), 'ids with NUL are ignored');
    total += e.data.length;
  }
  assert.ok(total <= LIMITS.maxDataKeptTotal! + LIMITS.maxKept * MIN_DATA_EXCERPT, `kept data ${total}`);
  for (const c of r.comments) assert.ok(c.text.length <= 200);
  for (const x of r.retries) assert.ok(Number.isInteger(x.ms) && x.ms >= 0, 'retry values are numbers');
  if (rec.eventCount >= LIMITS.maxEvents) assert.ok(rec.capped, 'capped at maxEvents');
  JSON.stringify(r);
}

test('fuzz SSE: arbitrary text in arbitrary chunks never throws and keeps every cap', () => {
  fc.assert(fc.property(sseText, fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
    checkCaps(feedAll(split(text, cuts)));
  }), { numRuns: 500 });
});

test('fuzz SSE: the same stream gives the same events however it is split (until a cap)', () => {
  fc.assert(fc.property(sseText, fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
    const whole = feedAll([text]);
    const pieces = feedAll(split(text, cuts));
    // the line-length cap is checked at chunk boundaries, so it may trip in one and not the other
    fc.pre(!whole.capped && !pieces.capped);
    assert.deepEqual(pieces.record.events.map(({ id, event, data }) => ({ id, event, data })), whole.record.events.map(({ id, event, data }) => ({ id, event, data })));
    assert.equal(pieces.eventCount, whole.eventCount);
  }), { numRuns: 300, examples: [['data: a\n\r  ', [9]]] }); // a chunk-final CR, then a chunk with no line end (CI seed 1316573646)
});

test('fuzz SSE: arbitrary bytes (invalid UTF-8 included) through a streaming TextDecoder', () => {
  const bytes = fc.array(fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    sseToken.map((s) => new TextEncoder().encode(s)),
    fc.constantFrom(Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0x0d), Uint8Array.of(0x0a)),
  ), { maxLength: 80, size: 'large' });
  fc.assert(fc.property(bytes, (chunks) => {
    const decoder = new TextDecoder('utf-8');
    let t = 0;
    const rec = new SseRecorder(LIMITS, () => t++);
    for (const c of chunks) rec.feed(decoder.decode(c, { stream: true }));
    rec.feed(decoder.decode());
    rec.end();
    checkCaps(rec);
  }), { numRuns: 500 });
});

test('fuzz SSE: a line longer than maxLineBytes plus one chunk always sets capped', () => {
  const CHUNK = 50;
  fc.assert(fc.property(
    sseText, fc.constantFrom('data: ', 'id: ', ': ', 'event: ', ''), fc.integer({ min: LIMITS.maxLineBytes + CHUNK + 1, max: 5_000 }), fc.boolean(),
    (prefix, field, length, terminated) => {
      const text = `${prefix}\n\n${field}${'y'.repeat(length)}${terminated ? '\n' : ''}`;
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
      const rec = feedAll(chunks);
      assert.ok(rec.capped, 'capped');
      checkCaps(rec);
      // once capped, more input is ignored without throwing
      rec.feed('data: more\n\n');
    },
  ), { numRuns: 200 });
});

test('fuzz SSE: megabytes without a newline stop at the cap', () => {
  const rec = new SseRecorder({ maxLineBytes: 1024 * 1024, maxEvents: 2000, maxKept: 300, maxDataKept: 16 * 1024, maxDataKeptTotal: 256 * 1024 }, () => 0);
  const chunk = 'z'.repeat(64 * 1024);
  rec.feed('data: ');
  let fed = 0;
  while (!rec.capped && fed < 8 * 1024 * 1024) { rec.feed(chunk); fed += chunk.length; }
  assert.match(rec.capped ?? '', /longer than 1048576/);
  assert.ok(fed <= 1024 * 1024 + chunk.length);
});
