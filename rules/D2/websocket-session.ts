// Informative: once upgraded, MCP works over WebSocket text frames (initialize, tools/list).
import { defineRule, spec } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'websocket-session',
  dimension: 'D2',
  level: 'INFO',
  basis: 'practice',
  eras: 'any',
  transports: ['http', 'websocket'],
  title: 'MCP works over the WebSocket',
  failureTitle: 'MCP does not work over the WebSocket',
  description:
    'Informative: WebSocket is not a standard MCP transport (SEP-1288 is a draft). When a server does upgrade, ' +
    'clients send one JSON-RPC message per UTF-8 text frame — `initialize`, `notifications/initialized`, `tools/list` — ' +
    'and expect answers the same way; a server that upgrades but does not speak MCP there strands them.',
  specRefs: [
    { label: 'SEP-1288: WebSocket transport (draft)', url: 'https://github.com/modelcontextprotocol/modelcontextprotocol/issues/1288' },
    { label: 'Lifecycle: initialization (2025-11-25)', url: spec.lifecycle('2025-11-25', 'initialization') },
  ],
  outcomes: {
    works: { status: 'pass', score: 1, summary: 'initialize and tools/list were answered over text frames.' },
    strayFrames: {
      status: 'warn', score: 0.7,
      summary: 'MCP worked, but the server also sent frames that are not JSON-RPC messages (binary, or other text).',
      fix: 'Send exactly one JSON-RPC message per UTF-8 text frame; keep logs and other data off the MCP connection.',
    },
    toolsListFailed: {
      status: 'warn', score: 0.5,
      summary: 'initialize was answered, but tools/list was not (no answer, or an error).',
      fix: 'Route every JSON-RPC request on the connection to the MCP server, not only initialize; answer `tools/list` with `{"tools": [...]}`.',
    },
    initError: {
      status: 'fail', score: 0, breaks: 'WebSocket MCP clients cannot start a session over the upgrade the server itself offers.',
      summary: 'initialize over the WebSocket was answered with an error.',
      fix: 'Answer `initialize` with an InitializeResult carrying the newest revision you support.',
    },
    noAnswer: {
      status: 'fail', score: 0, breaks: 'WebSocket MCP clients cannot start a session over the upgrade the server itself offers.',
      summary: 'The server upgraded, but initialize got no answer over text frames.',
      fix: 'Connect the WebSocket to an MCP server: parse each text frame as a JSON-RPC message and send each answer as one text frame.',
    },
    notUpgraded: { status: 'na', summary: 'No WebSocket session was opened (the upgrade was declined or failed).' },
  },
  judge({ evidence }) {
    const ws = evidence.probes.websocket;
    const s = ws?.session;
    if (!s) return { outcome: 'notUpgraded', detail: ws?.upgrade ? `Upgrade outcome: ${ws.upgrade.outcome}${ws.upgrade.status ? ` (${ws.upgrade.status})` : ''}.` : 'No upgrade was attempted.' };
    const ex = ws?.upgrade?.exchangeId ? [ws.upgrade.exchangeId] : [];
    const tried = s.attempts.map((a) => `initialize (${a.requestedVersion}) → ${!a.answered ? 'no answer'
      : a.errorCode !== undefined || a.errorMessage ? `error ${a.errorCode ?? ''}`.trim() : `protocolVersion ${JSON.stringify((a.negotiatedVersion ?? '?').slice(0, 30))}`}${a.ms !== undefined ? ` in ${Math.round(a.ms)} ms` : ''}`).join('; ');
    if (!s.ok) {
      if (s.attempts.length && s.attempts.every((a) => a.answered)) return { outcome: 'initError', detail: `${tried}.`, exchanges: ex };
      const why = s.stoppedBy === 'closed' ? 'the connection closed' : s.stoppedBy === 'deadline' ? 'the scan deadline was reached' : `waited ${s.timeoutMs} ms`;
      const cap = ws?.capped?.length ? `; ${ws.capped.join('; ')}` : '';
      return { outcome: 'noAnswer', detail: `${tried || 'initialize not sent'} (${why})${cap}.`, exchanges: ex };
    }
    const tl = s.toolsList;
    const tlText = !tl?.answered ? 'tools/list → no answer' : tl.ok ? `tools/list → ${tl.toolCount ?? 0} tool(s)${tl.ms !== undefined ? ` in ${Math.round(tl.ms)} ms` : ''}` : `tools/list → error ${tl.errorCode ?? ''}`.trim();
    const stray = s.invalidFrames.length || s.binaryFrames ? `; ${s.binaryFrames} binary frame(s)${s.invalidFrames.length ? `, non-JSON-RPC text e.g. ${JSON.stringify(s.invalidFrames[0].slice(0, 80))}` : ''}` : '';
    const detail = `${tried}; ${tlText}${stray}.`;
    const data = { protocolVersion: s.protocolVersion, toolCount: tl?.toolCount };
    if (!tl?.answered || !tl.ok) return { outcome: 'toolsListFailed', detail, exchanges: ex, data };
    if (stray) return { outcome: 'strayFrames', detail, exchanges: ex, data };
    return { outcome: 'works', detail, exchanges: ex, data };
  },
});
