// Shared by the web server tests: fast scan options, a throwaway data dir, a loopback MCP
// target, a connection counter, and small HTTP helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startWebServer, type WebServer, type WebServerOptions } from '../../src/web/server.ts';
import { startWellBehavedServer } from '../../src/demo/wellBehaved.ts';
import type { RunningServer } from '../../src/demo/types.ts';
import type { ScanInput } from '../../src/engine/scan.ts';
import { scan as realScan } from '../../src/engine/scan.ts';

/** Short observation windows: a scan of the well-behaved demo takes about 1–2 s. */
export const FAST_SCAN = { keepAliveMaxMs: 1_000, streamWindowMs: 1_500, toolCallWindowMs: 1_500, deadlineMs: 15_000 };

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentready-web-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function startTarget(): Promise<RunningServer> {
  return startWellBehavedServer({ keepAliveMs: 300, notifyEveryMs: 300 });
}

export function startWeb(options: WebServerOptions = {}): Promise<WebServer> {
  return startWebServer({ port: 0, dataDir: ':memory:', rateLimit: false, scanOptions: FAST_SCAN, ...options });
}

export function postForm(base: string, fields: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/scans`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', ...init });
}

export function postApi(base: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForStatus(base: string, id: string, statuses: string[], timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const r = await fetch(`${base}/api/scans/${id}`);
    const j = (await r.json()) as Record<string, unknown>;
    return statuses.includes(String(j.status)) ? j : undefined;
  }, timeoutMs, `scan ${id} to be ${statuses.join('/')}`);
}

/** A TCP listener on 127.0.0.1 and ::1 (same port) that counts every connection it gets. */
export async function connectionCounter(): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let n = 0;
  const servers: net.Server[] = [];
  const make = () => net.createServer((s) => { n++; s.destroy(); });
  const v4 = make();
  await new Promise<void>((r) => v4.listen(0, '127.0.0.1', r));
  servers.push(v4);
  const port = (v4.address() as net.AddressInfo).port;
  const v6 = make();
  await new Promise<void>((r) => { v6.once('error', () => r()); v6.listen(port, '::1', r); });
  if (v6.listening) servers.push(v6);
  return {
    port,
    count: () => n,
    close: async () => { await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))); },
  };
}

/**
 * A scan engine that waits at a gate before running the real scan, emitting a progress
 * event first: lets a test hold scans "running" as long as it likes.
 */
export function gatedEngine(): { scan: (input: ScanInput) => ReturnType<typeof realScan>; release(): void; started(): number } {
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => { open = r; });
  let started = 0;
  return {
    started: () => started,
    release: () => open(),
    scan: async (input) => {
      started++;
      input.onProgress?.({ probe: 'waiting', phase: 'start', at: 0 });
      await gate;
      input.onProgress?.({ probe: 'waiting', phase: 'done', at: 1 });
      return realScan(input);
    },
  };
}

/** The 22-character scan id from a /scans/<id> location. */
export function idFrom(location: string | null): string {
  const m = /\/scans\/([A-Za-z0-9_-]{22})$/.exec(location ?? '');
  if (!m) throw new Error(`not a scan location: ${location}`);
  return m[1]!;
}
