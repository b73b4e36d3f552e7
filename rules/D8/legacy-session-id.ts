// HTTP+SSE: a POST naming an unknown session (or none) is refused at once, not left hanging.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { idList, is2xx, is4xx, is5xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'legacy-session-id',
  dimension: 'D8',
  level: 'SHOULD',
  basis: 'practice',
  eras: ['2024-11-05'],
  title: 'Unknown HTTP+SSE sessions are refused at once',
  failureTitle: 'Unknown HTTP+SSE sessions are not refused',
  description:
    'On the deprecated HTTP+SSE transport every POST names its session in the endpoint URL (`?sessionId=…`). When the ' +
    'session is gone — a server restart, another instance behind a load balancer — the server should refuse the POST ' +
    'at once (400/404), so the client reconnects and gets a new endpoint. A server that accepts it silently drops the ' +
    'message; one that never answers leaves the client waiting until its own timeout (60 s in the SDKs) on every request. ' +
    'The 2024-11-05 text names no status: this is judged by what clients experience.',
  specRefs: [{ label: 'HTTP with SSE (2024-11-05)', url: spec.transports('2024-11-05', 'http-with-sse') }],
  outcomes: {
    refused: { status: 'pass', score: 1, summary: 'POSTs with an unknown or missing session were refused at once.' },
    accepted: {
      status: 'warn', score: 0.4,
      summary: 'A POST naming an unknown session was accepted (2xx): the message is dropped and the client never learns its session is gone.',
      fix: 'Answer a POST whose `sessionId` names no open stream with `404 Not Found` (or 400), so the client reconnects to the SSE endpoint.',
    },
    serverError: {
      status: 'warn', score: 0.5,
      summary: 'A POST naming an unknown session was answered with a server error (5xx): clients take it for a passing fault and retry the dead session.',
      fix: 'Answer a POST whose `sessionId` names no open stream with `404 Not Found` (or 400): a 5xx says "try again later", but the session will never come back.',
    },
    hangs: {
      status: 'fail', score: 0,
      breaks: 'every client whose session was lost (restart, load balancer): each request waits until the client gives up.',
      summary: 'A POST naming an unknown or no session got no answer at all: clients wait until they time out.',
      fix: 'Answer every POST to the message endpoint: `404` (or 400) when its `sessionId` is unknown or missing. Look the session up before reading or queueing the body.',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'No HTTP+SSE session was established, so unknown-session handling was not probed.' },
  },
  judge({ evidence, exchange }) {
    const l = evidence.probes.legacy;
    const u = l?.unknownSession;
    const m = l?.missingSession;
    if (!l?.ok || (!u && !m)) return { outcome: 'unobserved', detail: l?.ok ? 'The unknown-session POSTs were not sent.' : 'No HTTP+SSE session.' };
    const line = (name: string, o: typeof u) => o ? `${name} → ${o.hung ? 'no answer (hung)' : statusText(o, exchange(o.exchangeId))}` : `${name}: not sent`;
    const detail = `${line('POST with an unknown sessionId', u)}; ${line('POST without sessionId', m)}.`;
    const exchanges = idList(u?.exchangeId, m?.exchangeId);
    if (u?.hung || m?.hung) return { outcome: 'hangs', detail, exchanges };
    if (is2xx(u?.status)) return { outcome: 'accepted', detail, exchanges };
    if (is5xx(u?.status) || is5xx(m?.status)) return { outcome: 'serverError', detail, exchanges };
    if (is4xx(u?.status) || is4xx(m?.status)) return { outcome: 'refused', detail, exchanges };
    return { outcome: 'unobserved', detail, exchanges };
  },
});
