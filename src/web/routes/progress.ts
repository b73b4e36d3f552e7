// A scan's live progress as server-sent events (bounded per client and in all).
import type { FastifyPluginAsync } from 'fastify';
import { clientKey } from '../clients.ts';
import { SCAN_ID_PATTERN } from '../queue.ts';
import { streamScanEvents } from '../sse.ts';
import type { WebRoutes } from './shared.ts';

export const progressRoutes: FastifyPluginAsync<WebRoutes> = async (app, r) => {
  const { store, queue, o, openStreams, streamsByClient } = r;
  app.get<{ Params: { id: string } }>('/scans/:id/events', { exposeHeadRoute: false }, (req, reply) => {
    if (!SCAN_ID_PATTERN.test(req.params.id)) return reply.code(404).type('application/json').send({ error: 'no such scan' });
    streamScanEvents(req, reply, req.params.id, {
      store, queue, keepAliveMs: o.sseKeepAliveMs, retryMs: o.sseRetryMs, open: openStreams, maxStreams: o.maxStreams,
      client: clientKey(req.ip), byClient: streamsByClient, maxStreamsPerClient: o.maxStreamsPerClient,
    });
    return reply;
  });

};
