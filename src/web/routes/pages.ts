// The pages: the form (and what it posts), a scan's page and its report in every format, a
// URL's history, and the two static assets.
import { gunzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from '../../contract/zod.ts';
import { FORMATS as REPORT_FORMATS, MEDIA_TYPES, renderEvidenceJson, renderFormat, type Format as ReportFormat } from '../../../reports/index.ts';
import { PROGRESS_JS, WEB_CSS } from '../assets.ts';
import { ClientBusyError, QueueFullError } from '../queue.ts';
import type { ScanRow } from '../store.ts';
import { parseHeadersText, TargetError } from '../target.ts';
import { decorateReport, renderError, renderHistory, renderHome, renderScanPage, reportCsp, scanHref, type FormState } from '../views.ts';
import { HTML, normaliseUrl, type WebRoutes } from './shared.ts';

/** every report format, plus the saved evidence (what `rescore` re-judges) */
const FORMATS = [...REPORT_FORMATS, 'evidence'] as const;
type Format = ReportFormat | 'evidence';

const FormSubmit = z.object({
  url: z.string().optional(),
  headers: z.string().optional(),
  unlisted: z.literal('on').optional(),
});

export const pageRoutes: FastifyPluginAsync<WebRoutes> = async (app, r) => {
  const { ctx, store, queue, options, noLimit, submitLimit, admit, findScan } = r;
  // --- assets -------------------------------------------------------------------------
  app.get('/assets/web.css', { config: noLimit }, (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(WEB_CSS));
  app.get('/assets/progress.js', { config: noLimit }, (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PROGRESS_JS));

  // --- the form -----------------------------------------------------------------------
  app.get('/', (_req, reply) => reply.type(HTML).send(renderHome(ctx, store.recent(20))));

  app.post('/scans', submitLimit, async (req, reply) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''))) {
      return reply.code(415).type(HTML).send(renderError(ctx, 'Unsupported content type', 'Send the form (application/x-www-form-urlencoded); the JSON API is at POST /api/scans.', true));
    }
    const parsed = FormSubmit.safeParse(req.body ?? {});
    const body = parsed.success ? parsed.data : {};
    const hadHeaders = typeof body.headers === 'string' && body.headers.trim() !== '';
    const form = (errors: FormState['errors']): FormState => ({ url: typeof body.url === 'string' ? body.url.slice(0, 2_048) : '', errors, headersDropped: hadHeaders });
    if (!parsed.success) return reply.code(400).type(HTML).send(renderHome(ctx, store.recent(20), form({ url: 'Send the form fields url and (optionally) headers as text.' })));
    try {
      const { row: scan } = await admit(req, body.url, () => parseHeadersText(body.headers), body.unlisted === 'on');
      return reply.code(303).header('location', scanHref(scan.id)).type(HTML).send(`<!doctype html><title>Queued</title><a href="${scanHref(scan.id)}">Scan queued</a>`);
    } catch (err) {
      if (err instanceof TargetError) {
        return reply.code(err.status).type(HTML).send(renderHome(ctx, store.recent(20), form({ [err.field]: err.message })));
      }
      if (err instanceof ClientBusyError) {
        return reply.code(429).header('retry-after', String(err.retryAfterSeconds)).type(HTML).send(renderError(ctx, 'Slow down', err.message, true));
      }
      if (err instanceof QueueFullError) {
        return reply.code(503).header('retry-after', String(err.retryAfterSeconds)).type(HTML)
          .send(renderError(ctx, 'Busy', `${err.message} (about ${err.retryAfterSeconds} seconds)`, true));
      }
      throw err;
    }
  });

  // --- scans ----------------------------------------------------------------------------

  /** Stored gzip bytes as they are, or inflated for the rare client that takes no gzip. */
  const sendStored = (req: FastifyRequest, reply: FastifyReply, gzip: Uint8Array, type: string) => {
    reply.type(type).header('vary', 'accept-encoding');
    if (/\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(Buffer.from(gzip));
    return reply.send(gunzipSync(gzip));
  };

  app.get<{ Params: { id: string }; Querystring: { format?: string } }>('/scans/:id', { config: { query: ['format'] } }, (req, reply) => {
    const s = findScan(req.params.id);
    if (!s) return reply.callNotFound();
    const format = (req.query.format ?? 'html').toLowerCase();
    if (!(FORMATS as readonly string[]).includes(format)) {
      return reply.code(400).type(HTML).send(renderError(ctx, 'Unknown format', `format must be one of ${FORMATS.join(', ')}.`));
    }
    if (format === 'html') {
      if (s.status !== 'done') {
        return reply.type(HTML).header('cache-control', 'no-store').send(renderScanPage(ctx, s, store.eventsAfter(s.id, 0), queue.position(s.id)));
      }
      // rendered once, on first view, then served from the stored gzip bytes
      let stored = store.getReportHtml(s.id);
      if (!stored) {
        const html = decorateReport(renderFormat('html', store.getResult(s.id)!, store.getEvidence(s.id)), s);
        stored = store.saveReportHtml(s.id, html, reportCsp(html) ?? "default-src 'none'");
      }
      reply.header('content-security-policy', `${stored.csp}; frame-ancestors 'none'`);
      return sendStored(req, reply, stored.gzip, HTML);
    }
    if (s.status !== 'done') {
      return reply.code(409).type('application/json').send({ error: s.status === 'failed' ? `the scan failed: ${s.error}` : 'the scan is not finished yet', status: s.status });
    }
    return sendFormat(req, reply, s, format as Exclude<Format, 'html'>);
  });

  const sendFormat = (req: FastifyRequest, reply: FastifyReply, s: ScanRow, format: Exclude<Format, 'html'>) => {
    reply.header('cache-control', 'public, max-age=300');
    if (format === 'evidence') {
      const evidence = store.getEvidenceDownload(s.id, renderEvidenceJson);
      if (!evidence) return reply.code(404).type('application/json').send({ error: 'no evidence stored for this scan' });
      return sendStored(req, reply, evidence.gzip, 'application/json; charset=utf-8');
    }
    return reply.type(MEDIA_TYPES[format]).send(renderFormat(format, store.getResult(s.id)!, undefined));
  };

  // --- history --------------------------------------------------------------------------
  app.get<{ Querystring: { url?: string } }>('/history', { config: { query: ['url'] } }, (req, reply) => {
    const url = normaliseUrl(req.query.url);
    if (!url) return reply.code(400).type(HTML).send(renderError(ctx, 'Bad request', 'Give the endpoint as ?url=https://… (an absolute http or https URL).'));
    const base = options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.host}`;
    return reply.type(HTML).send(renderHistory(ctx, url, store.history(url, 200), base));
  });
};
