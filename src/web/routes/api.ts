// The JSON API: health, submit a scan, read a scan (with its Result once done).
import type { FastifyPluginAsync } from 'fastify';
import { z } from '../../contract/zod.ts';
import { SCANNER } from '../../contract/version.ts';
import { ClientBusyError, QueueFullError } from '../queue.ts';
import { parseHeadersObject, TargetError } from '../target.ts';
import { scanHref } from '../views.ts';
import type { WebRoutes } from './shared.ts';

const ApiSubmit = z.object({
  url: z.string().max(4_096),
  headers: z.record(z.string(), z.string()).optional(),
  unlisted: z.boolean().optional(),
});

export const apiRoutes: FastifyPluginAsync<WebRoutes> = async (app, r) => {
  const { ctx, store, queue, submitLimit, admit, findScan } = r;
  const allowPrivate = ctx.allowPrivate;
  app.get('/api/health', (_req, reply) => reply.send({ ok: true, version: SCANNER.version, queue: queue.stats, allowPrivate }));
  app.post('/api/scans', submitLimit, async (req, reply) => {
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(String(req.headers['content-type'] ?? ''))) {
      return reply.code(415).send({ error: 'send a JSON body: {"url": "https://…", "headers": {"Name": "value"}}' });
    }
    const parsed = ApiSubmit.safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: `invalid body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` });
    }
    try {
      const { row: scan, reused } = await admit(req, parsed.data.url, () => parseHeadersObject(parsed.data.headers), parsed.data.unlisted === true);
      return reply.code(202).header('location', `/api/scans/${scan.id}`).send({
        id: scan.id, status: scan.status, url: scan.url, listed: scan.listed, report: scanHref(scan.id), ...(reused ? { reused: true } : {}),
      });
    } catch (err) {
      if (err instanceof TargetError) return reply.code(err.status).send({ error: err.message, field: err.field });
      if (err instanceof ClientBusyError) return reply.code(429).header('retry-after', String(err.retryAfterSeconds)).send({ error: err.message });
      if (err instanceof QueueFullError) return reply.code(503).header('retry-after', String(err.retryAfterSeconds)).send({ error: err.message });
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/api/scans/:id', (req, reply) => {
    const s = findScan(req.params.id);
    if (!s) return reply.code(404).send({ error: 'no such scan' });
    const position = queue.position(s.id);
    return reply.header('cache-control', 'no-store').send({
      id: s.id, url: s.url, status: s.status, listed: s.listed, createdAt: s.createdAt,
      ...(s.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
      ...(position ? { position } : {}),
      ...(s.error ? { error: s.error } : {}),
      links: { report: scanHref(s.id), events: `${scanHref(s.id)}/events`, badge: `${scanHref(s.id)}/badge.svg` },
      ...(s.status === 'done' ? { result: store.getResult(s.id) } : {}),
    });
  });
};
