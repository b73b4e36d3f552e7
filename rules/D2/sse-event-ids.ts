// SSE events carry ids (the only handle for resuming a dropped stream), unique within a session.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, idList, sessionKeyOf, sseExchanges } from '../_lib/index.ts';

export default defineRule({
  id: 'sse-event-ids',
  dimension: 'D2',
  // ids themselves are optional (MAY); what is judged as a MUST is their uniqueness once present
  level: 'MUST',
  eras: SESSION_ERAS,
  title: 'SSE events carry unique ids',
  failureTitle: 'SSE events carry no usable ids',
  description:
    'An event `id:` is what a client sends back in `Last-Event-ID` after a dropped connection; without ids a ' +
    'reconnecting agent silently loses every message sent while it was away. Ids must be unique across all streams of ' +
    'a session, or the server cannot tell which stream to replay. Ids are optional (MAY); once sent they MUST be ' +
    'unique across the session\'s streams. (The stateless 2026-07-28 revision drops ids on purpose; ' +
    'this rule only applies to session revisions.)',
  specRefs: [
    { label: 'Resumability and redelivery', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
  ],
  outcomes: {
    allIds: { status: 'pass', score: 1, summary: 'Every SSE event carried an id, unique within its session.' },
    someIds: {
      status: 'warn', score: 0.5,
      summary: 'Only some SSE events carried an id.',
      fix: 'Give every SSE event (on the GET stream and on POST response streams) an `id:` line, so a client can resume from any of them. In the TypeScript SDK, ids come from the `eventStore` passed to the StreamableHTTPServerTransport; route every stream through it.',
    },
    duplicateIds: {
      status: 'fail', score: 0,
      summary: 'The same event id was used twice within one session.',
      fix: 'Make event ids unique across all streams of a session, for example `<streamId>_<sequence>` (the 2025-11-25 revision recommends encoding the originating stream in the id), so `Last-Event-ID` identifies one event on one stream.',
    },
    noIds: {
      status: 'warn', score: 0.5,
      summary: 'No SSE event carried an id: allowed (ids are optional), but dropped streams cannot be resumed.',
      fix: 'Send an `id:` line with every SSE event and keep recent events per stream for replay. TypeScript SDK: pass an `eventStore` to StreamableHTTPServerTransport (it emits ids only when one is configured); Python SDK: pass `event_store=` to StreamableHTTPSessionManager.',
    },
    noSession: {
      status: 'na',
      summary: 'No session is minted, so streams cannot be resumed and ids have no use.',
    },
    noEvents: {
      status: 'na', unobserved: true,
      summary: 'No SSE event arrived on any stream, so ids could not be checked.',
    },
  },
  judge({ evidence }) {
    // Replays repeat ids by design; 2026-07-28 exchanges of a dual-era server have no ids by design.
    const streams = sseExchanges(evidence, { sessionOnly: true, excludeProbes: ['resume'] })
      .filter((x) => (x.response?.sse?.events.length ?? 0) > 0);
    const events = streams.flatMap((x) => (x.response?.sse?.events ?? []).map((e) => ({ x, e })));
    // Resumption needs a session to resume in: without one, ids would identify nothing.
    if (evidence.probes.initialize?.ok && !evidence.probes.initialize.sessionId) {
      return { outcome: 'noSession', detail: 'The server mints no session id (stateless mode): there is no session to resume a stream in.' };
    }
    if (!events.length) return { outcome: 'noEvents', detail: 'No SSE events were recorded on session-era streams.' };
    const withId = events.filter(({ e }) => typeof e.id === 'string' && e.id.length > 0);
    const counts = `${withId.length} of ${events.length} event(s) on ${streams.length} stream(s) carried an id`;
    const exchanges = idList(...streams.map((x) => x.id));
    if (!withId.length) {
      return { outcome: 'noIds', detail: `${counts}.`, exchanges, data: { events: events.length, withId: 0 } };
    }
    // uniqueness within each session, across its streams
    const seen = new Map<string, string>(); // session|id -> exchange id
    const dups: string[] = [];
    for (const { x, e } of withId) {
      const key = `${sessionKeyOf(x)}\u0000${e.id}`;
      if (seen.has(key)) dups.push(`"${String(e.id).slice(0, 40)}" on ${seen.get(key)} and ${x.id}`);
      else seen.set(key, x.id);
    }
    const data = { events: events.length, withId: withId.length, duplicates: dups.length };
    if (withId.length < events.length) {
      const dupNote = dups.length ? `; also ${dups.length} duplicate id(s)` : '';
      return { outcome: 'someIds', detail: `${counts}${dupNote}.`, exchanges, data };
    }
    if (dups.length) {
      return { outcome: 'duplicateIds', detail: `${counts}; duplicate id(s) within a session: ${dups.slice(0, 3).join('; ')}.`, exchanges, data };
    }
    return { outcome: 'allIds', detail: `${counts}; all unique within their session.`, exchanges, data };
  },
});
