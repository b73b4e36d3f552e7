// Can a browser-based agent open the session's GET stream (server-initiated messages)?
// Judged from headless Chromium: fetch with Accept: text/event-stream and the session headers,
// read the first chunk, abort. The header-based CORS probes never send this request.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { NOT_OBSERVED_OUTCOMES, browserEvidence, consoleQuote, describeStep, isBrowserBlock, notObserved, originNote, step, FETCH_CORS, allowsHeader, ids, is2xx, originGrant } from '../_lib/index.ts';

type Outcome =
  | 'readable' | 'blocked' | 'noGetStream' | 'statelessEra' | 'legacyEra' | 'noTransport' | 'noSession' | 'serverRefused' | 'inconclusive'
  | 'notRun' | 'unavailable' | 'invalidEvidence';

export default defineRule<Outcome>({
  id: 'browser-stream',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: 'any',
  title: 'A browser-based agent can open the GET stream (checked in Chromium)',
  failureTitle: 'A browser-based agent cannot open the GET stream (checked in Chromium)',
  description:
    'Session-era servers deliver server-initiated messages (notifications, requests to the client) on a GET ' +
    'stream. A browser client opens it with `fetch` (`Accept: text/event-stream`, `Mcp-Session-Id`, ' +
    '`MCP-Protocol-Version`), which needs its own CORS answer: the preflight must allow those headers, and the ' +
    'streaming response must carry `Access-Control-Allow-Origin`. The scanner does exactly that in headless Chromium ' +
    'and reads the first chunk. Not applicable to the stateless 2026-07-28 revision (no GET stream) or when GET is ' +
    'answered 405 (the server offers no stream).',
  specRefs: [
    { label: 'Listening for Messages from the Server (2025-11-25)', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
  ],
  outcomes: {
    readable: { status: 'pass', score: 1, summary: 'In Chromium, the GET stream opened and script could read it.' },
    blocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then cuts off from server messages.',
      summary: 'Chromium blocked the GET stream: a browser agent never receives server-initiated messages.',
      fix: 'Answer the GET\'s preflight with `Access-Control-Allow-Headers` listing `Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID` and send `Access-Control-Allow-Origin` on the `text/event-stream` response itself (streaming handlers often bypass the CORS middleware).',
    },
    noGetStream: { status: 'na', summary: 'GET is answered 405: the server offers no GET stream, which the spec allows.' },
    statelessEra: { status: 'na', summary: 'The stateless 2026-07-28 revision has no GET stream.' },
    legacyEra: { status: 'na', summary: 'The 2024-11-05 transport\'s stream is the connection itself (judged by browser-session).' },
    noTransport: { status: 'na', summary: 'No MCP transport was identified, so there was no stream to open.' },
    noSession: { status: 'na', unobserved: true, summary: 'No browser session was established, so its GET stream could not be tried.' },
    serverRefused: {
      status: 'na', unobserved: true,
      summary: 'The server answered the browser\'s GET with an error other than 405 (judged by get-stream-or-405), so readability could not be judged.',
    },
    inconclusive: { status: 'na', unobserved: true, summary: 'The GET stream gave no answer in time (some servers hold back headers until the first event).' },
    ...NOT_OBSERVED_OUTCOMES,
  },
  judge({ evidence }) {
    const b = browserEvidence(evidence);
    if (b.kind !== 'ok') return notObserved(b);
    const art = b.art;
    const where = originNote(art);
    if (art.flow === 'none') return { outcome: 'noTransport', detail: 'The scan identified no MCP transport.' };
    if (art.flow === 'stateless') return { outcome: 'statelessEra', detail: 'The server speaks the stateless 2026-07-28 revision.' };
    if (art.flow === 'legacy') return { outcome: 'legacyEra', detail: 'The server speaks only the 2024-11-05 HTTP+SSE transport.' };
    const gs = step(art, 'get-stream');
    if (!gs || gs.outcome === 'skipped') {
      const why = gs?.reason ?? (art.flow === 'session' ? `the browser check ended first${art.incomplete ? ` (${art.incomplete})` : ''}` : 'no session-era transport');
      return { outcome: 'noSession', detail: `The GET stream was not attempted: ${why}.` };
    }
    const line = describeStep(gs);
    const data = { status: gs.status ?? gs.networkStatus, ...(gs.blockedBy ? { blockedBy: gs.blockedBy } : {}) };
    if (gs.outcome === 'refused' && gs.status === 405) return { outcome: 'noGetStream', detail: `${line}.`, data };
    if (gs.outcome === 'refused') return { outcome: 'serverRefused', detail: `${line}.`, data };
    if (gs.outcome === 'timeout' || gs.blockedBy === 'scanner-allowlist') return { outcome: 'inconclusive', detail: `${line}.${where}`, data };
    if (isBrowserBlock(gs)) {
      // The header probes never send the GET; the closest prediction is the POST preflight.
      const cors = evidence.probes.cors;
      const pre = cors?.preflight;
      let cmp = '';
      let exchanges: string[] = [];
      if (pre && typeof pre.status === 'number') {
        const g = originGrant(pre.allowOrigin, pre.origin || cors?.origin);
        const fine = is2xx(pre.status) && (g === 'match' || g === 'wildcard') && allowsHeader(pre, 'mcp-session-id') && allowsHeader(pre, 'mcp-protocol-version');
        if (fine) {
          const q = consoleQuote(gs);
          cmp = ` The header-based preflight (for POST) looked fine for these headers, but the browser's GET failed${q ? `: "${q.slice(0, 300)}"` : ''}. The browser's result counts.`;
          exchanges = ids(pre.exchangeId);
        }
      }
      return { outcome: 'blocked', detail: `${line}.${cmp}${where}`, exchanges, data };
    }
    const ct = (gs.contentType ?? '').toLowerCase();
    if (!is2xx(gs.status) || !ct.includes('text/event-stream')) {
      return { outcome: 'serverRefused', detail: `${line}; content type ${gs.contentType ?? '(none)'}.`, data };
    }
    const first = gs.firstChunk !== undefined ? ` First bytes: ${JSON.stringify(gs.firstChunk.slice(0, 80))}.` : '';
    return { outcome: 'readable', detail: `${line}.${first}${where}`, data };
  },
});
