// Informative: on an upgraded connection, a binary frame is refused with close code 1003 and
// a clean close (1000) is answered with 1000 (SEP-1288 draft; RFC 6455 §7.4.1 codes).
import { defineRule } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'websocket-close-codes',
  dimension: 'D8',
  level: 'INFO',
  basis: 'practice',
  eras: 'any',
  transports: ['http', 'websocket'],
  title: 'WebSocket close codes are meaningful',
  failureTitle: 'WebSocket close codes are missing or wrong',
  description:
    'Informative (WebSocket is not a standard MCP transport). The SEP-1288 draft says a binary frame is answered by ' +
    'closing with 1003 (unsupported data), and RFC 6455 has each side answer a close frame with its own: a client ' +
    'closing with 1000 should get 1000 back. Clients use the code to decide whether to reconnect, so a silently ' +
    'ignored frame or a dropped connection (1006) reads as a network failure.',
  specRefs: [
    { label: 'SEP-1288: WebSocket transport (draft)', url: 'https://github.com/modelcontextprotocol/modelcontextprotocol/issues/1288' },
    { label: 'RFC 6455 §7.4.1: defined status codes', url: 'https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1' },
    { label: 'RFC 6455 §5.5.1: close', url: 'https://www.rfc-editor.org/rfc/rfc6455#section-5.5.1' },
  ],
  outcomes: {
    correct: { status: 'pass', score: 1, summary: 'A binary frame was refused with 1003 and a clean close was answered with 1000.' },
    binaryOtherCode: {
      status: 'warn', score: 0.7,
      summary: 'A binary frame closed the connection, but not with 1003 (unsupported data).',
      fix: 'Close with 1003 when a binary frame arrives (`ws.close(1003, "binary frames are not supported")`).',
    },
    binaryIgnored: {
      status: 'warn', score: 0.5,
      summary: 'A binary frame was not refused with a close (ignored, or answered with a text frame).',
      fix: 'Treat binary frames as unsupported data: close the connection with 1003 so the client learns its mistake.',
    },
    closeNotAnswered: {
      status: 'warn', score: 0.5,
      summary: 'The client\'s close (1000) was not answered with a close frame carrying 1000.',
      fix: 'Answer a close frame with a close frame echoing the code (most WebSocket libraries do this unless the socket is destroyed first); do not just drop the TCP connection.',
    },
    notUpgraded: { status: 'na', summary: 'No WebSocket session was opened (the upgrade was declined or failed).' },
    unobserved: { status: 'na', unobserved: true, summary: 'The session ended before the close codes could be checked.' },
  },
  judge({ evidence }) {
    const ws = evidence.probes.websocket;
    if (!ws?.session) return { outcome: 'notUpgraded', detail: ws?.upgrade ? `Upgrade outcome: ${ws.upgrade.outcome}.` : 'No upgrade was attempted.' };
    const ex = [ws.upgrade?.exchangeId, ws.binary?.upgrade.exchangeId].filter((i): i is string => typeof i === 'string');
    const c = ws.cleanClose;
    const b = ws.binary;
    const closeText = !c ? 'clean close not tried' : !c.sent ? `connection already closed (code ${c.code ?? '?'}) before our close`
      : c.timedOut ? 'close 1000 → no close frame in time' : `close 1000 → ${c.code ?? '?'}${c.code === 1005 ? ' (no code)' : c.code === 1006 ? ' (connection dropped)' : ''}`;
    const binText = !b ? 'binary check not run' : !b.sent ? `binary check: upgrade ${b.upgrade.outcome}`
      : b.closeCode !== undefined ? `binary frame → close ${b.closeCode}${b.reason ? ` ${JSON.stringify(b.reason.slice(0, 60))}` : ''}`
      : b.answeredText ? 'binary frame → answered with a text frame, connection kept open' : 'binary frame → ignored (no close)';
    const detail = `${binText}; ${closeText}.`;
    const data = { binaryCloseCode: b?.closeCode, cleanCloseCode: c?.code };
    if (!b?.sent && (!c?.sent)) return { outcome: 'unobserved', detail, exchanges: ex, data };
    if (b?.sent && b.closeCode === undefined) return { outcome: 'binaryIgnored', detail, exchanges: ex, data };
    if (c?.sent && (c.timedOut || c.code !== 1000)) return { outcome: 'closeNotAnswered', detail, exchanges: ex, data };
    if (b?.sent && b.closeCode !== 1003) return { outcome: 'binaryOtherCode', detail, exchanges: ex, data };
    return { outcome: 'correct', detail, exchanges: ex, data };
  },
});
