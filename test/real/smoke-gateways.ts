// Smoke check (not a test file): starts and closes every gateway/framework/nginx launcher,
// checks each starts in < 8 s, answers on its URL, and leaves no process behind.
//   export PATH=/work/main/node_modules/.bin:$PATH && node test/real/smoke-gateways.ts
import { execFileSync } from 'node:child_process';
import * as g from './servers/gateways.ts';
import type { RealServer } from './servers/types.ts';

const launchers: Array<[string, () => Promise<RealServer>]> = [
  ['startSupergatewaySse', g.startSupergatewaySse],
  ['startSupergatewayStateful', g.startSupergatewayStateful],
  ['startSupergatewayStateless', g.startSupergatewayStateless],
  ['startSupergatewayWs', g.startSupergatewayWs],
  ['startMcpProxyStream', g.startMcpProxyStream],
  ['startMcpProxySse', g.startMcpProxySse],
  ['startFastmcpStream', g.startFastmcpStream],
  ['startFastmcpSse', g.startFastmcpSse],
  ['startNginxBuffered', g.startNginxBuffered],
  ['startNginxSse', g.startNginxSse],
];

/** Processes (other helpers may run the same packages concurrently, so only ours are counted):
 * those whose command line names `port`, and orphaned (ppid 1) server-everything stdio children. */
function leftovers(port: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(` ${port}`) && /supergateway|mcp-proxy|fastmcpApp|nginx/.test(line) && !line.includes(' ps '))
    .concat(out.split('\n').filter((line) => /^\s*\d+\s+1\s+.*server-everything.*stdio/.test(line)));
}

async function probe(url: string): Promise<string> {
  if (url.startsWith('ws:')) {
    const { WebSocket } = await import('ws');
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.once('open', () => {
        ws.close();
        resolve('ws open');
      });
      ws.once('error', (e) => resolve(`ws error ${e.message}`));
    });
  }
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 5000);
  try {
    if (url.endsWith('/sse')) {
      const r = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: ac.signal });
      ac.abort();
      return `GET ${r.status} ${r.headers.get('content-type')}`;
    }
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'smoke', version: '0' } } }),
      signal: ac.signal,
    });
    const text = await r.text();
    return `POST initialize ${r.status} ${/"protocolVersion":"([^"]+)"/.exec(text)?.[1] ?? text.slice(0, 80)}`;
  } finally {
    clearTimeout(timer);
  }
}

const orphansBefore = leftovers(-1).length;
let failed = 0;
for (const [name, start] of launchers) {
  const t0 = Date.now();
  let server: RealServer | undefined;
  try {
    server = await start();
    const startMs = Date.now() - t0;
    const answer = await probe(server.url);
    const t1 = Date.now();
    await server.close();
    const closeMs = Date.now() - t1;
    await new Promise((r) => setTimeout(r, 300));
    const left = leftovers(Number(new URL(server.url).port)).length - orphansBefore;
    if (left > 0) console.log(`     ${left} process(es) left behind by ${name}`);
    const ok = startMs < 8000 && left <= 0;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'SLOW'} ${name.padEnd(28)} start ${String(startMs).padStart(5)} ms  close ${String(closeMs).padStart(5)} ms  ${server.url}  callTool=${server.callTool}  [${answer}]`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    await server?.close();
  }
}
console.log(failed ? `${failed} launcher(s) failed` : 'all launchers started < 8 s and closed without leftovers');
process.exitCode = failed ? 1 : 0;
