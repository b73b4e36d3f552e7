// quietStopMs: a stream read ends once the server has gone quiet (resumption reads use it), and
// with quietFromHeaders also when it never says anything; without it the window bounds the read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetClient } from '../../src/net/client.ts';

let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    if (req.url === '/one') res.write('id: 1\ndata: {}\n\n');
    // then silence, the connection held open
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.closeAllConnections(); server.close(); });

const read = (client: NetClient, path: string, extra: { quietStopMs?: number; quietFromHeaders?: boolean; windowMs: number }) =>
  client.exchange({ probe: 't', label: path, method: 'GET', url: `${base}${path}`, expectStream: true, ...extra });

test('quietStopMs ends the read after the last event', async () => {
  const client = new NetClient({});
  const x = await read(client, '/one', { quietStopMs: 150, windowMs: 10_000 });
  assert.equal(x.exchange.response?.endedBy, 'answered');
  assert.equal(x.sse?.record.events.length, 1);
  await client.close();
});

test('quietFromHeaders ends a read that never gets a byte; without it the window does', async () => {
  const client = new NetClient({});
  const quiet = await read(client, '/none', { quietStopMs: 150, quietFromHeaders: true, windowMs: 10_000 });
  assert.equal(quiet.exchange.response?.endedBy, 'answered');
  const waited = await read(client, '/none', { quietStopMs: 150, windowMs: 800 });
  assert.equal(waited.exchange.response?.endedBy, 'window');
  assert.equal(waited.sse?.record.events.length, 0);
  await client.close();
});
