// One fleet process for the batch benchmark (forked by bench/batch.bench.ts): serves a
// few demo MCP servers on 127.0.0.1, one port per behaviour. The benchmark lists many
// endpoint URLs per port (distinct request targets, /mcp?ep=N: the demo servers route on
// the path and ignore the query). Reports its URLs over IPC, then waits for "stop"; it
// also exits when the parent goes away (IPC disconnect), so a killed benchmark leaves no
// servers behind.
import { startFlawedServer, type Flaw } from '../src/demo/flawed.ts';
import type { RunningServer } from '../src/demo/types.ts';

/** Behaviours served by a fleet process. `refused` (nobody listening) needs no server. */
export const SERVED_KINDS = ['good', 'slow-keepalive', 'flawed', 'slow', 'hang'] as const;
export type ServedKind = (typeof SERVED_KINDS)[number];

export interface FleetMessage { type: 'ready'; urls: Record<ServedKind, string>; pid: number }

const KINDS: Record<ServedKind, { flaws: Flaw[]; keepAliveMs?: number; delayMs?: number }> = {
  // keep-alives every 300 ms: well within the benchmark's 1 s keep-alive limit
  good: { flaws: [], keepAliveMs: 300 },
  // keep-alives every 2.5 s: the scanner watches the GET stream for its whole window
  'slow-keepalive': { flaws: [], keepAliveMs: 2_500 },
  // typical deployment flaws (buffering proxy, sequential ids, reflected CORS, …)
  flawed: { flaws: ['buffered', 'no-retry', 'unknown-session-400', 'sequential-session-ids', 'cors-reflect-credentials', 'no-expose-headers'], keepAliveMs: 300 },
  // every response 150 ms late
  slow: { flaws: ['slow'], keepAliveMs: 300, delayMs: 150 },
  // accepts connections, never answers: a dead endpoint that costs a full timeout
  hang: { flaws: ['never-answers'] },
};

async function main(): Promise<void> {
  const servers: Partial<Record<ServedKind, RunningServer>> = {};
  for (const kind of SERVED_KINDS) {
    const k = KINDS[kind];
    servers[kind] = await startFlawedServer({ flaws: k.flaws, keepAliveMs: k.keepAliveMs, delayMs: k.delayMs, notifyEveryMs: 1_000 });
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(Object.values(servers).map((s) => s!.close()));
    process.exit(0);
  };
  process.on('message', (m) => { if (m === 'stop') void stop(); });
  process.on('disconnect', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const urls = Object.fromEntries(SERVED_KINDS.map((k) => [k, servers[k]!.url])) as Record<ServedKind, string>;
  process.send!({ type: 'ready', urls, pid: process.pid } satisfies FleetMessage);
}

if (process.send) await main();
