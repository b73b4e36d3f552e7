// Over stdio: initialize (newest revision first, older if refused) → notifications/initialized
// → tools/list, each answered in time.
import { defineRule, spec } from '../../src/contract/rule.ts';

const SLOW_MS = 5_000;

export default defineRule({
  id: 'stdio-handshake',
  dimension: 'D2',
  level: 'MUST',
  eras: 'any',
  transports: ['stdio'],
  title: 'The stdio handshake completes in time',
  failureTitle: 'The stdio handshake does not complete',
  description:
    'A client spawns the server, sends `initialize` offering its newest revision, then `notifications/initialized` ' +
    'and `tools/list`. The server must answer initialize with a revision it supports (not an error), and answer ' +
    'promptly: clients time out the handshake (often after 10–60 s), and a server that crashes or stays silent here ' +
    'shows up as "failed to connect" with no tools.',
  specRefs: [
    { label: 'Lifecycle: initialization (2025-11-25)', url: spec.lifecycle('2025-11-25', 'initialization') },
    { label: 'Lifecycle: version negotiation (2025-11-25)', url: spec.lifecycle('2025-11-25', 'version-negotiation') },
    { label: 'Lifecycle: timeouts (2025-11-25)', url: spec.lifecycle('2025-11-25', 'timeouts') },
  ],
  outcomes: {
    completed: { status: 'pass', score: 1, summary: 'initialize and tools/list were answered promptly.' },
    slow: {
      status: 'warn', score: 0.6,
      summary: 'The handshake completed, but initialize or tools/list took over 5 s.',
      fix: 'Answer initialize before doing slow start-up work (connecting to backends, loading models); load lazily on the first tool call and cache the tool list.',
    },
    refusedNewest: {
      status: 'warn', score: 0.6,
      summary: 'initialize offering the newest revision was refused with an error; an older one was accepted.',
      fix: 'Never answer an unknown `protocolVersion` with an error: reply with the newest revision you support in `result.protocolVersion` and let the client decide (upgrading the SDK usually does it).',
    },
    splitAnswers: {
      status: 'fail', score: 0.2,
      summary: 'Answers arrived spread over several lines, which line-based clients cannot read.',
      fix: 'Serialize each message on a single line (`JSON.stringify(msg)` without indentation, `json.dumps(msg)` without `indent`) followed by one "\\n".',
    },
    toolsListSilent: {
      status: 'fail', score: 0.3,
      summary: 'initialize was answered, but tools/list got no answer in time.',
      fix: 'Answer `tools/list` after `notifications/initialized` (an empty `{"tools": []}` if there are none); make sure no request handler blocks the stdin read loop.',
    },
    initError: {
      status: 'fail', score: 0,
      summary: 'Every initialize offered was answered with an error.',
      fix: 'Answer `initialize` with an InitializeResult (protocolVersion, capabilities, serverInfo) for any revision offered, choosing the newest one you support.',
    },
    crashed: {
      status: 'fail', score: 0,
      summary: 'The server exited during the handshake.',
      fix: 'Run the command by hand and read its stderr: missing dependencies, an unset environment variable (pass it with --env) or an exception at start-up are the usual causes.',
    },
    noAnswer: {
      status: 'fail', score: 0,
      summary: 'initialize got no answer in time.',
      fix: 'Read JSON-RPC messages line by line from stdin and write answers to stdout, flushing after each line (Python: `flush=True` or `-u`); check that start-up does not block before the read loop starts.',
    },
    cutShort: { status: 'na', unobserved: true, summary: 'The scan deadline ended the handshake before it could be judged.' },
    notStarted: { status: 'na', summary: 'The command could not be started (see the era rule).' },
  },
  judge({ evidence }) {
    const s = evidence.probes.stdio;
    if (!s?.spawned) return { outcome: 'notStarted', detail: s?.spawnError ? `spawn failed: ${s.spawnError}` : 'No stdio process was started.' };
    const hs = s.handshake;
    const tried = hs.attempts.map((a) => `initialize (${a.requestedVersion}) → ${a.answered
      ? a.errorCode !== undefined || a.errorMessage ? `error ${a.errorCode ?? ''} ${JSON.stringify((a.errorMessage ?? '').slice(0, 80))}`.replace('  ', ' ')
        : `protocolVersion ${JSON.stringify((a.negotiatedVersion ?? '?').slice(0, 30))}`
      : 'no answer'}${a.ms !== undefined ? ` in ${a.ms} ms` : ''}${a.split ? ' (split over lines)' : ''}`).join('; ');
    const exitText = s.exit.signal ? `signal ${s.exit.signal}` : `code ${s.exit.code ?? '?'}`;
    const stderrFirst = s.stderr.excerpt.split('\n').find((l) => l.trim());
    const why = stderrFirst ? `; stderr: ${JSON.stringify(stderrFirst.slice(0, 160))}` : '';
    const data: Record<string, unknown> = { attempts: hs.attempts.length };
    if (!hs.ok) {
      if (hs.stoppedBy === 'deadline') return { outcome: 'cutShort', detail: `${tried || 'initialize sent'}; the scan deadline was reached.`, data };
      if (hs.stoppedBy === 'exit' || s.exit.how === 'before-close') {
        return { outcome: 'crashed', detail: `${tried || 'initialize could not be sent'}; the process exited (${exitText})${why}.`, data };
      }
      if (hs.attempts.length && hs.attempts.every((a) => a.answered)) return { outcome: 'initError', detail: `${tried}.`, data };
      return { outcome: 'noAnswer', detail: `${tried} (waited ${hs.timeoutMs} ms; stdout: ${s.stdout.lines} line(s), ${s.stdout.jsonRpcLines} JSON-RPC)${why}.`, data };
    }
    const init = hs.attempts[hs.attempts.length - 1];
    const tl = hs.toolsList;
    const tlText = !tl ? 'tools/list not sent' : !tl.answered ? 'tools/list → no answer'
      : `tools/list → ${tl.ok ? `${tl.toolCount ?? 0} tool(s)` : `error ${tl.errorCode ?? ''}`.trim()}${tl.ms !== undefined ? ` in ${tl.ms} ms` : ''}${tl.split ? ' (split over lines)' : ''}`;
    const detail = `${tried}; notifications/initialized ${hs.initializedSent ? 'sent' : 'not sent'}; ${tlText}.`;
    Object.assign(data, { initializeMs: init.ms, toolsListMs: tl?.ms, protocolVersion: hs.protocolVersion });
    if (hs.attempts.some((a) => a.split) || tl?.split) return { outcome: 'splitAnswers', detail, data };
    if (tl && !tl.answered) {
      if (hs.stoppedBy === 'deadline') return { outcome: 'cutShort', detail, data };
      if (hs.stoppedBy === 'exit') return { outcome: 'crashed', detail: `${detail} The process exited (${exitText})${why}.`, data };
      return { outcome: 'toolsListSilent', detail, data };
    }
    if (hs.attempts.length > 1) return { outcome: 'refusedNewest', detail, data };
    if ((init.ms ?? 0) > SLOW_MS || (tl?.ms ?? 0) > SLOW_MS) return { outcome: 'slow', detail, data };
    return { outcome: 'completed', detail, data };
  },
});
