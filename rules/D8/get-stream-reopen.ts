// A GET stream that closed (a proxy's idle timeout, a network change) can be opened again on the
// same session: otherwise the session never hears from the server again.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, excerpt, idList, is2xx, is5xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'get-stream-reopen',
  dimension: 'D8',
  level: 'MUST',
  eras: SESSION_ERAS,
  title: 'A closed GET stream can be opened again',
  failureTitle: 'A closed GET stream cannot be opened again',
  description:
    'The GET stream carries what the server sends on its own (requests, notifications, list changes). Streams drop all ' +
    'the time — proxies cut idle connections after 60–100 s, laptops sleep — and clients then open a new GET on the same ' +
    'session (the SDK clients do it by themselves). A GET MUST get `text/event-stream` or 405; a server that remembers ' +
    'the first stream forever and refuses every later GET leaves the session deaf for the rest of its life. The scan ' +
    'opens a session\'s GET stream, closes it once its headers came, and opens it again.',
  specRefs: [
    { label: 'Listening for messages from the server (2025-11-25)', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Resumability and redelivery (2025-11-25)', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
  ],
  outcomes: {
    reopened: { status: 'pass', score: 1, summary: 'After its GET stream closed, the session opened a new one.' },
    reopenedAfterConflict: {
      status: 'pass', score: 1,
      summary: 'After its GET stream closed, a new one was refused with 409 for a moment (the server had not yet noticed the close), then opened.',
    },
    stillConflicting: {
      status: 'warn', score: 0.4,
      summary: 'A second after the GET stream closed, the server still answered a new GET with 409 Conflict: it keeps a dead stream as the session\'s stream.',
      fix: 'Forget the session\'s GET stream as soon as its connection closes (listen for the response\'s `close` event), so the client\'s reconnect is accepted.',
    },
    refused: {
      status: 'fail', score: 0,
      summary: 'Once its GET stream closed, the session could not open another: the new GET was refused. A client whose stream drops never hears from the server again.',
      fix: 'Allow a new GET stream once the previous one is gone: one stream at a time is fine (409 while it is open), but clear the "stream started" state when its connection closes. C# SDK (ModelContextProtocol.AspNetCore): the session refuses every GET after the first; keep-alive comments through proxies lessen the damage until that is fixed.',
    },
    serverError: {
      status: 'fail', score: 0.2,
      summary: 'Opening the GET stream again after it closed made the server fail (5xx).',
      fix: 'Handle a second GET on a session whose first stream has closed: answer `200 text/event-stream`, never an error.',
    },
    notStream: {
      status: 'fail', score: 0.3,
      summary: 'Opening the GET stream again after it closed got a 2xx answer that is not an event stream.',
      fix: 'Answer every GET on a live session with `200 text/event-stream` (or 405 if you offer no GET stream at all).',
    },
    noGetStream: { status: 'na', summary: 'The session\'s GET got no event stream in the first place (405, or refused): nothing to reopen; get-stream-or-405 judges that GET.' },
    noSession: { status: 'na', summary: 'The server mints no session ids: each GET stands alone.' },
    unobserved: { status: 'na', unobserved: true, summary: 'The GET stream was not opened a second time.' },
  },
  judge({ evidence, exchange }) {
    const s = evidence.probes.session;
    if (!s) return { outcome: 'unobserved', detail: 'The session probe did not run.' };
    if (!s.applicable) return { outcome: 'noSession', detail: 'initialize returned no Mcp-Session-Id.' };
    const r = s.reopen;
    if (!r) return { outcome: 'unobserved', detail: 'No session was opened to test this (or the evidence predates the probe).' };
    const fx = exchange(r.first.exchangeId);
    const firstLine = `first GET → ${statusText(r.first, fx)}${fx?.response?.headers['content-type'] ? ` ${excerpt(fx.response.headers['content-type'], 40)}` : ''}`;
    if (!r.second) return { outcome: 'noGetStream', detail: `${firstLine}: no stream to close and reopen.`, exchanges: idList(r.first.exchangeId) };
    const sx = exchange(r.second.exchangeId);
    const status = r.second.status ?? sx?.response?.status;
    const body = sx?.response?.body ? ` (${excerpt(sx.response.body, 120)})` : '';
    const detail = `${firstLine}, closed after its headers; ${r.conflict ? `reopened → ${statusText(r.conflict)}, again a second later` : 'reopened'} → ${statusText(r.second, sx)}${r.second.contentType ? ` ${excerpt(r.second.contentType, 40)}` : ''}${is2xx(status) ? '' : body}.`;
    const exchanges = idList(r.first.exchangeId, r.conflict?.exchangeId, r.second.exchangeId);
    if (typeof status !== 'number') return { outcome: 'unobserved', detail, exchanges };
    if (is2xx(status)) {
      if (!(r.second.contentType ?? '').toLowerCase().startsWith('text/event-stream')) return { outcome: 'notStream', detail, exchanges };
      return { outcome: r.conflict ? 'reopenedAfterConflict' : 'reopened', detail, exchanges };
    }
    if (status === 409) return { outcome: 'stillConflicting', detail, exchanges };
    if (is5xx(status)) return { outcome: 'serverError', detail, exchanges };
    return { outcome: 'refused', detail, exchanges };
  },
});
