// Informative: an upgraded connection answers a ping with a pong, so idle connections can be kept alive.
import { defineRule } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'websocket-ping',
  dimension: 'D8',
  level: 'INFO',
  basis: 'practice',
  eras: 'any',
  transports: ['http', 'websocket'],
  title: 'WebSocket pings are answered',
  failureTitle: 'WebSocket pings are not answered',
  description:
    'Informative (WebSocket is not a standard MCP transport). Agents hold MCP connections open for long idle ' +
    'stretches; proxies and load balancers cut connections that look dead, and clients detect a dead peer by sending ' +
    'a ping and expecting a pong (RFC 6455 §5.5.2: a pong must be sent "as soon as is practical").',
  specRefs: [
    { label: 'RFC 6455 §5.5.2: ping', url: 'https://www.rfc-editor.org/rfc/rfc6455#section-5.5.2' },
    { label: 'SEP-1288: WebSocket transport (draft)', url: 'https://github.com/modelcontextprotocol/modelcontextprotocol/issues/1288' },
  ],
  outcomes: {
    pong: { status: 'pass', score: 1, summary: 'A ping was answered with a pong.' },
    noPong: {
      status: 'fail', score: 0, breaks: 'WebSocket clients that ping an idle connection take it for dead and drop it.',
      summary: 'A ping got no pong in time, so clients will take the idle connection for dead.',
      fix: 'Answer pings with pongs (WebSocket libraries do it by default: do not disable it, e.g. `autoPong: false` in `ws`), and do not block the event loop for seconds at a time.',
    },
    notUpgraded: { status: 'na', summary: 'No WebSocket session was opened (the upgrade was declined or failed).' },
    unobserved: { status: 'na', unobserved: true, summary: 'The session ended before a ping could be sent.' },
  },
  judge({ evidence }) {
    const ws = evidence.probes.websocket;
    if (!ws?.session) return { outcome: 'notUpgraded', detail: ws?.upgrade ? `Upgrade outcome: ${ws.upgrade.outcome}.` : 'No upgrade was attempted.' };
    const ex = ws.upgrade?.exchangeId ? [ws.upgrade.exchangeId] : [];
    const p = ws.ping;
    if (!p?.sent) return { outcome: 'unobserved', detail: 'The connection was closed before the ping.', exchanges: ex };
    if (p.pongMs === undefined) return { outcome: 'noPong', detail: `No pong within ${p.timeoutMs} ms of the ping.`, exchanges: ex, data: { timeoutMs: p.timeoutMs } };
    return { outcome: 'pong', detail: `Pong after ${p.pongMs} ms.`, exchanges: ex, data: { pongMs: p.pongMs } };
  },
});
