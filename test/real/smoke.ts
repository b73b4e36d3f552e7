// Starts and closes every SDK-family launcher, checking start time (< 5 s), that the endpoint
// answers, that the bind is loopback, and that close() returns promptly.
// Run: node test/real/smoke.ts   (Node 24)
import * as family from './servers/sdkFamily.ts';
import type { RealServer } from './servers/types.ts';

const launchers: Array<[string, () => Promise<RealServer>]> = [
  ['startEverythingStreamable', family.startEverythingStreamable],
  ['startEverythingSse', family.startEverythingSse],
  ['startSdkStateful', family.startSdkStateful],
  ['startSdkStateless', family.startSdkStateless],
  ['startSdkJsonResponse', family.startSdkJsonResponse],
  ['startSdkV2Modern', family.startSdkV2Modern],
  ['startSdkV2Dual', family.startSdkV2Dual],
];

let failed = 0;
for (const [fn, start] of launchers) {
  const t0 = performance.now();
  let server: RealServer | undefined;
  try {
    server = await start();
    const startedMs = performance.now() - t0;
    const url = new URL(server.url);
    if (url.hostname !== '127.0.0.1') throw new Error(`not loopback: ${server.url}`);
    // One cheap request: the endpoint must answer (any status), headers within 5 s.
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 5000);
    const isSse = url.pathname === '/sse';
    const res = await fetch(server.url, {
      method: isSse ? 'GET' : 'POST',
      signal: ac.signal,
      headers: isSse
        ? { Accept: 'text/event-stream' }
        : { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: isSse
        ? undefined
        : JSON.stringify({
            jsonrpc: '2.0', id: 1, method: 'initialize',
            params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'smoke', version: '0' } },
          }),
    });
    clearTimeout(timer);
    const status = res.status;
    await res.body?.cancel();
    const t1 = performance.now();
    let hang: NodeJS.Timeout | undefined;
    await Promise.race([server.close(), new Promise((_, rej) => (hang = setTimeout(() => rej(new Error('close() hung > 6 s')), 6000)))]);
    clearTimeout(hang);
    const closeMs = performance.now() - t1;
    await server.close(); // idempotent
    const ok = startedMs < 5000;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${fn.padEnd(26)} start ${startedMs.toFixed(0).padStart(5)} ms  ${isSse ? 'GET' : 'POST init'} → ${status}  close ${closeMs.toFixed(0)} ms  ${server.url}  callTool=${server.callTool ?? '-'}`,
    );
  } catch (error) {
    failed++;
    console.log(`FAIL ${fn}: ${error instanceof Error ? error.stack : String(error)}`);
    await server?.close().catch(() => {});
  }
}
process.exitCode = failed === 0 ? 0 : 1;
