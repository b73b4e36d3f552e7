// README badges: one scan's, and the newest finished scan of a URL.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { BADGE_LABEL, badgeFor, renderBadge } from '../badge.ts';
import type { ScanRow } from '../store.ts';
import { normaliseUrl, type WebRoutes } from './shared.ts';

export const badgeRoutes: FastifyPluginAsync<WebRoutes> = async (app, r) => {
  const { store, noLimit, findScan } = r;
  const sendBadge = (reply: FastifyReply, s: ScanRow | undefined, cache: string) => {
    const { message, colour } = badgeFor(s);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', cache)
      .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(renderBadge(BADGE_LABEL, message, colour));
  };
  app.get<{ Params: { id: string } }>('/scans/:id/badge.svg', { config: noLimit }, (req, reply) => {
    const s = findScan(req.params.id);
    if (!s) return reply.callNotFound();
    const final = s.status === 'done' || s.status === 'failed';
    return sendBadge(reply, s, final ? 'public, max-age=86400, immutable' : 'no-cache');
  });
  app.get<{ Querystring: { url?: string } }>('/badge.svg', { config: { ...noLimit, query: ['url'] } }, (req, reply) => {
    const url = normaliseUrl(req.query.url);
    if (!url) return reply.code(400).type('application/json').send({ error: 'url must be an absolute http(s) URL' });
    return sendBadge(reply, store.latestDone(url), 'public, max-age=300');
  });
};
