// A dropped stream resumes with Last-Event-ID: the events after that id are replayed, not the ones before.
import { defineRule, spec } from '../../src/engine/rule.ts';
import { SESSION_ERAS, excerpt, idList, is2xx, is5xx, isSseType, responseHeader, sseExchanges, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'last-event-id-resume',
  dimension: 'D8',
  level: 'SHOULD',
  eras: SESSION_ERAS,
  title: 'Streams resume with Last-Event-ID',
  failureTitle: 'Streams cannot be resumed with Last-Event-ID',
  description:
    'Mobile networks, laptop sleep and proxy timeouts drop SSE streams all the time; a client reconnects with ' +
    '`Last-Event-ID` and expects what it missed. Without resumption, progress notifications and server requests sent ' +
    'during the gap are lost and the agent waits forever for a response that already went out.',
  specRefs: [
    { label: 'Resumability and redelivery', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
  ],
  outcomes: {
    replayed: { status: 'pass', score: 1, summary: 'Resuming with Last-Event-ID replayed only the events after that id.' },
    nothingToReplay: {
      status: 'pass', score: 1,
      summary: 'Resuming with Last-Event-ID opened a stream with nothing to replay, which is legal when nothing was missed.',
    },
    duplicates: {
      status: 'warn', score: 0.5,
      summary: 'Resuming replayed events at or before Last-Event-ID, so clients see messages twice.',
      fix: 'Replay only the events strictly after the `Last-Event-ID` on the stream that id belongs to (TS SDK: implement `EventStore.replayEventsAfter` accordingly).',
    },
    refused: {
      status: 'warn', score: 0.5,
      summary: 'Resuming was refused: allowed for non-resumable servers, but agents lose messages sent while they were disconnected.',
      fix: 'Keep recent events per stream and replay those after `Last-Event-ID` on a GET with that header. TS SDK: pass an `eventStore` to the transport (use a shared store such as Redis when you run several instances).',
    },
    serverError: {
      status: 'fail', score: 0.2,
      summary: 'Resuming with Last-Event-ID made the server fail (5xx).',
      fix: 'Handle GET with `Last-Event-ID`: replay from your event store, or answer 400/404 when the id is unknown — never crash.',
    },
    otherStatus: {
      status: 'warn', score: 0.3,
      summary: 'Resuming was answered with something other than an event stream or a clear refusal.',
      fix: 'Answer a GET with `Last-Event-ID` with `200 text/event-stream` replaying the missed events, or with 400/404/409 when you cannot resume.',
    },
    noEventIds: {
      status: 'na',
      summary: 'The server sends no event ids, so there is nothing to resume by (see sse-event-ids).',
    },
    noGetStream: {
      status: 'na',
      summary: 'The server offers no GET stream (405), so resumption by GET does not apply.',
    },
    notAttempted: {
      status: 'na', unobserved: true,
      summary: 'Resumption was not attempted.',
    },
  },
  judge({ evidence, exchange }) {
    const r = evidence.probes.resume;
    const gs = evidence.probes.getStream;
    if (!r?.attempted) {
      const streams = sseExchanges(evidence, { sessionOnly: true, excludeProbes: ['resume'] });
      const events = streams.flatMap((x) => x.response?.sse?.events ?? []);
      if (events.length > 0 && !events.some((e) => typeof e.id === 'string' && e.id.length > 0)) {
        return { outcome: 'noEventIds', detail: `${events.length} SSE event(s) seen, none with an id.`, exchanges: idList(...streams.map((x) => x.id)) };
      }
      if (gs?.status === 405 && !events.some((e) => e.id)) {
        return { outcome: 'noGetStream', detail: 'GET → 405.', exchanges: idList(gs.exchangeId) };
      }
      return { outcome: 'notAttempted', detail: r?.skippedReason ? `Not attempted: ${excerpt(r.skippedReason, 120)}.` : 'The resume probe did not run.' };
    }
    const x = exchange(r.exchangeId);
    const status = r.status ?? x?.response?.status;
    const ex = idList(r.sourceExchangeId, r.exchangeId);
    const from = `GET with Last-Event-ID "${excerpt(r.lastEventId ?? '?', 40)}"`;
    if (typeof status !== 'number') {
      return { outcome: 'notAttempted', detail: `${from}: ${statusText(undefined, x)}.`, exchanges: ex };
    }
    const replayed = Array.isArray(r.replayedIds) ? r.replayedIds : [];
    const dups = Array.isArray(r.duplicateReplays) ? r.duplicateReplays : [];
    const foreign = Array.isArray(r.foreignReplays) ? r.foreignReplays : [];
    const ct = r.contentType ?? responseHeader(x, 'content-type');
    const detail = `${from} → ${status}${ct ? ` ${excerpt(ct, 40)}` : ''}; ${replayed.length} event(s) replayed` +
      `${dups.length ? `, ${dups.length} at or before Last-Event-ID (${dups.slice(0, 3).map((d) => excerpt(d, 30)).join(', ')})` : ''}` +
      `${foreign.length ? `, ${foreign.length} from another stream or session (see stream-isolation)` : ''}.`;
    const data = { status, replayed: replayed.length, duplicates: dups.length };
    if (is2xx(status) && (isSseType(ct) || ct === undefined)) {
      if (dups.length) return { outcome: 'duplicates', detail, exchanges: ex, data };
      if (replayed.length) return { outcome: 'replayed', detail, exchanges: ex, data };
      return { outcome: 'nothingToReplay', detail, exchanges: ex, data };
    }
    if ([400, 404, 405, 409].includes(status)) return { outcome: 'refused', detail, exchanges: ex, data };
    if (is5xx(status)) return { outcome: 'serverError', detail, exchanges: ex, data };
    return { outcome: 'otherStatus', detail, exchanges: ex, data };
  },
});
