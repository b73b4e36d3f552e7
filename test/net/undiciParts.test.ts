// The client requires undici's Agent, connector and request API from their own files (faster
// start-up than the index). They must be the very parts the index exports, and they must work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { undiciParts } from '../../src/net/client.ts';

const index = createRequire(import.meta.url)('undici') as typeof import('undici');

test('the parts required from their files are the ones undici exports', () => {
  const parts = undiciParts('files');
  assert.equal(parts.Agent, index.Agent);
  assert.equal(parts.buildConnector, index.buildConnector);
});

test('both ways of loading undici make the same request', async () => {
  const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/plain'); res.end(`${req.method} ${req.url}`); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  try {
    for (const from of ['files', 'index'] as const) {
      const parts = undiciParts(from);
      const agent = new parts.Agent();
      const res = await parts.request(agent, { origin, path: '/mcp?x=1', method: 'GET' });
      assert.equal(res.statusCode, 200, from);
      assert.equal(await res.body.text(), 'GET /mcp?x=1', from);
      await agent.close();
    }
  } finally {
    server.close();
  }
});
