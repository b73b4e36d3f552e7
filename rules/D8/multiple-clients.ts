// A second client can start a session while the first one is connected.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_ERAS, excerpt, idList, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'multiple-clients',
  dimension: 'D8',
  level: 'SHOULD',
  // no revision says "serve more than one client"; a remote endpoint that serves only its first
  // caller breaks every deployment with a second user or a reconnecting client
  basis: 'practice',
  eras: SESSION_ERAS,
  title: 'A second client can connect while one is connected',
  failureTitle: 'Only the first client can ever connect',
  description:
    'A remote MCP endpoint serves many agents, and the same agent again after a restart. A server wired around one ' +
    'transport object (a common mistake with the TypeScript SDK and the frameworks on it) answers the first `initialize` ' +
    'and refuses every later one ("Server already initialized"), until the process restarts. The scan starts further ' +
    'sessions beside its first and checks that they are served.',
  specRefs: [
    { label: 'Session management', url: spec.transports('2025-11-25', 'session-management') },
    { label: 'Lifecycle: initialization', url: spec.lifecycle('2025-11-25', 'initialization') },
  ],
  outcomes: {
    served: { status: 'pass', score: 1, summary: 'Further clients were given sessions while the first was connected.' },
    singleClient: {
      status: 'fail', score: 0, breaks: 'every deployment with more than one client, and every client that reconnects: only the first initialize after a restart is ever served.',
      summary: 'Every initialize after the first was refused: the server serves one client per process.',
      fix: 'Create one transport (and one server instance, or connect the shared server) per session: on an `initialize` without `Mcp-Session-Id`, make a new `StreamableHTTPServerTransport` with a `sessionIdGenerator`, keep it in a map by session id, and route later requests by their `Mcp-Session-Id`. For a server without sessions, create a transport per request (stateless mode).',
    },
    limited: {
      status: 'warn', score: 0.5,
      summary: 'Further sessions were refused as over a limit (429/503) while the first was connected.',
      fix: 'Allow at least a handful of concurrent sessions per client address, and say in `Retry-After` when a client may try again.',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'No further initialize was sent, or none got an HTTP answer.' },
  },
  judge({ evidence }) {
    const init = evidence.probes.initialize;
    const samples = init?.samples ?? [];
    if (!init?.ok) return { outcome: 'unobserved', detail: 'The first initialize did not succeed.' };
    const answered = samples.filter((s) => typeof s.status === 'number');
    if (!answered.length) return { outcome: 'unobserved', detail: samples.length ? 'No further initialize got an HTTP answer.' : 'No further initialize was sent.', exchanges: idList(...samples.map((s) => s.exchangeId)) };
    const lines = samples.map((s) => `${statusText(s, undefined)}${s.ok ? ' (served)' : ''}${s.errorMessage ? ` "${excerpt(s.errorMessage, 80)}"` : ''}`);
    const detail = `First initialize served; ${samples.length} further initialize(s) while it was open → ${lines.join('; ')}.`;
    const exchanges = idList(init.exchangeId, ...samples.map((s) => s.exchangeId));
    if (answered.some((s) => s.ok)) return { outcome: 'served', detail, exchanges };
    if (answered.every((s) => s.status === 429 || s.status === 503)) return { outcome: 'limited', detail, exchanges };
    // a 4xx, a 5xx or a 2xx without an InitializeResult: what the second client gets instead of a session
    return { outcome: 'singleClient', detail, exchanges };
  },
});
