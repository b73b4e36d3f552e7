// Without --allow-private, the web form must never make a request to a loopback, private,
// link-local, unique-local, CGNAT or metadata address — not for the URL typed, not for a
// name that resolves there (now or at connect time), not for a redirect hop.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { NetClient } from '../../src/net/client.ts';
import { checkTarget, TargetError } from '../../src/web/target.ts';
import type { WebServer } from '../../src/web/server.ts';
import { connectionCounter, postApi, postForm, startWeb, waitForStatus } from './_support.ts';

const PUBLIC = '93.184.216.34';
/** The pre-queue check's DNS: these names look public to it (or resolve to loopback). */
const fakeDns = async (host: string) => {
  if (host === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'mapped.test') return [{ address: '::ffff:127.0.0.1', family: 6 }];
  if (host === 'mixed.test') return [{ address: PUBLIC, family: 4 }, { address: '10.1.2.3', family: 4 }];
  if (host === 'late-rebind.test' || host === 'redirector.test') return [{ address: PUBLIC, family: 4 }];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

let counter: Awaited<ReturnType<typeof connectionCounter>>;
let web: WebServer;
before(async () => {
  counter = await connectionCounter();
  web = await startWeb({ lookup: fakeDns });
});
after(async () => {
  await web.close();
  await counter.close();
});

const refusedTargets = () => {
  const p = counter.port;
  return [
    `http://127.0.0.1:${p}/mcp`,
    `http://localhost:${p}/mcp`,
    `http://LOCALHOST.:${p}/mcp`,
    `http://[::1]:${p}/mcp`,
    `http://[::ffff:127.0.0.1]:${p}/mcp`,
    `http://2130706433:${p}/mcp`, // 127.0.0.1 as one decimal number
    `http://0x7f.1:${p}/mcp`,
    `http://0.0.0.0:${p}/mcp`,
    `http://api.localhost:${p}/mcp`,
    `http://rebind.test:${p}/mcp`,
    `http://mapped.test:${p}/mcp`,
    `http://mixed.test:${p}/mcp`,
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://10.0.0.1/mcp',
    'http://192.168.1.1/mcp',
    'http://172.16.0.1/mcp',
    'http://100.64.0.1/mcp',
    'http://[fd12:3456::1]/mcp',
    'http://[fe80::1]/mcp',
  ];
};

test('the form refuses loopback, private, link-local, ULA, CGNAT and metadata targets with a clear message', async () => {
  for (const url of refusedTargets()) {
    const r = await postForm(web.url, { url });
    assert.equal(r.status, 400, url);
    const html = await r.text();
    assert.match(html, /id="url-error"[^>]*>Refused: [^<]+(loopback|private|link-local|unique-local|carrier-grade|unspecified|resolves to)/, url);
    assert.match(html, /This server only scans public endpoints/, url);
  }
  assert.equal((await web.store.recent(100)).length, 0, 'nothing was queued');
});

test('the API refuses the same targets with 400 {error}', async () => {
  for (const url of refusedTargets()) {
    const r = await postApi(web.url, { url });
    assert.equal(r.status, 400, url);
    const j = (await r.json()) as { error: string };
    assert.match(j.error, /^Refused: /, url);
  }
});

test('the local listener received no connection from any refused submission', async () => {
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(counter.count(), 0);
});

test('checkTarget: public addresses pass, private ones are refused, --allow-private skips the check', async () => {
  assert.equal((await checkTarget('https://late-rebind.test/mcp#frag', { allowPrivate: false, lookup: fakeDns })).href, 'https://late-rebind.test/mcp');
  assert.equal((await checkTarget(`https://${PUBLIC}/mcp`, { allowPrivate: false, lookup: fakeDns })).hostname, PUBLIC);
  await assert.rejects(checkTarget('http://127.0.0.1/', { allowPrivate: false }), TargetError);
  assert.equal((await checkTarget('http://127.0.0.1/', { allowPrivate: true })).hostname, '127.0.0.1');
  await assert.rejects(checkTarget('http://does-not-exist.test/', { allowPrivate: false, lookup: fakeDns }), /could not be resolved \(ENOTFOUND\)/);
  await assert.rejects(checkTarget('ftp://example.com/', { allowPrivate: false }), /must be http:\/\/ or https:\/\//);
  await assert.rejects(checkTarget('https://user:pw@example.com/', { allowPrivate: false }), /must not carry credentials/);
});

// The scan's own network layer is what closes the DNS-rebinding window and checks redirect
// hops. Two hooks stand in for the public internet the test cannot reach: `dns.lookup`
// answers for test names (as a rebinding DNS server would), and `net.connect` routes the one
// allow-listed "public" first hop (redirector.test) to a local server.
test('a name that passes the pre-check but resolves to loopback at connect time is refused; no request arrives', async (t) => {
  const origLookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (host: string, opts: object, cb: (...a: unknown[]) => void) => {
    if (host === 'late-rebind.test') return cb(null, [{ address: '127.0.0.1', family: 4 }]);
    return (origLookup as unknown as (...a: unknown[]) => void)(host, opts, cb);
  };
  t.after(() => { (dns as { lookup: unknown }).lookup = origLookup; });
  const before = counter.count();
  const r = await postApi(web.url, { url: `http://late-rebind.test:${counter.port}/mcp` });
  assert.equal(r.status, 202);
  const { id } = (await r.json()) as { id: string };
  const s = await waitForStatus(web.url, id, ['done', 'failed']);
  assert.equal(s.status, 'failed');
  assert.match(String(s.error), /^Refused: late-rebind\.test resolves to 127\.0\.0\.1 is a loopback address/);
  assert.equal(counter.count(), before, 'the loopback listener got no connection');
});

test('a public first hop redirecting to loopback: the redirect hop is refused; no request arrives', async (t) => {
  const redirector = http.createServer((req, res) => {
    const to = req.method === 'POST' ? `http://127.0.0.1:${counter.port}/mcp` : `http://[::1]:${counter.port}/mcp`;
    res.writeHead(307, { location: to }).end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  const redirectorPort = (redirector.address() as AddressInfo).port;
  const origConnect = net.connect;
  (net as { connect: unknown }).connect = (opts: net.NetConnectOpts & { host?: string }, ...rest: unknown[]) => {
    if (typeof opts === 'object' && opts.host === 'redirector.test') {
      return (origConnect as (...a: unknown[]) => net.Socket)({ ...opts, host: '127.0.0.1', port: redirectorPort, lookup: undefined }, ...rest);
    }
    return (origConnect as (...a: unknown[]) => net.Socket)(opts, ...rest);
  };
  t.after(() => { (net as { connect: unknown }).connect = origConnect; redirector.close(); });

  // at the NetClient level
  const client = new NetClient({ blockPrivate: true });
  const res = await client.exchange({ probe: 't', label: 'POST through a redirect', method: 'POST', url: 'http://redirector.test/mcp', body: '{}' });
  await client.close();
  assert.equal(client.transcript.length, 2);
  assert.equal(client.transcript[0]!.response?.status, 307, 'the first (allow-listed) hop was made');
  assert.equal(res.exchange.error?.kind, 'blocked');
  assert.match(res.exchange.error?.message ?? '', /127\.0\.0\.1 is a loopback address/);

  // and through the web form: the scan runs, every hop to loopback is refused
  const before = counter.count();
  const r = await postApi(web.url, { url: 'http://redirector.test/mcp' });
  assert.equal(r.status, 202);
  const { id } = (await r.json()) as { id: string };
  const s = await waitForStatus(web.url, id, ['done', 'failed']);
  const evidence = (await (await fetch(`${web.url}/scans/${id}?format=evidence`)).json()) as { transcript: { request: { url: string }; error?: { kind: string } }[] };
  assert.equal(s.status, 'done');
  const toLoopback = evidence.transcript.filter((x) => /127\.0\.0\.1|\[::1\]/.test(x.request.url));
  assert.ok(toLoopback.length > 0, 'the scan followed redirects towards loopback');
  assert.ok(toLoopback.every((x) => x.error?.kind === 'blocked'), 'every hop to loopback was refused');
  assert.equal(counter.count(), before, 'the loopback listener got no connection');
});
