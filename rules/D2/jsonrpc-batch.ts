// 2025-03-26 servers accept JSON-RPC batches: an array of requests is answered request by request.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { authMasked, excerpt, idList, is2xx, is4xx, is5xx, specPage, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'jsonrpc-batch',
  dimension: 'D2',
  level: 'MUST',
  // batching came in 2025-03-26 and went in 2025-06-18 (changelog #1): asked of 2025-03-26 sessions only
  eras: ['2025-03-26'],
  title: 'JSON-RPC batches are answered (2025-03-26)',
  failureTitle: 'JSON-RPC batches are not answered (2025-03-26)',
  description:
    'In 2025-03-26 a client may send several requests in one POST as a JSON array, and every server must accept that: ' +
    'a server that negotiates 2025-03-26 and then refuses or crashes on a batch breaks the clients of that revision that ' +
    'batch. The scan sends a batch of two pings on its session and checks that both are answered (as a JSON array, or on ' +
    'an SSE stream).',
  specRefs: [
    { label: 'Batching (2025-03-26)', url: specPage('2025-03-26', 'basic', 'batching') },
    { label: 'Sending messages to the server (2025-03-26)', url: spec.transports('2025-03-26', 'sending-messages-to-the-server') },
  ],
  outcomes: {
    answered: { status: 'pass', score: 1, summary: 'A batch of two requests was answered, one response per request.' },
    partial: {
      status: 'warn', score: 0.5,
      summary: 'A batch was accepted, but not every request in it was answered.',
      fix: 'Answer every request of a batch: return a JSON array with one response per request (or send them all on the SSE stream) before ending the response.',
    },
    refused: {
      status: 'fail', score: 0,
      summary: 'A JSON-RPC batch was refused, though 2025-03-26 (the revision this server negotiated) requires servers to accept batches.',
      fix: 'Accept a JSON array of requests and notifications on the 2025-03-26 revision and answer each request (TS SDK: the transports handle arrays; a custom router must not reject a body that is an array). If you do not want batches, negotiate 2025-06-18 or later, where they are gone.',
    },
    serverError: {
      status: 'fail', score: 0,
      summary: 'A JSON-RPC batch made the server fail (5xx).',
      fix: 'Parse a POST body that is a JSON array as a batch (2025-03-26): answer each request in it, instead of crashing on a body that is not one object.',
    },
    noResponses: {
      status: 'fail', score: 0.2,
      summary: 'A JSON-RPC batch was accepted, but none of its requests was answered.',
      fix: 'Answer each request of a batch: a JSON array of responses (`application/json`) or one response per request on the SSE stream.',
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The batch was answered 401/403 for want of credentials (scan with a token to judge it).',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'No batch was sent, or it got no HTTP answer.' },
  },
  judge({ evidence, exchange }) {
    const b = evidence.probes.batch;
    if (!b?.attempted) return { outcome: 'unobserved', detail: b?.skippedReason ? `Not sent: ${excerpt(b.skippedReason, 120)}.` : 'No batch was sent.' };
    const x = exchange(b.exchangeId);
    const status = b.status ?? x?.response?.status;
    const ex = idList(b.exchangeId);
    const detail = `POST [ping ${b.sentIds.join(', ping ')}] → ${statusText({ status }, x)}${b.contentType ? ` ${excerpt(b.contentType, 40)}` : ''}` +
      `${b.errorCode !== undefined ? `, JSON-RPC error ${b.errorCode}` : ''}; ${b.answeredIds.length} of ${b.sentIds.length} answered.`;
    if (typeof status !== 'number') return { outcome: 'unobserved', detail, exchanges: ex };
    if (authMasked(evidence, x, status)) return { outcome: 'authMasked', detail, exchanges: ex };
    if (is5xx(status)) return { outcome: 'serverError', detail, exchanges: ex };
    if (is4xx(status)) return { outcome: 'refused', detail, exchanges: ex };
    if (!is2xx(status)) return { outcome: 'unobserved', detail: `${detail} (neither an answer nor a refusal: not judged)`, exchanges: ex };
    if (b.answeredIds.length >= b.sentIds.length) return { outcome: 'answered', detail, exchanges: ex };
    // a 200 carrying only an id-less error refuses the batch in band
    if (!b.answeredIds.length && b.errorCode !== undefined) return { outcome: 'refused', detail, exchanges: ex };
    return { outcome: b.answeredIds.length ? 'partial' : 'noResponses', detail, exchanges: ex };
  },
});
