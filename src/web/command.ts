// agentready serve: the scan-by-URL web form (src/web/server.ts). Runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../contract/errors.ts';
import { seconds } from '../contract/flags.ts';
import { startWebServer, type WebServerOptions } from './server.ts';
import { parseTrustProxy, type TrustProxy } from './clients.ts';
import { createBrowserProvider } from '../engine/index.ts';

export const SERVE_HELP = `Usage: agentready serve [options]

Starts the scan-by-URL web form: paste an MCP endpoint URL, watch the scan live, get a
permanent report URL, a README badge and the endpoint's history. JSON API: POST /api/scans.

Options:
      --port N            port to listen on (default 8080, env AGENTREADY_PORT; 0 = any free port)
      --host ADDR         address to listen on (default 127.0.0.1; 0.0.0.0 to expose)
      --data DIR          where the SQLite database lives (default ./agentready-data, env AGENTREADY_DATA)
      --allow-private     also scan loopback/private/link-local targets (local use only;
                          said in every page footer). Off by default: such targets are refused.
      --concurrency N     scans running at once (default 4)
      --queue N           scans waiting before new ones get 503 (default 50)
      --scan-deadline S   each scan ends within S seconds (default 90)
      --rate-limit N      scan submissions per client per minute (default 10; 0 = no limits)
      --trust-proxy HOPS|LIST  behind reverse proxies: the number of proxy hops in front of
                          this server (e.g. 1), or the proxies' addresses/CIDRs
                          (e.g. 10.0.0.0/8,::1). The client is the first address in
                          X-Forwarded-For, from the right, that is not a trusted proxy.
                          Default: X-Forwarded-For is ignored.
      --public-url URL    absolute base URL used in badge snippets (default: from the request)
      --retain-days N     delete finished scans after N days (default 30; 0 = keep forever)
      --max-db-mb N       delete the oldest finished scans while the database holds more
                          than N MB (default 1024; 0 = no cap)
      --keep-query-values store and show URL query values as typed (default: [redacted])
      --browser           run the real-browser check (one headless Chromium shared by all
                          scans; default with --allow-private only, see below)
      --no-browser        never run the real-browser check
      --quiet             no request log

Request headers typed into the form are used for that scan only: never stored, never
logged, redacted in the evidence. Scans run with headers or a query string are unlisted:
not on the home page, the history or the URL badge; only their link shows them.

The real-browser check is off by default for public use: Chromium resolves the target's
name itself, so a DNS-rebinding name could point it at a private address after the
scanner's own (guarded) connection was checked. Turn it on with --browser only if that
risk is acceptable where you run this (e.g. no reachable internal services).`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean };

function int(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} "${raw}" must be a whole number between ${min} and ${max}`);
  return n;
}

function trustProxyFlag(raw: string): TrustProxy {
  try {
    return parseTrustProxy(raw);
  } catch (err) {
    throw new UsageError(`--trust-proxy ${(err as Error).message}`);
  }
}

/** Parses the flags into server options (exported for tests). */
export function serveOptionsFrom(argv: string[], env: NodeJS.ProcessEnv = process.env): { options: WebServerOptions; help: boolean; browser: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' },
        'allow-private': { type: 'boolean' }, concurrency: { type: 'string' }, queue: { type: 'string' },
        'scan-deadline': { type: 'string' }, 'rate-limit': { type: 'string' }, 'trust-proxy': { type: 'string' },
        'public-url': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        browser: { type: 'boolean' }, 'no-browser': { type: 'boolean' },
        'retain-days': { type: 'string' }, 'max-db-mb': { type: 'string' }, 'keep-query-values': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const v = parsed.values;
  const rate = int('rate-limit', v['rate-limit'], 10, 0, 100_000);
  const publicUrl = v['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(publicUrl)) throw new UsageError(`--public-url "${publicUrl}" must be an absolute http(s) URL`);
  const options: WebServerOptions = {
    port: int('port', v.port ?? env.AGENTREADY_PORT, 8080, 0, 65_535),
    host: v.host ?? '127.0.0.1',
    dataDir: v.data ?? env.AGENTREADY_DATA ?? './agentready-data',
    allowPrivate: v['allow-private'] === true,
    concurrency: int('concurrency', v.concurrency, 4, 1, 256),
    maxQueued: int('queue', v.queue, 50, 0, 100_000),
    scanDeadlineMs: seconds('scan-deadline', v['scan-deadline'], 90_000, 1, 3600),
    rateLimit: rate === 0 ? false : { submitMax: rate },
    trustProxy: v['trust-proxy'] === undefined ? false : trustProxyFlag(v['trust-proxy']),
    ...(publicUrl ? { publicUrl } : {}),
    retainDays: int('retain-days', v['retain-days'], 30, 0, 36_500),
    maxDbBytes: int('max-db-mb', v['max-db-mb'], 1024, 0, 16 * 1024 * 1024) * 1024 * 1024,
    keepQueryValues: v['keep-query-values'] === true,
    logger: v.quiet ? false : { level: 'info' },
  };
  if (v.browser && v['no-browser']) throw new UsageError('--browser and --no-browser contradict each other');
  const browser = v['no-browser'] ? false : v.browser === true || options.allowPrivate === true;
  return { options, help: v.help === true, browser };
}

export async function runServe(argv: string[], io: Io): Promise<number> {
  const { options, help, browser } = serveOptionsFrom(argv);
  if (help) { io.stdout.write(SERVE_HELP + '\n'); return EXIT.ok; }
  // one Chromium for the whole server, launched on the first scan that needs it
  // Chromium is not held (a renderer and ~150 MB) through hours nobody scans
  const provider = browser ? createBrowserProvider({ idleCloseMs: 5 * 60_000 }) : undefined;
  let server;
  try {
    server = await startWebServer({ ...options, ...(provider ? { browser: provider } : {}) });
  } catch (err) {
    await provider?.close();
    const e = err as { code?: string; message?: string };
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
      throw new UsageError(`cannot listen on ${options.host}:${options.port}: ${e.code}`);
    }
    throw err;
  }
  if (options.allowPrivate && !/^(127\.|::1$|localhost$)/.test(options.host ?? '')) {
    io.stderr.write(`agentready serve: warning: --allow-private on ${options.host}: anyone who can reach this server can make it scan your private network\n`);
  }
  io.stderr.write(`agentready serve: listening on ${server.url} (data: ${options.dataDir}${options.allowPrivate ? '; --allow-private: private and loopback targets are scanned' : ''}${provider ? '; real-browser check on' : ''})\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      io.stderr.write(`agentready serve: ${signal}, shutting down\n`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await server.close();
  await provider?.close().catch(() => {});
  // scans still running were abandoned (the next start marks them failed); their sockets
  // and timers must not keep the process alive until their deadline
  setTimeout(() => process.exit(EXIT.ok), 1_000).unref();
  return EXIT.ok;
}
