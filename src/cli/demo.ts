// agentready demo: the offline main job. Starts two built-in endpoints on loopback — one
// configured as a careful operator would, one with the flaws real deployments have —
// scans both and writes their reports. No internet needed.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBrowserProvider, scan } from '../engine/index.ts';
import { DEFAULT_SCAN_OPTIONS } from '../contract/options.ts';
import { startWellBehavedServer } from '../demo/wellBehaved.ts';
import { startFlawedServer, type Flaw } from '../demo/flawed.ts';
import type { RunningServer } from '../demo/types.ts';
import { EXIT, UsageError } from '../contract/errors.ts';
import { renderSummary } from './summary.ts';
import { formatsFrom, writeOutputs } from '../../reports/output.ts';
import { seconds } from '../contract/flags.ts';

/** The flaws the demo's second endpoint has: the ones real deployments most often ship with. */
export const DEMO_FLAWS: Flaw[] = ['unknown-session-400', 'no-expose-headers', 'resume-replays-other-streams', 'cors-reflect-credentials', 'buffered', 'sequential-session-ids'];

/** The demo's servers keep-alive every 2 s; a 5 s threshold keeps the demo under a minute. */
const DEMO_KEEPALIVE_MS = 2_000;
const DEMO_KEEPALIVE_MAX_MS = 5_000;

export const DEMO_HELP = `Usage: agentready demo [--out DIR] [--format LIST] [--json] [--no-browser]
       agentready demo --serve [--keepalive S]

Starts two example MCP endpoints on 127.0.0.1 (a well-behaved SDK server and one with
typical flaws), scans both, and writes their reports under DIR (default ./agentready-demo).
With --serve, only starts them (keep-alive every S seconds, default 15) and prints their
URLs until interrupted, so you can scan them yourself. The real-browser check runs when
Chromium is found (one browser for both scans); --no-browser skips it.`;

export async function runDemo(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string', short: 'o' }, format: { type: 'string' }, json: { type: 'boolean' }, 'no-browser': { type: 'boolean' }, serve: { type: 'boolean' }, keepalive: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) { throw new UsageError((err as Error).message.split('\n')[0]); }
  if (parsed.values.help) { io.stdout.write(DEMO_HELP + '\n'); return EXIT.ok; }
  if (parsed.values.serve) return serveDemo(seconds('keepalive', parsed.values.keepalive, 15_000), io);
  const out = parsed.values.out ?? 'agentready-demo';
  const formats = formatsFrom(parsed.values.format);
  const servers: { name: string; server: RunningServer }[] = [];
  // the same check a user's scan gets: one Chromium for both endpoints, launched on first use
  const browser = parsed.values['no-browser'] ? undefined : createBrowserProvider();
  try {
    servers.push({ name: 'well-behaved', server: await startWellBehavedServer({ keepAliveMs: DEMO_KEEPALIVE_MS, notifyEveryMs: 700 }) });
    servers.push({ name: 'flawed', server: await startFlawedServer({ flaws: DEMO_FLAWS, keepAliveMs: DEMO_KEEPALIVE_MS, notifyEveryMs: 700 }) });
    const results = [];
    for (const { name, server } of servers) {
      if (!parsed.values.json) io.stderr.write(`scanning the ${name} demo endpoint ${server.url} …\n`);
      const { evidence, result } = await scan({
        url: server.url,
        options: { ...DEFAULT_SCAN_OPTIONS, keepAliveMaxMs: DEMO_KEEPALIVE_MAX_MS, streamWindowMs: DEMO_KEEPALIVE_MAX_MS + 2_000, deadlineMs: 40_000 },
        ...(browser ? { browser } : {}),
      });
      const files = await writeOutputs(result, evidence, path.join(out, name), formats);
      results.push(result);
      if (!parsed.values.json) io.stdout.write(`\n${renderSummary(result, { color: io.isTTY && !process.env.NO_COLOR, files: files.map((f) => f.path) })}\n`);
    }
    if (parsed.values.json) io.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return EXIT.ok;
  } finally {
    await browser?.close();
    await Promise.all(servers.map((s) => s.server.close()));
  }
}

/** Keep the demo endpoints up until SIGINT/SIGTERM, for scanning by hand. */
async function serveDemo(keepAliveMs: number, io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const well = await startWellBehavedServer({ keepAliveMs });
  const flawed = await startFlawedServer({ flaws: DEMO_FLAWS, keepAliveMs });
  io.stdout.write(`well-behaved: ${well.url}\nflawed:       ${flawed.url}\n(keep-alive every ${keepAliveMs / 1000} s; Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all([well.close(), flawed.close()]);
  return EXIT.ok;
}
