// Test endpoints for batch runs: a few real demo servers (well-behaved and flawed), each
// listed under many distinct URLs (query strings), plus endpoints nobody answers on.
import { createServer } from 'node:net';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import { startFlawedServer, type Flaw } from '../../src/demo/flawed.ts';
import type { RunningServer } from '../../src/demo/types.ts';

export interface TestFleet {
  servers: RunningServer[];
  /** n distinct endpoint URLs spread over the servers */
  urls(n: number): string[];
  /** a port with nothing listening (connect refused) */
  deadUrl: string;
  close(): Promise<void>;
}

const FLAW_SETS: Flaw[][] = [
  ['no-cors'],
  ['unknown-session-400', 'sequential-session-ids'],
  ['cors-reflect-credentials', 'no-origin-validation'],
  ['notification-200', 'get-404'],
  ['no-expose-headers', 'bad-protocol-version-accepted'],
];

export async function startTestFleet(opts: { good?: number; flawed?: number } = {}): Promise<TestFleet> {
  const servers: RunningServer[] = [];
  for (let i = 0; i < (opts.good ?? 5); i++) servers.push(await startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 250 }));
  for (let i = 0; i < (opts.flawed ?? 5); i++) servers.push(await startFlawedServer({ flaws: FLAW_SETS[i % FLAW_SETS.length]!, keepAliveMs: 300, notifyEveryMs: 250 }));
  const deadPort = await freePort();
  return {
    servers,
    urls: (n) => Array.from({ length: n }, (_, i) => `${servers[i % servers.length]!.url}?n=${i}`),
    deadUrl: `http://127.0.0.1:${deadPort}/mcp`,
    close: async () => { await Promise.all(servers.map((s) => s.close())); },
  };
}

/** A loopback port that was free a moment ago (bound, then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Scan flags that keep each scan well under a second against these servers. */
export const FAST_FLAGS = ['--quick', '--keepalive-max', '1', '--stream-window', '1.5', '--deadline', '10', '--request-timeout', '3', '--no-browser'];
