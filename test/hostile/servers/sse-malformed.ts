// A session-era MCP server that answers everything over SSE with broken framing: a UTF-8
// BOM, CR-only line endings, `id` fields with NUL, `retry` values that are not numbers,
// unknown fields, a data line split across CRs; its GET stream keeps doing that.
import { every, fakeMcp, head, rawHttp, type Hostile } from '../harness.ts';

const BOM = '\ufeff';
function frame(message: unknown, n: number): string {
  return [
    `${BOM}: comment after a BOM\r`,
    'retry: soon\r',
    'retry: -5\r',
    'retry: 1e99\r',
    `id: bad\u0000id-${n}\r`,
    'unknown-field: whatever\r',
    'event:\r',
    `data: ${JSON.stringify(message)}\r`,
    '\r',
    `id: ok-${n}\n`,
    'data\r\n', // field without colon: empty data line
    '\r\n',
  ].join('');
}

export const start = (): Promise<Hostile> => rawHttp(fakeMcp({
  serverInfo: { name: 'sse-malformed', version: '1' },
  frame: (s, _req, message) => {
    s.write(head(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }));
    s.end(frame(message, 0));
  },
  onGet: (s) => {
    s.write(head(200, { 'content-type': 'text/event-stream' }));
    let n = 0;
    every(s, 100, () => { s.write(frame({ jsonrpc: '2.0', method: 'notifications/message', params: { n } }, ++n)); });
  },
}));
