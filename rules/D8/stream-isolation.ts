// Messages of one stream/session are never delivered on another (no cross-session replay or broadcast).
import { defineRule, spec } from '../../src/engine/rule.ts';
import { SESSION_ERAS, excerpt, idList, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'stream-isolation',
  dimension: 'D8',
  level: 'MUST',
  eras: SESSION_ERAS,
  title: 'Streams and sessions are isolated',
  failureTitle: 'Messages leak across streams or sessions',
  description:
    'Each message must be delivered on exactly one stream, and a resumed stream may only replay its own events. A ' +
    'server that replays or broadcasts another session\'s messages hands one user\'s tool results to another user\'s ' +
    'agent (GHSA-84j6-jc92-77jm, checklist pitfall 10) — and confuses both agents with responses to requests they never sent.',
  specRefs: [
    { label: 'Resumability and redelivery', url: spec.transports('2025-11-25', 'resumability-and-redelivery') },
    { label: 'Multiple connections', url: spec.transports('2025-11-25', 'multiple-connections') },
    { label: 'Session hijacking (security best practices)', url: spec.securityBestPractices('2025-11-25', 'session-hijacking') },
  ],
  outcomes: {
    isolated: { status: 'pass', score: 1, summary: 'No message crossed from one stream or session to another.' },
    foreignReplay: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'Resuming replayed messages that belong to another stream or session.',
      fix: 'Key your event store by stream (and session): `replayEventsAfter(lastEventId)` must look up the stream that id belongs to and replay only that stream, and must refuse ids from another session. Encode the stream id in the event id.',
    },
    crossSessionDelivery: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A second session received messages meant for the first session.',
      fix: 'Route each server message to the one stream of the session (and request) it belongs to; never broadcast to every open stream. With the TS SDK, create one transport per session and look it up by `Mcp-Session-Id`.',
    },
    notObserved: {
      status: 'na', unobserved: true,
      summary: 'Neither a resume nor a second session could be observed.',
    },
  },
  judge({ evidence, exchange }) {
    const r = evidence.probes.resume;
    const tc = evidence.probes.toolCall;
    const foreign = Array.isArray(r?.foreignReplays) ? r.foreignReplays : [];
    if (r?.attempted && foreign.length) {
      const list = foreign.slice(0, 3).map((f) => `${f.id !== undefined ? `"${excerpt(f.id, 30)}"` : '(no id)'} first seen on ${excerpt(f.seenOn, 30)}`).join('; ');
      return {
        outcome: 'foreignReplay',
        detail: `GET with Last-Event-ID "${excerpt(r.lastEventId ?? '?', 40)}" replayed ${foreign.length} foreign event(s): ${list}.`,
        exchanges: idList(r.sourceExchangeId, r.exchangeId, ...foreign.map((f) => f.seenOn).filter((s) => exchange(s))),
        data: { foreignReplays: foreign.length },
      };
    }
    if (tc?.secondSession?.sawFirstSessionMessages) {
      return {
        outcome: 'crossSessionDelivery',
        detail: `While tools/call ${tc.tool ? `"${excerpt(tc.tool, 40)}" ` : ''}ran in one session, another session's GET stream received its messages.`,
        exchanges: idList(tc.exchangeId, tc.secondSession.exchangeId),
      };
    }
    const parts: string[] = [];
    const ex: string[] = [];
    if (r?.attempted) {
      const status = r.status ?? exchange(r.exchangeId)?.response?.status;
      parts.push(`resume → ${statusText({ status }, exchange(r.exchangeId))}, ${r.replayedIds?.length ?? 0} replayed, none foreign`);
      ex.push(...idList(r.sourceExchangeId, r.exchangeId));
      if (typeof status !== 'number' && !tc?.secondSession) {
        return { outcome: 'notObserved', detail: `${parts[0]}.`, exchanges: ex };
      }
    }
    if (tc?.secondSession) {
      parts.push('a second session\'s GET stream saw none of the first session\'s messages');
      ex.push(...idList(tc.secondSession.exchangeId, tc.exchangeId));
    }
    if (!parts.length) {
      return { outcome: 'notObserved', detail: r?.skippedReason ? `Resume not attempted: ${excerpt(r.skippedReason, 120)}.` : 'No resume attempt and no second-session watch.' };
    }
    return { outcome: 'isolated', detail: `${parts.join('; ')}.`, exchanges: idList(...ex) };
  },
});
