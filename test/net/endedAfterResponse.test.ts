// Whether a POST's SSE stream ended after its response (sse-ends-with-response) is known only
// when the server had the chance to end it: a read the probe cut short on its own condition
// (the drop after the first event id, firecrawl-mcp's audit) says nothing either way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetClient } from '../../src/net/client.ts';

let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // priming event and the response in one chunk, then the end (or, /open, the stream held)
      res.write('id: p1\ndata:\n\nid: p2\ndata: {"jsonrpc":"2.0","id":7,"result":{}}\n\n');
      if (req.url === '/ends') res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.closeAllConnections(); server.close(); });

const post = (client: NetClient, path: string, extra: Record<string, unknown> = {}) => client.exchange({
  probe: 't', label: path, method: 'POST', url: `${base}${path}`, rpc: true, rpcId: 7, body: '{"jsonrpc":"2.0","id":7,"method":"tools/list"}',
  graceAfterAnswerMs: 200, ...extra,
});

test('endedAfterResponse: true when the server ends the stream, false when it holds it past the grace, unknown when the probe cut it', async () => {
  const client = new NetClient({});
  try {
    assert.equal((await post(client, '/ends')).exchange.response?.rpc?.endedAfterResponse, true);
    assert.equal((await post(client, '/open')).exchange.response?.rpc?.endedAfterResponse, false);
    const dropped = await post(client, '/ends', { stopWhen: (rec: { record: { events: unknown[] } }) => rec.record.events.length > 0 });
    assert.equal(dropped.exchange.response?.endedBy, 'answered');
    assert.equal(dropped.exchange.response?.rpc?.endedAfterResponse, undefined);
  } finally {
    await client.close();
  }
});
