// Real servers on loopback: a WebSocket MCP endpoint (ws server around the SDK Transport),
// flawed variants, plain HTTP servers that decline, hang or fail the upgrade, and the
// well-behaved Streamable HTTP demo server scanned end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scan } from '../../src/engine/scan.ts';
import { judge } from '../../src/engine/ruleSet.ts';
import { Evidence } from '../../src/contract/evidence.ts';
import { probeWebSocket } from '../../src/gather/websocket.ts';
import { gatherWebSocket } from '../../src/engine/scanWebSocket.ts';
import { NetClient } from '../../src/net/client.ts';
import { writeOutputs } from '../../reports/output.ts';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import type { Result } from '../../src/contract/result.ts';
import { startWebSocketMcpServer } from './server.ts';

const rule = (r: Result, id: string) => r.rules.find((x) => x.id === id)!;
const WS_RULES = ['websocket-upgrade', 'websocket-session', 'websocket-close-codes', 'websocket-ping'];
const wsOutcomes = (r: Result) => Object.fromEntries(WS_RULES.map((id) => [id, rule(r, id).outcome]));

async function plainServer(onRequest: http.RequestListener, onUpgrade?: (req: http.IncomingMessage, socket: import('node:stream').Duplex) => void) {
  const server = http.createServer(onRequest);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  if (onUpgrade) server.on('upgrade', onUpgrade);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    // upgraded sockets are not the server's any more: destroy them by hand
    close: () => { for (const s of sockets) s.destroy(); return new Promise<void>((r) => server.close(() => r())); },
  };
}

test('websocket: a ws:// MCP endpoint scans like any other, with the upgrade in the transcript and reports', async () => {
  const s = await startWebSocketMcpServer();
  try {
    const { evidence, result } = await scan({ url: s.url });
    Evidence.parse(evidence);
    assert.equal(result.transport, 'websocket');
    assert.equal(evidence.probes.target.scheme, 'ws');
    assert.deepEqual(wsOutcomes(result), { 'websocket-upgrade': 'upgraded', 'websocket-session': 'works', 'websocket-close-codes': 'correct', 'websocket-ping': 'pong' });
    assert.equal(rule(result, 'era').outcome, 'websocketOnly');
    assert.equal(rule(result, 'tools-list').outcome, 'listed');
    assert.equal(rule(result, 'latency').outcome, 'fast');
    assert.equal(rule(result, 'post-content-type').outcome, 'transport-not-applicable');
    assert.equal(result.server.name, 'agentready-websocket-test');
    const upgrade = evidence.transcript.find((x) => x.probe === 'websocket');
    assert.equal(upgrade?.response?.status, 101);
    assert.equal(upgrade?.request.headers['sec-websocket-protocol'], 'mcp');
    const ws = evidence.probes.websocket!;
    assert.ok(ws.frames.some((f) => f.dir === 'out' && f.type === 'binary'));
    assert.ok(ws.frames.some((f) => f.dir === 'in' && f.type === 'close' && f.code === 1003));
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-ws-'));
    try {
      await writeOutputs(result, evidence, dir, ['html', 'md']);
      assert.match(readFileSync(path.join(dir, 'report.html'), 'utf8'), /Upgrade|websocket/i);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  } finally { await s.close(); }
});

test('websocket: a server that ignores binary frames and pings gets warned and failed (INFO rules)', async () => {
  const s = await startWebSocketMcpServer(['ignore-binary', 'no-pong']);
  try {
    const evidence = await gatherWebSocket({ url: s.url, timeouts: { pingMs: 500, closeMs: 500 } });
    const result = judge(evidence);
    assert.deepEqual(wsOutcomes(result), { 'websocket-upgrade': 'upgraded', 'websocket-session': 'works', 'websocket-close-codes': 'binaryIgnored', 'websocket-ping': 'noPong' });
    assert.equal(rule(result, 'websocket-ping').status, 'fail');
    assert.equal(rule(result, 'websocket-ping').level, 'INFO');
  } finally { await s.close(); }
});

test('websocket: an upgrade without the mcp subprotocol is flagged', async () => {
  const s = await startWebSocketMcpServer(['no-subprotocol']);
  try {
    const result = judge(await gatherWebSocket({ url: s.url }));
    assert.equal(rule(result, 'websocket-upgrade').outcome, 'noSubprotocol');
    assert.equal(rule(result, 'websocket-session').outcome, 'notUpgraded');
    assert.equal(rule(result, 'era').outcome, 'unreachable');
  } finally { await s.close(); }
});

test('websocket: on an HTTP endpoint, declining as plain HTTP passes; hanging and 5xx fail', async () => {
  const now = () => 0;
  const declined = await plainServer((_req, res) => { res.writeHead(405, { allow: 'POST' }).end('use POST'); });
  const hangs = await plainServer((_req, res) => res.end(), () => { /* never answers the upgrade */ });
  const broken = await plainServer((_req, res) => { res.writeHead(502).end('bad gateway'); });
  try {
    const client = new NetClient();
    const d = await probeWebSocket({ url: new URL(declined.url), headers: { authorization: 'Bearer secret' }, blockPrivate: false, now, record: (x) => client.recordExternal(x) });
    assert.equal(d.upgrade?.outcome, 'declined');
    assert.equal(d.upgrade?.status, 405);
    const x = client.transcript[0];
    assert.equal(x.request.url, declined.url, 'the transcript shows the HTTP endpoint');
    assert.equal(x.request.headers.authorization, 'Bearer [redacted]');
    assert.equal(x.response?.body, 'use POST');
    await client.close();
    const h = await probeWebSocket({ url: new URL(hangs.url), headers: {}, blockPrivate: false, now, limits: { handshakeTimeoutMs: 400 } });
    assert.equal(h.upgrade?.outcome, 'timeout');
    const b = await probeWebSocket({ url: new URL(broken.url), headers: {}, blockPrivate: false, now });
    assert.equal(b.upgrade?.outcome, 'server-error');
    const blocked = await probeWebSocket({ url: new URL(declined.url), headers: {}, blockPrivate: true, now });
    assert.equal(blocked.upgrade?.outcome, 'blocked', 'the web form\'s SSRF policy applies to the upgrade too');
  } finally {
    await Promise.all([declined.close(), hangs.close(), broken.close()]);
  }
});

test('websocket: an HTTP scan of the well-behaved Streamable HTTP server records a graceful decline', async () => {
  const s = await startWellBehavedServer();
  try {
    const { evidence, result } = await scan({ url: s.url, options: { quick: true, deadlineMs: 20_000, streamWindowMs: 2_000, browser: false } });
    assert.equal(rule(result, 'websocket-upgrade').outcome, 'declined');
    assert.equal(rule(result, 'websocket-upgrade').weight, 0.25);
    assert.equal(rule(result, 'websocket-session').outcome, 'notUpgraded');
    const x = evidence.transcript.find((e) => e.probe === 'websocket');
    assert.ok(x?.response && x.response.status >= 400 && x.response.status < 500, 'answered as plain HTTP 4xx');
    assert.equal(rule(result, 'era').outcome, 'session');
  } finally { await s.close(); }
});

test('websocket: an HTTP scan of a WebSocket-capable endpoint judges the upgraded session', async () => {
  const s = await startWebSocketMcpServer();
  try {
    const client = new NetClient();
    const art = await probeWebSocket({ url: new URL(s.httpUrl), headers: {}, blockPrivate: false, now: () => client.now(), record: (x) => client.recordExternal(x) });
    assert.equal(art.upgrade?.outcome, 'upgraded');
    assert.equal(art.session?.ok, true);
    assert.equal(art.binary?.closeCode, 1003);
    assert.equal(art.cleanClose?.code, 1000);
    assert.equal(client.transcript.length, 2, 'two upgrades: the session and the binary-frame check');
    assert.equal(client.transcript[0].request.url, s.httpUrl);
    await client.close();
  } finally { await s.close(); }
});
