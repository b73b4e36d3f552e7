// What every route plugin gets from the server (src/web/server.ts builds it once): the page
// context, the store and queue, the parsed options, the rate-limit settings, and the two
// helpers several routes share (admitting a submitted target, finding a scan by id).
import type { ServerResponse } from 'node:http';
import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import type { ScanQueue } from '../queue.ts';
import type { ScanStore, ScanRow } from '../store.ts';
import type { PageContext } from '../views.ts';
import type { WebServerOptions } from '../server.ts';

export const HTML = 'text/html; charset=utf-8';

export interface WebRoutes {
  ctx: PageContext;
  store: ScanStore;
  queue: ScanQueue;
  options: WebServerOptions;
  /** route config that exempts a route from the per-client request limit */
  noLimit: FastifyContextConfig;
  /** route options of the two submission routes (same-site check, submission limit) */
  submitLimit: { config: FastifyContextConfig; onRequest: (req: FastifyRequest, reply: FastifyReply) => Promise<void> };
  admit: (req: FastifyRequest, rawUrl: unknown, readHeaders: () => Record<string, string>, unlisted: boolean) => Promise<ReturnType<ScanQueue["submit"]>>;
  findScan: (id: string) => ScanRow | undefined;
  openStreams: Set<ServerResponse>;
  streamsByClient: Map<string, number>;
  o: { sseKeepAliveMs: number; sseRetryMs: number; maxStreams: number; maxStreamsPerClient: number };
}

/** The URL as the history and badges key it (same normalisation as a submitted scan). */
export function normaliseUrl(raw: string | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.length > 4_096) return undefined;
  try {
    const u = new URL(raw.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.href;
  } catch { return undefined; }
}
