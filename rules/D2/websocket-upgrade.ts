// Informative: an `Upgrade: websocket` on the endpoint either upgrades (subprotocol mcp) or
// is declined gracefully. No MCP revision defines a WebSocket transport (SEP-1288 is a draft).
import { defineRule, spec } from '../../src/contract/rule.ts';
import { idList } from '../_lib/index.ts';

export default defineRule({
  id: 'websocket-upgrade',
  dimension: 'D2',
  level: 'INFO',
  basis: 'practice',
  eras: 'any',
  transports: ['http', 'websocket'],
  title: 'A WebSocket upgrade is accepted or declined gracefully',
  failureTitle: 'A WebSocket upgrade hangs or fails',
  description:
    'Informative, and weighted lightly: no MCP revision defines a WebSocket transport — SEP-1288 proposes one (same ' +
    'endpoint as Streamable HTTP, subprotocol `mcp`, UTF-8 text frames) but is a draft, and the official transports ' +
    'remain stdio and Streamable HTTP. Some clients still try `Upgrade: websocket`; a server should either upgrade ' +
    'with the `mcp` subprotocol or answer the request as plain HTTP (any 2xx–4xx). Hanging or a 5xx makes those ' +
    'clients wait for their timeout before falling back.',
  specRefs: [
    { label: 'SEP-1288: WebSocket transport (draft)', url: 'https://github.com/modelcontextprotocol/modelcontextprotocol/issues/1288' },
    { label: 'Transports: custom transports (2025-11-25)', url: spec.transports('2025-11-25', 'custom-transports') },
    { label: 'RFC 6455 §4.2.2: subprotocol selection', url: 'https://www.rfc-editor.org/rfc/rfc6455#section-4.2.2' },
  ],
  outcomes: {
    upgraded: { status: 'pass', score: 1, summary: 'Upgraded to a WebSocket with the `mcp` subprotocol (informative: not a standard MCP transport).' },
    declined: { status: 'pass', score: 1, summary: 'The upgrade was declined gracefully: the request was answered as plain HTTP. Fine — WebSocket is not a standard MCP transport.' },
    noSubprotocol: {
      status: 'warn', score: 0.5,
      summary: 'Upgraded without selecting the `mcp` subprotocol, so WebSocket MCP clients (the SDK\'s included) drop the connection.',
      fix: 'Select `mcp` when the client offers it in `Sec-WebSocket-Protocol` (with `ws`: `handleProtocols: (p) => p.has("mcp") ? "mcp" : false`), or decline the upgrade with a plain HTTP answer.',
    },
    serverError: {
      status: 'warn', score: 0.2,
      summary: 'The upgrade request was answered with a 5xx.',
      fix: 'Answer a GET with `Upgrade: websocket` you do not support as plain HTTP (405, 400 or 426), not with a server error; check that the proxy in front passes or refuses Upgrade cleanly.',
    },
    hung: {
      status: 'warn', score: 0.2,
      summary: 'The upgrade request got no answer in time.',
      fix: 'Answer every request, including a GET with Upgrade headers: a proxy that swallows Upgrade, or an `upgrade` listener that never completes or destroys the socket, leaves clients waiting.',
    },
    dropped: {
      status: 'warn', score: 0.5,
      summary: 'The connection was closed without any answer to the upgrade request.',
      fix: 'Answer the upgrade request you refuse with an HTTP status (e.g. 400 or 426) instead of closing the connection.',
    },
    busy: {
      status: 'na',
      summary: 'The upgrade request met the same server error as a second HTTP+SSE client: the server was busy with the first one (stream-isolation reports it).',
    },
    failingEverywhere: {
      status: 'na',
      summary: 'The upgrade met a server error, as every MCP request of the scan did: one root cause, reported by era (no MCP transport answered).',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'The upgrade could not be tried (a network error or the scan deadline).' },
    notProbed: { status: 'na', summary: 'No WebSocket upgrade was tried (the endpoint was unreachable, or the evidence predates this check).' },
  },
  judge({ evidence, exchange }) {
    const ws = evidence.probes.websocket;
    const u = ws?.upgrade;
    if (!ws?.attempted || !u) return { outcome: 'notProbed', detail: ws?.skippedReason ?? 'No upgrade was attempted.' };
    const x = exchange(u.exchangeId);
    const ex = u.exchangeId ? [u.exchangeId] : [];
    const ms = u.ms !== undefined ? ` in ${u.ms} ms` : '';
    const body = x?.response?.body ? `; body ${JSON.stringify(x.response.body.slice(0, 80))}` : '';
    const data = { outcome: u.outcome, status: u.status };
    switch (u.outcome) {
      case 'upgraded':
        return { outcome: 'upgraded', detail: `GET ${u.url} with Upgrade: websocket → 101, subprotocol "${u.subprotocol ?? ''}"${ms}.`, exchanges: ex, data };
      case 'declined':
        return { outcome: 'declined', detail: `GET with Upgrade: websocket → ${u.status ?? '?'} ${x?.response?.headers['content-type'] ?? ''}`.trim() + `${ms}${body}.`, exchanges: ex, data };
      case 'no-subprotocol':
        return { outcome: 'noSubprotocol', detail: `→ ${u.status ?? 101} without Sec-WebSocket-Protocol: mcp (${u.error ?? 'no subprotocol'}).`, exchanges: ex, data };
      case 'server-error': {
        // a server that fails every request (genkit's stateless wiring after its first): era's finding
        const era = evidence.probes.era;
        const mcpStatuses = [evidence.probes.discover?.status, ...(evidence.probes.initialize?.attempts ?? []).map((a) => a.status)].filter((st): st is number => typeof st === 'number');
        if (era.revisions.length === 0 && mcpStatuses.length > 0 && mcpStatuses.every((st) => st >= 500)) {
          return { outcome: 'failingEverywhere', detail: `GET with Upgrade: websocket → ${u.status}${body}; server/discover and initialize met ${[...new Set(mcpStatuses)].join('/')} too.`, exchanges: ex, data };
        }
        // an HTTP+SSE server that serves one client at a time answers any second GET of its stream
        // URL (Upgrade or not) with the same error: one root cause, stream-isolation's
        const second = evidence.probes.isolation?.watches.find((w) => w.kind === 'legacy-second-session');
        if (evidence.probes.legacy?.ok && second && second.status === u.status) {
          return { outcome: 'busy', detail: `GET with Upgrade: websocket → ${u.status}${body}, as a second HTTP+SSE stream was (${second.status}).`, exchanges: idList(u.exchangeId, second.exchangeId), data };
        }
        return { outcome: 'serverError', detail: `GET with Upgrade: websocket → ${u.status}${body}.`, exchanges: ex, data };
      }
      case 'timeout':
        return { outcome: 'hung', detail: `No answer to the upgrade request${ms} (${u.error ?? 'timeout'}).`, exchanges: ex, data };
      case 'dropped':
        return { outcome: 'dropped', detail: `The connection closed without an answer (${u.error ?? 'reset'}).`, exchanges: ex, data };
      default:
        return { outcome: 'unobserved', detail: `The upgrade could not be tried: ${u.error ?? u.outcome}.`, exchanges: ex, data };
    }
  },
});
