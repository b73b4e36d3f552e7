// 2024-11-05 HTTP+SSE: the stream opens with an `endpoint` event naming a same-origin POST URL that works.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { excerpt, idList, is2xx, statusText } from '../_lib/index.ts';

function resolve(data: string, base: string | undefined): URL | undefined {
  try { return new URL(data.trim(), base); } catch { return undefined; }
}

export default defineRule({
  id: 'legacy-endpoint-event',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2024-11-05'],
  title: 'The legacy SSE stream announces its POST endpoint',
  failureTitle: 'The legacy SSE stream does not announce a usable POST endpoint',
  description:
    'A 2024-11-05 client opens the SSE stream and waits for the first `endpoint` event to learn where to POST; without ' +
    'it, or with a URL it cannot use, no message is ever sent. The TypeScript client also refuses endpoints on another ' +
    'origin. (This transport is deprecated; see the era rule.)',
  specRefs: [
    { label: 'HTTP with SSE (2024-11-05)', url: spec.transports('2024-11-05', 'http-with-sse') },
    { label: 'Backwards compatibility (2025-11-25)', url: spec.transports('2025-11-25', 'backwards-compatibility') },
  ],
  outcomes: {
    endpointOk: { status: 'pass', score: 1, summary: 'The first event is `endpoint`, naming a same-origin URL that accepted initialize.' },
    endpointNotFirst: {
      status: 'warn', score: 0.6,
      summary: 'An `endpoint` event was sent, but not as the first event on the stream.',
      fix: 'Send `event: endpoint` with the POST URI as the very first event after opening the SSE stream; clients wait for it before anything else.',
    },
    crossOrigin: {
      status: 'warn', score: 0.5,
      summary: 'The `endpoint` event points to another origin, which the TypeScript SDK client refuses.',
      fix: 'Announce a POST endpoint on the same origin as the SSE stream, ideally a relative URI such as `/messages?sessionId=…`.',
    },
    initRejected: {
      status: 'fail', score: 0.3,
      summary: 'The announced endpoint did not accept the initialize POST.',
      fix: 'Accept JSON-RPC POSTs at the URI sent in the `endpoint` event (answer 202 and deliver the response as a `message` event on the SSE stream).',
    },
    badEndpoint: {
      status: 'fail', score: 0.2,
      summary: 'The `endpoint` event data is not a usable URI.',
      fix: 'Put a URI (absolute, or relative to the SSE URL, e.g. `/messages?sessionId=…`) as the only content of the `endpoint` event data.',
    },
    noEndpointEvent: {
      status: 'fail', score: 0,
      summary: 'The SSE stream did not send an `endpoint` event.',
      fix: 'On GET with `Accept: text/event-stream`, open the stream and send `event: endpoint` with `data: <POST URI>` first — or better, migrate to Streamable HTTP.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'The legacy transport was not probed or no stream could be opened.',
    },
  },
  judge({ evidence, exchange }) {
    const l = evidence.probes.legacy;
    if (!l?.attempted) return { outcome: 'unobserved', detail: 'The legacy HTTP+SSE transport was not probed.' };
    const tried = Array.isArray(l.tried) ? l.tried : [];
    const triedLine = tried.map((t) => `${excerpt(t.url, 80)} → ${statusText(t, exchange(t.exchangeId))}${t.contentType ? ` ${excerpt(t.contentType, 40)}` : ''}${t.firstEvent !== undefined ? `, first event "${excerpt(t.firstEvent, 30)}"` : ''}`).join('; ');
    const streamEx = idList(...tried.map((t) => t.exchangeId));
    if (typeof l.endpointData !== 'string') {
      if (!tried.some((t) => typeof t.status === 'number')) {
        return { outcome: 'unobserved', detail: `No legacy stream answered: ${triedLine || 'nothing tried'}.`, exchanges: streamEx };
      }
      return { outcome: 'noEndpointEvent', detail: `GET ${triedLine}; no endpoint event.`, exchanges: streamEx };
    }
    const src = tried.find((t) => t.url === l.sseUrl);
    const base = l.sseUrl ?? evidence.url;
    const url = l.endpointUrl ? resolve(l.endpointUrl, base) : resolve(l.endpointData, base);
    const exchanges = idList(src?.exchangeId, ...streamEx, l.initialize?.exchangeId);
    const where = `stream ${excerpt(l.sseUrl ?? base, 80)} announced endpoint "${excerpt(l.endpointData, 100)}"`;
    if (!url || !/^https?:$/.test(url.protocol)) {
      return { outcome: 'badEndpoint', detail: `${where}, which does not resolve to an http(s) URL.`, exchanges };
    }
    const baseOrigin = resolve(base, undefined)?.origin;
    const sameOrigin = l.sameOrigin ?? (baseOrigin !== undefined && url.origin === baseOrigin);
    const init = l.initialize;
    const initStatus = init?.status ?? exchange(init?.exchangeId)?.response?.status;
    const initLine = init ? `POST initialize → ${statusText({ ...init, status: initStatus }, exchange(init.exchangeId))}${init.negotiatedVersion ? ` (negotiated ${excerpt(init.negotiatedVersion, 20)})` : ''}` : 'initialize not sent';
    const detail = `${where} → ${excerpt(url.href, 120)}${sameOrigin ? '' : ' (another origin)'}; ${initLine}.`;
    const data = { endpointUrl: url.href, sameOrigin };
    if (init && !l.ok && typeof initStatus === 'number' && !is2xx(initStatus)) return { outcome: 'initRejected', detail, exchanges, data };
    if (!sameOrigin) return { outcome: 'crossOrigin', detail, exchanges, data };
    if (src?.firstEvent !== undefined && src.firstEvent !== 'endpoint') {
      return { outcome: 'endpointNotFirst', detail: `${detail} First event was "${excerpt(src.firstEvent, 30)}".`, exchanges, data };
    }
    return { outcome: 'endpointOk', detail, exchanges, data };
  },
});
