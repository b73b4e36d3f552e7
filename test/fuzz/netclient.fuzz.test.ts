// NetClient.exchange against a raw TCP server that answers with fast-check-generated
// bytes: status lines, headers (framing, encodings, redirects), bodies (JSON, SSE,
// binary), line ends of every kind, random byte mutations; sometimes it keeps the socket
// open, sometimes it resets it. The exchange always resolves, within its time budget,
// records what happened, and keeps its caps; nothing escapes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { NetClient } from '../../src/net/client.ts';
import { Exchange } from '../../src/contract/evidence.ts';
import { escaped, recordEscapes } from '../hostile/measure.ts';

const TIMEOUT_MS = 600;
const LIMITS = { connectTimeoutMs: 1000, headersTimeoutMs: 500, idleTimeoutMs: 500, requestTimeoutMs: TIMEOUT_MS, maxBodyBytes: 64 * 1024, maxStreamBytes: 64 * 1024, maxSseLineBytes: 8 * 1024, maxEvents: 50, maxEventsKept: 20, maxBodyExcerpt: 1024, maxSseDataKept: 4096, maxHeaderBytes: 8 * 1024, maxRedirects: 3 };

interface Reply { bytes: Buffer; then: 'end' | 'hang' | 'reset' | 'destroy' }
let reply: Reply = { bytes: Buffer.alloc(0), then: 'end' };
let server: net.Server;
let url: string;
const sockets = new Set<net.Socket>();

before(async () => {
  recordEscapes();
  server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    const r = reply;
    s.once('data', () => {
      s.write(r.bytes);
      if (r.then === 'end') s.end();
      else if (r.then === 'reset') setTimeout(() => { if (!s.destroyed) s.resetAndDestroy(); }, 5);
      else if (r.then === 'destroy') s.destroy();
      // 'hang': leave it open; the exchange's own timers must end it
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/mcp`;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '');
const statusLine = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 202 Accepted', 'HTTP/1.1 204 No Content', 'HTTP/1.1 400 Bad', 'HTTP/1.1 401 Unauthorized', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 500 Oops') },
  { weight: 2, arbitrary: fc.constantFrom('HTTP/1.1 301 Moved', 'HTTP/1.1 307 Temp', 'HTTP/1.1 308 Perm', 'HTTP/1.0 200 OK', 'HTTP/1.1 100 Continue', 'HTTP/1.1 103 Early Hints', 'HTTP/1.1 101 Switching Protocols', 'HTTP/1.1 304 Not Modified') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/2 200', 'HTTP/1.1 999 What', 'HTTP/1.1 200', 'HTTP/1.1 -1 X', 'ICY 200 OK', 'HTTP/1.1 2000 X', '', 'SSH-2.0-x') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);
const headerName = fc.oneof(
  fc.constantFrom('Content-Type', 'Content-Length', 'Transfer-Encoding', 'Content-Encoding', 'Location', 'Connection', 'Mcp-Session-Id', 'Set-Cookie', 'WWW-Authenticate', 'Server', 'Keep-Alive', 'Trailer'),
  fc.string({ maxLength: 12 }),
);
const headerValue = fc.oneof(
  fc.constantFrom('text/event-stream', 'application/json', 'text/html', 'chunked', 'gzip', 'deflate', 'br', 'gzip, chunked', 'identity', 'close', 'keep-alive',
    '0', '5', '100', '-1', '99999999999999999999', '1e3', '/loop', '/mcp', 'file:///etc/passwd', 'gopher://x', '//evil.example/', 'http://[::1', 'Bearer realm="x"'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ jsonrpc: '2.0', id: 1, result: v }));
const sse = fc.array(fc.tuple(fc.constantFrom('data: ', 'id: ', 'event: ', 'retry: ', ': ', ''), fc.oneof(json, fc.string({ maxLength: 20 })), eol), { maxLength: 12 })
  .map((lines) => lines.map(([f, v, e]) => `${f}${v}${e}`).join(''));
const body = fc.oneof(
  json, sse, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom('', '0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\nxx\r\n', '[[[[[[[[[[', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`),
);
const compress = fc.constantFrom<'none' | 'gzip' | 'deflate' | 'br' | 'truncated-gzip'>('none', 'none', 'none', 'gzip', 'deflate', 'br', 'truncated-gzip');

/** well-framed replies with plausible headers (most runs), so the body paths get exercised too */
const cleanReply = fc.record({
  status: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 202 Accepted', 'HTTP/1.1 204 No Content', 'HTTP/1.1 307 Temp', 'HTTP/1.1 401 No', 'HTTP/1.0 200 OK'),
  headers: fc.array(fc.tuple(
    fc.constantFrom('Content-Type', 'Content-Type', 'Transfer-Encoding', 'Location', 'Connection', 'Mcp-Session-Id', 'WWW-Authenticate', 'X-Any'),
    fc.constantFrom('text/event-stream', 'text/event-stream', 'application/json', 'application/json', 'text/plain', 'chunked', 'close', '/mcp', '/loop', 'file:///etc/passwd', 'Bearer realm="x"', 'v'),
  ), { maxLength: 4 }),
  withLength: fc.boolean(),
  eol: fc.constant('\r\n'),
  body,
  compress,
  mutations: fc.constant([] as [number, number][]),
  then: fc.constantFrom<Reply['then']>('end', 'end', 'end', 'end', 'reset', 'destroy', 'hang'),
});
const chaoticReply = fc.record({
  status: statusLine,
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
  withLength: fc.boolean(),
  eol,
  body,
  compress,
  mutations: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
  then: fc.constantFrom<Reply['then']>('end', 'end', 'end', 'end', 'reset', 'destroy', 'hang'),
});

const replyArb = fc.oneof({ weight: 3, arbitrary: cleanReply }, { weight: 1, arbitrary: chaoticReply }).map((r): Reply => {
  let b = Buffer.from(r.body, 'latin1');
  const headers = [...r.headers];
  if (r.compress !== 'none') {
    const enc = r.compress === 'truncated-gzip' ? 'gzip' : r.compress;
    b = enc === 'gzip' ? zlib.gzipSync(b) : enc === 'deflate' ? zlib.deflateSync(b) : zlib.brotliCompressSync(b);
    if (r.compress === 'truncated-gzip') b = b.subarray(0, Math.max(0, b.length - 5));
    headers.push(['Content-Encoding', enc]);
  }
  if (r.withLength) headers.push(['Content-Length', String(b.length)]);
  const head = Buffer.from(`${r.status}${r.eol}${headers.map(([k, v]) => `${k}: ${v}${r.eol}`).join('')}${r.eol}`, 'latin1');
  const bytes = Buffer.concat([head, b]);
  for (const [pos, byte] of r.mutations) if (bytes.length) bytes[pos % bytes.length] = byte;
  return { bytes, then: r.then };
});

const specArb = fc.record({
  method: fc.constantFrom('POST', 'GET', 'DELETE', 'OPTIONS'),
  stream: fc.boolean(),
  rpc: fc.boolean(),
  followRedirects: fc.boolean(),
});

test('fuzz NetClient: arbitrary response bytes never break an exchange', async () => {
  await fc.assert(fc.asyncProperty(replyArb, specArb, async (r, spec) => {
    reply = r;
    const client = new NetClient({ limits: LIMITS });
    const before = escaped.length;
    const t0 = performance.now();
    try {
      const res = await client.exchange({
        probe: 'fuzz', label: 'fuzz', method: spec.method, url,
        ...(spec.method === 'POST' ? { body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' } : {}),
        expectStream: spec.stream, windowMs: spec.stream ? TIMEOUT_MS : undefined,
        rpc: spec.rpc, rpcId: spec.rpc ? 1 : undefined, followRedirects: spec.followRedirects,
      });
      const wall = performance.now() - t0;
      // each redirect hop has its own timer; undici's timers fire up to ~1 s late
      assert.ok(wall < (LIMITS.maxRedirects + 1) * (TIMEOUT_MS + 1200), `exchange took ${Math.round(wall)} ms`);
      assert.ok(client.transcript.length >= 1 && client.transcript.length <= LIMITS.maxRedirects + 1);
      for (const x of client.transcript) {
        Exchange.parse(x);
        JSON.stringify(x);
        const resp = x.response;
        if (!resp) { assert.ok(x.error, 'no response means an error is recorded'); continue; }
        assert.ok(resp.bodyBytes <= LIMITS.maxBodyBytes + 64 * 1024);
        assert.ok((resp.body ?? '').length <= LIMITS.maxBodyExcerpt);
        if (resp.sse) assert.ok(resp.sse.events.length <= LIMITS.maxEventsKept);
      }
      assert.equal(res.exchange, client.transcript.at(-1));
    } finally {
      await client.close();
    }
    assert.deepEqual(escaped.slice(before), []);
  }), { numRuns: 100 });
});

test('fuzz NetClient: nothing escaped', async () => {
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(escaped, []);
});
