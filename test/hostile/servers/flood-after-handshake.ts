// A working session-era server whose every answer is an SSE stream: the JSON-RPC response
// first, then 16 KB events at full speed, forever (GET streams too). Every exchange of a
// full scan reads up to its byte cap: the worst case for what a scan keeps in memory.
import { fakeMcp, head, pump, rawHttp, type Hostile } from '../harness.ts';
import type net from 'node:net';

const FILL = `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'f'.repeat(16 * 1024) } })}\n\n`;

function flood(s: net.Socket, first?: unknown): void {
  s.write(head(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }));
  let i = 0;
  if (first !== undefined) s.write(`id: r\ndata: ${JSON.stringify(first)}\n\n`);
  pump(s, () => `id: ${++i}\n${FILL}`);
}

export const start = (): Promise<Hostile> => rawHttp(fakeMcp({
  serverInfo: { name: 'flood-after-handshake', version: '1' },
  sessionId: 'flood-session',
  frame: (s, _req, message) => flood(s, message),
  onGet: (s) => flood(s),
}));
