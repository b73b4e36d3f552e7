// Behind a reverse proxy: --trust-proxy takes a hop count or the proxies' addresses, so the
// client address is what the trusted proxy saw, not what the client wrote in
// X-Forwarded-For; rate limits count IPv6 clients per /64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveOptionsFrom } from '../../src/web/command.ts';
import { UsageError } from '../../src/contract/errors.ts';
import { clientKey } from '../../src/web/clients.ts';
import { startWeb } from './_support.ts';

/** A loopback reverse proxy that appends the address it sees to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does. */
async function startProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(upstream);
  const server = http.createServer((req, res) => {
    const seen = req.socket.remoteAddress!.replace(/^::ffff:/, '');
    const xff = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${seen}` : seen;
    const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': xff } }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const submit = (base: string, xff: string) => fetch(`${base}/api/scans`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ url: 'not a url' }),
});

test('--trust-proxy: a hop count or a list of proxy addresses; anything else is a one-line usage error', () => {
  assert.equal(serveOptionsFrom(['--trust-proxy', '1'], {}).options.trustProxy, 1);
  assert.deepEqual(serveOptionsFrom(['--trust-proxy', '10.0.0.0/8, ::1,192.0.2.7'], {}).options.trustProxy, ['10.0.0.0/8', '::1', '192.0.2.7']);
  assert.equal(serveOptionsFrom([], {}).options.trustProxy, false, 'X-Forwarded-For is ignored by default');
  for (const [argv, why] of [
    [['--trust-proxy'], /--trust-proxy <value>' argument missing/],
    [['--trust-proxy', 'garbage'], /--trust-proxy "garbage" is not an IP address or CIDR range/],
    [['--trust-proxy', '0'], /--trust-proxy "0" must be between 1 and 10 proxy hops/],
    [['--trust-proxy=-1'], /--trust-proxy "-1" must be between 1 and 10/],
    [['--trust-proxy', '10.0.0.0/33'], /"10\.0\.0\.0\/33" is not an IP address or CIDR range/],
    [['--trust-proxy', ','], /neither a number of proxy hops nor a list/],
  ] as const) {
    assert.throws(() => serveOptionsFrom([...argv], {}), (err: Error) => err instanceof UsageError && err.exitCode === 2 && why.test(err.message) && !err.message.includes('\n'), argv.join(' '));
  }
});

test('--trust-proxy 1 behind a proxy: 30 submissions with 30 spoofed X-Forwarded-For values are rate-limited as one client', async (t) => {
  const { options } = serveOptionsFrom(['--trust-proxy', '1', '--rate-limit', '5', '--allow-private', '--quiet'], {});
  const web = await startWeb({ ...options, port: 0, dataDir: ':memory:' });
  const proxy = await startProxy(web.url);
  t.after(async () => { await proxy.close(); await web.close(); });
  const statuses: number[] = [];
  for (let i = 1; i <= 30; i++) statuses.push((await submit(proxy.url, `198.51.100.${i}`)).status);
  assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400], 'the first five are judged (and refused as invalid)');
  assert.deepEqual(new Set(statuses.slice(5)), new Set([429]), 'the other 25 are rate-limited: the spoofed values are ignored');
});

test('--trust-proxy <proxy address>: the client is the first untrusted address from the right; IPv6 clients count per /64', async (t) => {
  const { options } = serveOptionsFrom(['--trust-proxy', '127.0.0.1/32,::1', '--rate-limit', '5', '--allow-private', '--quiet'], {});
  const web = await startWeb({ ...options, port: 0, dataDir: ':memory:' });
  t.after(() => web.close());
  // one subscriber rotating through its /64 (the proxy, here the test itself, reports each address)
  const rotating: number[] = [];
  for (let i = 1; i <= 12; i++) rotating.push((await submit(web.url, `203.0.113.66, 2001:db8:aa:bb::${i.toString(16)}`)).status);
  assert.deepEqual(rotating, [400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429, 429]);
  assert.equal((await submit(web.url, '2001:db8:aa:bc::1')).status, 400, 'the next /64 is another client');
  assert.equal((await submit(web.url, '203.0.113.9')).status, 400, 'an IPv4 client is another client');
  assert.equal(clientKey('2001:db8:aa:bb:1:2:3:4'), '2001:db8:aa:bb::/64');
  assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
});
