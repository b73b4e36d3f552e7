// A GET stream that meets a 409 ("one stream at a time") is looked at again once: on a server
// without session ids every GET of the scan belongs to the same client, and the scan's own
// WebSocket check holds a GET open for up to 2 s (@hono/mcp in its README setup does exactly
// this). A handwritten stateless server whose first plain GET finds its one stream taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { scan } from '../../src/engine/scan.ts';

function startServer(conflicts: number): Promise<{ url: string; gets: () => number; close: () => Promise<void> }> {
  let plainGets = 0;
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && !req.headers.upgrade) {
      plainGets++;
      if (plainGets <= conflicts) {
        res.writeHead(409, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Conflict: Only one SSE stream is allowed per session"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
      const timer = setInterval(() => res.write(': keepalive\n\n'), 300);
      open.add(res);
      res.on('close', () => { clearInterval(timer); open.delete(res); });
      return;
    }
    if (req.method !== 'POST') { res.writeHead(405, { allow: 'GET, POST' }).end(); return; }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const msg = JSON.parse(body) as { id?: number | string; method?: string; params?: { protocolVersion?: string } };
      if (msg.id === undefined) { res.writeHead(202).end(); return; }
      const result = msg.method === 'initialize'
        ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'get-conflict', version: '1' } }
        : msg.method === 'tools/list' ? { tools: [] } : {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({
      url: `http://127.0.0.1:${port}/mcp`,
      gets: () => plainGets,
      close: () => new Promise((r) => { for (const res of open) res.destroy(); server.close(() => r()); }),
    });
  }));
}

test('get-stream: a 409 on the first GET is retried once; the stream it then gets is judged', async () => {
  const server = await startServer(1);
  try {
    const { result, evidence } = await scan({ url: server.url, options: { keepAliveMaxMs: 1_500, streamWindowMs: 2_000, deadlineMs: 20_000 } });
    const gs = evidence.probes.getStream;
    assert.equal(gs?.status, 200, 'the second GET opened the stream');
    assert.ok(gs?.conflictExchangeId, 'the 409 is kept in the evidence');
    const rule = result.rules.find((r) => r.id === 'get-stream-or-405');
    assert.equal(rule?.outcome, 'stream');
    assert.match(rule?.detail ?? '', /A first GET → 409 .* again: GET → 200 text\/event-stream/);
    assert.deepEqual(rule?.exchanges, [gs!.conflictExchangeId, gs!.exchangeId]);
  } finally {
    await server.close();
  }
});

test('get-stream: a server that always answers 409 is judged on its 409', async () => {
  const server = await startServer(Infinity);
  try {
    const { result } = await scan({ url: server.url, options: { keepAliveMaxMs: 1_500, streamWindowMs: 2_000, deadlineMs: 20_000 } });
    const rule = result.rules.find((r) => r.id === 'get-stream-or-405');
    assert.equal(rule?.outcome, 'otherStatus');
    assert.equal(rule?.status, 'fail');
    assert.ok(server.gets() >= 2, 'looked twice');
  } finally {
    await server.close();
  }
});
