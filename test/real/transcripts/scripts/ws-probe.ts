// WebSocket transcript for supergateway --outputTransport ws: node ws-probe.ts ws://…/message
import { WebSocket } from 'ws';
const url = process.argv[2]!;
const T0 = Date.now();
const t = () => `[${((Date.now() - T0) / 1000).toFixed(2).padStart(6)}s]`;
function open(name: string, headers: Record<string, string> = {}, protocols?: string[]): Promise<WebSocket & { log: string[] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers }) as WebSocket & { log: string[] };
    ws.log = [];
    ws.on('upgrade', (res) => console.log(`${t()} ${name} upgrade: HTTP ${res.statusCode} ${JSON.stringify({ 'sec-websocket-protocol': res.headers['sec-websocket-protocol'] ?? null, 'access-control-allow-origin': res.headers['access-control-allow-origin'] ?? null })}`));
    ws.on('unexpected-response', (_req, res) => { console.log(`${t()} ${name} rejected: HTTP ${res.statusCode}`); resolve(ws); });
    ws.on('message', (d) => { const line = `${t()} ${name} ← ${d.toString().slice(0, 200)}`; ws.log.push(line); });
    ws.on('ping', () => ws.log.push(`${t()} ${name} ← (ws ping frame)`));
    ws.on('close', (code, reason) => console.log(`${t()} ${name} closed ${code} ${reason.toString()}`));
    ws.on('error', (e) => console.log(`${t()} ${name} error ${e.message}`));
    ws.on('open', () => resolve(ws));
  });
}
const send = (ws: WebSocket, name: string, msg: object) => { console.log(`${t()} ${name} → ${JSON.stringify(msg).slice(0, 160)}`); ws.send(JSON.stringify(msg)); };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const init = (id: number) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: { roots: { listChanged: true } }, clientInfo: { name: 'ws-transcript', version: '1' } } });

const A = await open('A');
const B = await open('B');
send(A, 'A', init(101));
await sleep(800);
send(A, 'A', { jsonrpc: '2.0', method: 'notifications/initialized' });
send(B, 'B', init(201));
await sleep(800);
send(B, 'B', { jsonrpc: '2.0', method: 'notifications/initialized' });
await sleep(800);
console.log(`${t()} --- A acts now`);
send(A, 'A', { jsonrpc: '2.0', id: 102, method: 'logging/setLevel', params: { level: 'debug' } });
send(A, 'A', { jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
send(A, 'A', { jsonrpc: '2.0', id: 103, method: 'ping' });
send(A, 'A', { jsonrpc: '2.0', id: 104, method: 'tools/list' });
send(A, 'A', { jsonrpc: '2.0', id: 105, method: 'tools/call', params: { name: 'trigger-long-running-operation', arguments: { duration: 3, steps: 5 }, _meta: { progressToken: 'A-progress' } } });
await sleep(4000);
console.log(`${t()} --- binary frame from B, and a non-JSON text frame`);
B.send(Buffer.from([0x01, 0x02]), { binary: true });
B.send('not json');
await sleep(500);
for (const ws of [A, B]) for (const l of ws.log) console.log(l);
console.log(`${t()} --- idle 20 s on a fresh client C (ws ping frames / messages?)`);
const C = await open('C');
await sleep(20000);
for (const l of C.log) console.log(l);
console.log(`${t()} (C received ${C.log.length} frames while idle)`);
const E = await open('E', { Origin: 'https://evil.example' });
console.log(`${t()} E (Origin: https://evil.example) readyState ${E.readyState}`);
const P = await open('P', {}, ['mcp']);
console.log(`${t()} P (subprotocol mcp) protocol '${P.protocol}'`);
for (const ws of [A, B, C, E, P]) ws.close(1000);
await sleep(300);
process.exit(0);
