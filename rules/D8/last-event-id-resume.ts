// A dropped stream resumes with Last-Event-ID: the events after that id are replayed, not the ones before.
import { RESUME_REPLAYED_IDS_KEPT } from '../../src/contract/constants.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import type { Exchange, ResumeArtifact } from '../../src/contract/evidence.ts';
import { SESSION_ERAS, excerpt, idList, is2xx, is5xx, responseHeader, resumeAttempts, sseExchanges, statusText } from '../_lib/index.ts';

const SOURCE = { get: 'the GET stream', post: 'a POST response stream', 'tool-call': 'the tools/call stream' } as const;

export default defineRule({
  id: 'last-event-id-resume',
  dimension: 'D8',
  // replay itself is optional (the server MAY replay); a server that closes a stream early for the
  // client to poll (2025-11-25) depends on it, and then refusing it loses the response
  level: 'MAY',
  eras: SESSION_ERAS,
  title: 'Streams resume with Last-Event-ID',
  failureTitle: 'Streams cannot be resumed with Last-Event-ID',
  description:
    'Mobile networks, laptop sleep and proxy timeouts drop SSE streams all the time; a client reconnects with a GET ' +
    'carrying `Last-Event-ID` and gets what it missed, if the server offers replay (it MAY). The scan resumes every kind ' +
    'of stream that carried ids — the GET stream, a POST response stream (from its priming event), a tools/call stream ' +
    'dropped mid-call — and checks that what comes back is that stream\'s missed events only (messages of other streams ' +
    'are judged by stream-isolation).',
  specRefs: [
    { label: 'Resumability and redelivery', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
    { label: 'Sending messages to the server (polling, 2025-11-25)', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
  ],
  outcomes: {
    replayed: { status: 'pass', score: 1, summary: 'Resuming with Last-Event-ID replayed the events after that id.' },
    nothingToReplay: {
      status: 'pass', score: 1,
      summary: 'Resuming with Last-Event-ID opened a stream with nothing to replay, which is right when nothing was missed.',
    },
    // accepting the resume tells the client it is whole again: what it missed is silently gone
    // (refusing it, by contrast, lets the client re-request); replay itself is a MAY, so warn
    lostEvents: {
      status: 'warn', score: 0.4,
      summary: 'A resume was accepted (200 event stream), but messages the stream had carried after that id were not replayed: a client that dropped there loses them without knowing.',
      fix: 'Replay every message stored after the `Last-Event-ID`, on the stream that id belongs to and in the order sent (TS SDK: an `EventStore` whose `replayEventsAfter` does that; the SDK\'s example InMemoryEventStore orders events by their id string, so events of the same millisecond can be skipped). If you cannot replay, answer 400/404 so the client knows.',
    },
    lostResponse: {
      status: 'warn', score: 0.4,
      summary: 'A stream dropped before its response was resumed, but the response never came back on the resumed stream.',
      fix: 'Store every event of a POST response stream (not only the GET stream) and replay it after `Last-Event-ID`; once the response is sent, the resumed stream carries it. TS SDK: pass an `eventStore` to the transport.',
    },
    duplicates: {
      status: 'warn', score: 0.5,
      summary: 'Resuming replayed events at or before Last-Event-ID, so clients see messages twice.',
      fix: 'Replay only the events strictly after the `Last-Event-ID` on the stream that id belongs to (TS SDK: implement `EventStore.replayEventsAfter` accordingly).',
    },
    refused: {
      status: 'na',
      summary: 'The server does not offer replay (it answered the resume with a refusal): allowed, since replay is optional.',
    },
    refusedWhilePolling: {
      status: 'fail', score: 0,
      breaks: 'clients of a server that closes streams early and asks them to reconnect (2025-11-25 polling): the response is lost.',
      summary: 'The server closed a stream before its response and told the client to reconnect, then refused the reconnect.',
      fix: 'A server that closes a stream early (with `retry:`) must keep its events and replay them on a GET with `Last-Event-ID`; otherwise keep the stream open until the response is sent.',
    },
    serverError: {
      status: 'fail', score: 0.2,
      breaks: 'clients reconnecting after a dropped stream (all SDK clients do) get a server error instead of their messages.',
      summary: 'Resuming with Last-Event-ID made the server fail (5xx).',
      fix: 'Handle GET with `Last-Event-ID`: replay from your event store, or answer 400/404 when the id is unknown — never crash.',
    },
    otherStatus: {
      status: 'warn', score: 0.3,
      summary: 'Resuming was answered with something other than an event stream or a clear refusal.',
      fix: 'Answer a GET with `Last-Event-ID` with `200 text/event-stream` replaying the missed events, or with 400/404/409 when you cannot resume.',
    },
    noGetStream: {
      status: 'na',
      summary: 'The server offers no GET stream (405) and streams nothing on POST, so there is no stream to resume.',
    },
    noEventIds: {
      status: 'na',
      summary: 'The server sends no event ids, so there is nothing to resume by (see sse-event-ids).',
    },
    notAttempted: {
      status: 'na', unobserved: true,
      summary: 'Resumption was not attempted.',
    },
  },
  judge({ evidence, exchange }) {
    const attempts = resumeAttempts(evidence);
    if (!attempts.length) {
      const r = evidence.probes.resume;
      const streams = sseExchanges(evidence, { sessionOnly: true, excludeProbes: ['resume'] });
      const events = streams.flatMap((x) => x.response?.sse?.events ?? []);
      const gs = evidence.probes.getStream;
      if (events.length > 0 && !events.some((e) => typeof e.id === 'string' && e.id.length > 0)) {
        const seen = `${events.length} SSE event(s) seen on ${streams.length} stream(s), none with an id`;
        // servers often number only the GET stream's events (the one a client resumes): a GET the
        // scan could not open says nothing about them, so this is unobserved, not "no ids"
        if (gs && typeof gs.status === 'number' && !is2xx(gs.status) && gs.status !== 405) {
          return { outcome: 'notAttempted', detail: `${seen}, and the GET stream was refused (${gs.status}), so no stream a client would resume was seen.`, exchanges: idList(gs.exchangeId, ...streams.map((x) => x.id)) };
        }
        return { outcome: 'noEventIds', detail: `${seen}.`, exchanges: idList(...streams.map((x) => x.id)) };
      }
      if (!events.length && gs?.status === 405) {
        return { outcome: 'noGetStream', detail: 'GET → 405, and no POST stream carried events.', exchanges: idList(gs.exchangeId) };
      }
      return { outcome: 'notAttempted', detail: r?.skippedReason ? `Not attempted: ${excerpt(r.skippedReason, 160)}.` : 'The resume probe did not run.' };
    }
    type Seen = { a: ResumeArtifact; status: number | undefined; line: string; missed: string[] };
    const seen: Seen[] = attempts.map((a) => {
      const x = exchange(a.exchangeId);
      const status = a.status ?? x?.response?.status;
      const ct = a.contentType ?? responseHeader(x, 'content-type');
      const replayed = a.replayedIds ?? [];
      const missed = missedMessages(a, exchange(a.sourceExchangeId));
      const line = `${SOURCE[a.source ?? 'get']}${a.droppedBeforeResponse ? ' (dropped before its response)' : ''}: GET with Last-Event-ID "${excerpt(a.lastEventId ?? '?', 40)}" → ` +
        `${typeof status === 'number' ? `${status}${ct ? ` ${excerpt(ct, 40)}` : ''}` : statusText(undefined, x)}, ${replayed.length} event(s) replayed` +
        `${a.duplicateReplays?.length ? `, ${a.duplicateReplays.length} at or before Last-Event-ID` : ''}` +
        `${missed.length && is2xx(status) && !a.droppedBeforeResponse ? `, ${missed.length} message(s) it had carried after that id not replayed` : ''}` +
        `${a.droppedBeforeResponse ? (a.responseRecovered ? ', the response recovered' : ', the response not recovered') : ''}`;
      return { a, status, line, missed };
    });
    const detail = `${seen.map((s) => s.line).join('; ')}.`;
    const exchanges = idList(...attempts.flatMap((a) => [a.sourceExchangeId, a.exchangeId]));
    const data = { attempts: attempts.length, sources: attempts.map((a) => a.source ?? 'get') };
    const judgeOne = (s: Seen) => {
      if (typeof s.status !== 'number') return 'notAttempted' as const;
      // a replay under the wrong Content-Type is sse-content-type's finding: judge what was replayed
      if (is2xx(s.status)) {
        if (s.a.duplicateReplays?.length) return 'duplicates' as const;
        if (s.a.droppedBeforeResponse && s.a.responseRecovered === false) return 'lostResponse' as const;
        if (!s.a.droppedBeforeResponse && s.missed.length > 0) return 'lostEvents' as const;
        return (s.a.replayedIds?.length ?? 0) > 0 ? 'replayed' as const : 'nothingToReplay' as const;
      }
      if ([400, 404, 405, 409].includes(s.status)) return polling(s.a) ? 'refusedWhilePolling' as const : 'refused' as const;
      if (is5xx(s.status)) return 'serverError' as const;
      return 'otherStatus' as const;
    };
    const polling = (a: ResumeArtifact) => {
      const src = exchange(a.sourceExchangeId);
      // the server itself closed the stream before the response, having sent a retry hint
      return src?.response?.endedBy === 'complete' && src.response.rpc?.answered === false && (src.response.sse?.retries.length ?? 0) > 0;
    };
    const rank = ['refusedWhilePolling', 'serverError', 'lostResponse', 'lostEvents', 'otherStatus', 'duplicates', 'replayed', 'nothingToReplay', 'refused', 'notAttempted'] as const;
    const outcomes = seen.map(judgeOne);
    const worst = rank.find((o) => outcomes.includes(o)) ?? 'notAttempted';
    return { outcome: worst, detail, exchanges, data };
  },
});

/**
 * Ids of the messages (events with data: a priming event has none) the source stream carried
 * after the id the scan resumed from, which the resumed stream did not bring back. A stream the
 * scan dropped mid-call is lostResponse's question: its later events were never seen.
 */
function missedMessages(a: ResumeArtifact, source: Exchange | undefined): string[] {
  const events = source?.response?.sse?.events ?? [];
  const at = events.findIndex((e) => e.id === a.lastEventId);
  // past the ids the probe keeps, what came back is not known
  if (at < 0 || (a.replayedIds?.length ?? 0) >= RESUME_REPLAYED_IDS_KEPT) return [];
  const replayed = new Set(a.replayedIds ?? []);
  return events.slice(at + 1).filter((e) => e.id && (e.data ?? '').trim() !== '' && !replayed.has(e.id)).map((e) => e.id!);
}
