// Header names are the server's choice: `__proto__` and `constructor` are recorded like any other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { NetClient } from '../../src/net/client.ts';

let server: net.Server;
let url: string;
before(async () => {
  server = net.createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => s.end('HTTP/1.1 200 OK\r\n__proto__: polluted\r\nconstructor: c\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/mcp`;
});
after(() => new Promise((r) => server.close(r)));

test('response headers named __proto__ or constructor are kept as own keys, nothing else changes', async () => {
  const client = new NetClient({});
  await client.exchange({ probe: 'headers', label: 'headers', method: 'GET', url });
  const headers = client.transcript[0]!.response!.headers;
  assert.equal(Object.getPrototypeOf(headers), Object.prototype);
  assert.equal(Object.hasOwn(headers, '__proto__'), true);
  assert.equal(headers['__proto__' as string], 'polluted');
  assert.equal(headers.constructor, 'c');
  assert.equal(headers['content-type'], 'application/json');
});
