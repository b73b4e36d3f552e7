// A working session-era MCP server whose every string is an attack on whoever displays
// it: HTML/script injection for the report, ANSI/OSC/C1 escape sequences for the terminal
// (clear screen, set the window title, OSC 8 hyperlinks, CSI via C1), bidi overrides.
// Server name and version, negotiated protocolVersion, tool names, error messages,
// header values (Server, X-Powered-By, Via), session ids and SSE event fields.
import { every, fakeMcp, head, rawHttp, type Hostile } from '../harness.ts';

export const XSS = '<script>alert("agentready-xss")</script>';
export const IMG = '<img src=x onerror=alert("agentready-img")>';
const ESC = '\u001b';
export const TERMINAL = `${ESC}[2J${ESC}[31;1mRED${ESC}[0m${ESC}]0;pwned-title\u0007${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\\u009b2J\u0007\u202eevil\u202c`;
export const PAYLOAD = `${XSS}${IMG}${TERMINAL}{{constructor}}</td></tr>`;
/** header values cannot carry control characters (the HTTP parser rightly refuses them) */
const HEADER_PAYLOAD = `${XSS}${IMG}{{constructor}}`;

export const start = (): Promise<Hostile> => rawHttp(fakeMcp({
  serverInfo: { name: `name ${PAYLOAD}`, version: `v ${PAYLOAD}` },
  protocolVersion: `2025-11-25${TERMINAL}`,
  headers: { server: `srv ${HEADER_PAYLOAD}`, 'x-powered-by': HEADER_PAYLOAD, via: `1.1 ${HEADER_PAYLOAD}` },
  sessionId: `sid-${HEADER_PAYLOAD}`,
  tools: () => [{ name: `tool ${PAYLOAD}`, description: PAYLOAD, inputSchema: { type: 'object' } }, { name: PAYLOAD }],
  errorMessage: `error ${PAYLOAD}`,
  onGet: (s) => {
    s.write(head(200, { 'content-type': 'text/event-stream' }));
    let n = 0;
    every(s, 100, () => {
      n++;
      s.write(`: comment ${PAYLOAD}\nid: ${PAYLOAD}-${n}\nevent: ${PAYLOAD}\ndata: ${PAYLOAD}\n\n`);
    });
  },
}));
