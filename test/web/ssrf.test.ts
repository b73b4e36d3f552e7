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
import { forbiddenAddressReason, guardedLookup, REFUSED_NOT_PUBLIC } from '../../src/net/ssrf.ts';
import { checkTarget, REFUSED_MESSAGE, TargetError } from '../../src/web/target.ts';
import type { WebServer } from '../../src/web/server.ts';
import { connectionCounter, postApi, postForm, startWeb, waitForStatus } from './_support.ts';

const PUBLIC = '93.184.216.34';
/** The pre-queue check's DNS: these names look public to it (or resolve to loopback). */
const fakeDns = async (host: string) => {
  if (host === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'mapped.test') return [{ address: '::ffff:127.0.0.1', family: 6 }];
  if (host === 'mixed.test') return [{ address: PUBLIC, family: 4 }, { address: '10.1.2.3', family: 4 }];
  if (host === 'late-rebind.test' || host === 'redirector.test') return [{ address: PUBLIC, family: 4 }];
  if (host === 'metadata.google.internal') return [{ address: '169.254.169.254', family: 4 }];
  if (host === 'ula.test') return [{ address: 'fd00::2', family: 6 }];
  if (host === 'compat.test') return [{ address: '::7f00:1', family: 6 }];
  if (host === 'nat64.test') return [{ address: '64:ff9b::a9fe:a9fe', family: 6 }];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

let counter: Awaited<ReturnType<typeof connectionCounter>>;
let web: WebServer;
const serverLog: string[] = [];
before(async () => {
  counter = await connectionCounter();
  web = await startWeb({ lookup: fakeDns, logger: { level: 'warn', stream: { write: (line: string) => { serverLog.push(line); } } } });
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
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://ula.test/mcp',
    'http://does-not-exist.test/mcp',
    ...embeddedIpv4Targets(),
  ];
};

/** IPv6 spellings that embed an IPv4 address, and other addresses outside IPv6 global unicast. */
const embeddedIpv4Targets = () => {
  const p = counter.port;
  return [
    `http://[::127.0.0.1]:${p}/mcp`, // IPv4-compatible ::/96, parsed to [::7f00:1]
    'http://[::169.254.169.254]/latest/meta-data/',
    `http://[::ffff:0:127.0.0.1]:${p}/mcp`, // IPv4-translated
    `http://[64:ff9b::127.0.0.1]:${p}/mcp`, // NAT64
    'http://[64:ff9b:1::a9fe:a9fe]/', // local-use NAT64
    `http://[2002:7f00:1::1]:${p}/mcp`, // 6to4 of 127.0.0.1
    `http://[2001:0:7f00:1::1]:${p}/mcp`, // Teredo
    `http://[::]:${p}/mcp`,
    'http://[100::1]/mcp', // discard
    'http://[fec0::1]/mcp', // old site-local
    `http://compat.test:${p}/mcp`,
    'http://nat64.test/',
  ];
};

test('the form refuses every non-public target with one generic message; the details are in the server log only', async () => {
  const answers = new Set<string>();
  for (const url of refusedTargets()) {
    const r = await postForm(web.url, { url });
    assert.equal(r.status, 400, url);
    const html = await r.text();
    const error = /<p class="error" id="url-error" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    assert.ok(error, url);
    answers.add(error);
    assert.ok(!/169\.254|fd00|resolves|resolved|loopback|private/i.test(error), `${url}: the refusal names no address or reason`);
  }
  assert.deepEqual([...answers], [REFUSED_MESSAGE], 'one text for every refusal, missing names included');
  assert.equal((await web.store.recent(100)).length, 0, 'nothing was queued');
  const log = serverLog.join('');
  assert.match(log, /"host":"metadata\.google\.internal","reason":"resolves to 169\.254\.169\.254 is a link-local address/);
  assert.match(log, /"host":"ula\.test","reason":"resolves to fd00::2 is a unique-local address/);
  assert.match(log, /"host":"does-not-exist\.test","reason":"could not be resolved \(ENOTFOUND\)"/);
});

test('the API refuses the same targets with 400 and the same generic {error}', async () => {
  for (const url of refusedTargets()) {
    const r = await postApi(web.url, { url });
    assert.equal(r.status, 400, url);
    const j = (await r.json()) as { error: string };
    assert.equal(j.error, REFUSED_MESSAGE, url);
  }
});

test('IPv6 forms that embed IPv4, and anything outside global unicast, are refused by the address check itself', async () => {
  for (const a of ['::7f00:1', '::a9fe:a9fe', '::ffff:127.0.0.1', '::ffff:93.184.216.34', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '64:ff9b:1::1',
    '2002:7f00:1::1', '2002:5db8:d822::1', '2001:0:7f00:1::1', '100::1', 'fec0::1', '5f00::1', '2001:db8::1', '::', '::1', 'fe80::1', 'fd00::2', 'ff02::1']) {
    assert.ok(forbiddenAddressReason(a), `${a} is refused`);
  }
  for (const a of ['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e', PUBLIC]) {
    assert.equal(forbiddenAddressReason(a), undefined, `${a} is allowed`);
  }
  // the connect-time lookup: a name whose AAAA record embeds loopback
  const origLookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (_host: string, _opts: object, cb: (...a: unknown[]) => void) => cb(null, [{ address: '::7f00:1', family: 6 }]);
  try {
    const err = await new Promise<Error | null>((resolve) => guardedLookup('compat.test', { all: true }, (e) => resolve(e)));
    assert.equal(err?.message, REFUSED_NOT_PUBLIC, 'refused, and the message does not say what it resolved to');
  } finally {
    (dns as { lookup: unknown }).lookup = origLookup;
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
  await assert.rejects(checkTarget('http://does-not-exist.test/', { allowPrivate: false, lookup: fakeDns }), (err: Error) => err.message === REFUSED_MESSAGE);
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
  assert.equal(s.error, REFUSED_MESSAGE, 'the generic refusal, not what the name resolved to');
  assert.equal(counter.count(), before, 'the loopback listener got no connection');
  assert.match(serverLog.join(''), /"host":"late-rebind\.test","address":"127\.0\.0\.1"/, 'the details are in the log');
});

test('a public first hop redirecting to loopback: the redirect hop is refused; no request arrives', async (t) => {
  // every hop to loopback, in the spellings a guard may miss: plain, ::1, IPv4-compatible, NAT64, mapped
  const hops = [`http://127.0.0.1:${counter.port}/mcp`, `http://[::127.0.0.1]:${counter.port}/mcp`, 'http://[::169.254.169.254]/latest/meta-data/',
    `http://[64:ff9b::127.0.0.1]:${counter.port}/mcp`, `http://[::ffff:127.0.0.1]:${counter.port}/mcp`, `http://[::1]:${counter.port}/mcp`];
  let hop = 0;
  const redirector = http.createServer((_req, res) => {
    const to = hops[hop++ % hops.length]!;
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
  assert.equal(res.exchange.error?.message, REFUSED_NOT_PUBLIC);

  // and through the web form: the scan runs, every hop to loopback is refused
  hop = 1;
  const before = counter.count();
  const r = await postApi(web.url, { url: 'http://redirector.test/mcp' });
  assert.equal(r.status, 202);
  const { id } = (await r.json()) as { id: string };
  const s = await waitForStatus(web.url, id, ['done', 'failed']);
  const evidence = (await (await fetch(`${web.url}/scans/${id}?format=evidence`)).json()) as { transcript: { request: { url: string }; error?: { kind: string } }[] };
  assert.equal(s.status, 'done');
  const toLoopback = evidence.transcript.filter((x) => /127\.0\.0\.1|\[::1\]|\[::7f00:1\]|\[64:ff9b::7f00:1\]|\[::ffff:7f00:1\]|\[::a9fe:a9fe\]/.test(x.request.url));
  assert.ok(toLoopback.length > 0, 'the scan followed redirects towards loopback');
  assert.ok(toLoopback.every((x) => x.error?.kind === 'blocked'), 'every hop to loopback was refused');
  for (const spelling of ['[::7f00:1]', '[64:ff9b::7f00:1]', '[::a9fe:a9fe]']) {
    assert.ok(toLoopback.some((x) => x.request.url.includes(spelling)), `a hop to ${spelling} was tried (and refused)`);
  }
  assert.equal(counter.count(), before, 'the loopback listener got no connection');
});
