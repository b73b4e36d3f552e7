// Messages of one stream/session are never delivered on another (no cross-session replay or broadcast).
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, isSseType, responseHeader, resumeAttempts, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'stream-isolation',
  dimension: 'D8',
  level: 'MUST',
  transports: ['http', 'websocket'],
  eras: ['2024-11-05', ...STREAMABLE_ERAS],
  title: 'Streams and sessions are isolated',
  failureTitle: 'Messages leak across streams or sessions',
  description:
    'Each message must be delivered on exactly one stream, and a resumed stream may only replay its own events. A ' +
    'server that replays or broadcasts another session\'s messages hands one user\'s tool results to another user\'s ' +
    'agent (GHSA-84j6-jc92-77jm) — and confuses both agents with responses to requests they never sent.',
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
    deliveredToStranger: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A client that never initialized received messages of a session it never joined.',
      fix: 'Refuse a GET without a valid session id (400) and never attach an un-initialized connection to the message fan-out; route every message to the one stream of the session it belongs to.',
    },
    crossSessionDelivery: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A second session received messages meant for the first session.',
      fix: 'Route each server message to the one stream of the session (and request) it belongs to; never broadcast to every open stream. With the TS SDK, create one transport per session and look it up by `Mcp-Session-Id`.',
    },
    secondClientRefused: {
      status: 'fail', score: 0, breaks: 'every deployment used by more than one agent at a time: while one client is connected, the next cannot open its stream.',
      summary: 'While one HTTP+SSE client was connected, a second client\'s stream was refused with a server error: the server serves one client at a time.',
      fix: 'Create one MCP server (or at least one transport connection) per client connection: with the TS SDK, `new McpServer(...)` inside the GET /sse handler, since `server.connect()` on a server that is already connected throws ("Already connected to a transport").',
    },
    notObserved: {
      status: 'na', unobserved: true,
      summary: 'Neither a resume nor a second session could be observed.',
    },
  },
  judge({ evidence, exchange }) {
    const attempts = resumeAttempts(evidence);
    const iso = evidence.probes.isolation;
    // 1. a resume that replayed what another stream or session carried
    for (const r of attempts) {
      const foreign = Array.isArray(r.foreignReplays) ? r.foreignReplays : [];
      const responses = Array.isArray(r.foreignResponses) ? r.foreignResponses : [];
      if (!foreign.length && !responses.length) continue;
      const from = r.source === 'post' ? 'a POST response stream' : r.source === 'tool-call' ? 'the tools/call stream' : 'the GET stream';
      const list = [
        ...foreign.slice(0, 3).map((f) => `event ${f.id !== undefined ? `"${excerpt(f.id, 30)}"` : '(no id)'} first seen on ${excerpt(f.seenOn, 30)}`),
        ...responses.slice(0, 3).map((f) => `the response to request ${excerpt(String(f.rpcId), 20)}${f.sentOn ? ` (sent on ${excerpt(f.sentOn, 30)})` : ''}`),
      ].join('; ');
      return {
        outcome: 'foreignReplay',
        detail: `Resuming ${from} with Last-Event-ID "${excerpt(r.lastEventId ?? '?', 40)}" replayed ${foreign.length + responses.length} message(s) that stream never carried: ${list}.`,
        exchanges: idList(r.sourceExchangeId, r.exchangeId, ...foreign.map((f) => f.seenOn).filter((id) => exchange(id)), ...responses.map((f) => f.sentOn).filter((id): id is string => typeof id === 'string' && !!exchange(id))),
        data: { foreignReplays: foreign.length, foreignResponses: responses.length, source: r.source ?? 'get' },
      };
    }
    // 2. another client's stream received this session's messages
    const leaking = (iso?.watches ?? []).filter((w) => Array.isArray(w.leaked) && w.leaked.length > 0);
    if (leaking.length) {
      const w = leaking[0];
      const who = w.kind === 'uninitialized' ? 'a client that never initialized (GET without a session id)' : w.kind === 'legacy-second-session' ? 'a second HTTP+SSE session' : 'a second session';
      return {
        outcome: w.kind === 'uninitialized' ? 'deliveredToStranger' : 'crossSessionDelivery',
        detail: `The stream of ${who} received ${w.leaked.length} message(s) of the first session: ${w.leaked.slice(0, 3).map((l) => excerpt(l.what, 120)).join('; ')}.` +
          `${iso?.stimuli.length ? ` The first session had sent ${iso.stimuli.join(', ')}.` : ''}`,
        exchanges: idList(...leaking.map((l) => l.exchangeId)),
        data: { watches: leaking.map((l) => l.kind), leaked: w.leaked.length },
      };
    }
    // 3. HTTP+SSE: the first client's stream works, a second one at the same time gets a server error
    const legacyOk = evidence.probes.legacy?.ok === true;
    const refused = (iso?.watches ?? []).find((w) => w.kind === 'legacy-second-session' && typeof w.status === 'number' && (w.status >= 500 || w.status === 409));
    if (legacyOk && refused) {
      // an HTML error page: its text, e.g. Express's `<pre>Error: Already connected to a transport…`
      const body = exchange(refused.exchangeId)?.response?.body?.replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
      return {
        outcome: 'secondClientRefused',
        detail: `A second HTTP+SSE stream, opened while the first session was connected, was answered ${refused.status}${typeof body === 'string' && body ? ` (${excerpt(body, 100)})` : ''}; the first session's stream was served.`,
        exchanges: idList(refused.exchangeId, evidence.probes.legacy?.streamExchangeId),
        data: { status: refused.status },
      };
    }
    const parts: string[] = [];
    const ex: string[] = [];
    // was anything open that could have carried another client's messages? Refusals alone (a
    // resume answered 405, a watcher answered with a document) show nothing either way
    let couldCarry = false;
    for (const r of attempts) {
      const status = r.status ?? exchange(r.exchangeId)?.response?.status;
      if (typeof status !== 'number') continue;
      if (status >= 200 && status < 300) couldCarry = true;
      parts.push(`resume of ${r.source === 'post' ? 'a POST stream' : r.source === 'tool-call' ? 'the tools/call stream' : 'the GET stream'} → ${statusText({ status }, exchange(r.exchangeId))}, ${r.replayedIds?.length ?? 0} replayed, none foreign`);
      ex.push(...idList(r.sourceExchangeId, r.exchangeId));
    }
    const open = (iso?.watches ?? []).filter((w) => w.open);
    for (const w of open) {
      const who = w.kind === 'uninitialized' ? 'a never-initialized client' : w.kind === 'legacy-second-session' ? 'a second HTTP+SSE session' : 'a second session';
      const wx = exchange(w.exchangeId);
      const ct = responseHeader(wx, 'content-type');
      // a 2xx document (a status page as JSON) or an empty answer is no stream: say what came
      const stream = !wx?.response || isSseType(ct) || w.events > 0;
      if (stream) couldCarry = true;
      parts.push(stream
        ? `${who} held a stream open (${w.events} event(s)), none of the first session's`
        : `${who}'s GET was answered ${w.status ?? wx?.response?.status ?? '2xx'}${ct ? ` ${excerpt(ct, 40)}` : ''}, not a stream: nothing of the first session's`);
      ex.push(...idList(w.exchangeId));
    }
    if (!parts.length) {
      const why = iso?.skippedReason ?? attempts[0]?.skippedReason ?? evidence.probes.resume?.skippedReason;
      return { outcome: 'notObserved', detail: why ? `Nothing to watch from: ${excerpt(why, 160)}.` : 'No resume and no other session\'s stream could be observed.' };
    }
    if (!couldCarry) {
      return { outcome: 'notObserved', detail: `${parts.join('; ')}: no stream was open that could have carried another client's messages.`, exchanges: idList(...ex) };
    }
    return { outcome: 'isolated', detail: `${parts.join('; ')}.`, exchanges: idList(...ex) };
  },
});
