// An SSE stream at full speed, forever: 16 KB events (JSON-RPC notifications) without pause.
import { head, pump, rawHttp, type Hostile } from '../harness.ts';

const EVENT = `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x'.repeat(16 * 1024) } })}\n\n`;

export const start = (): Promise<Hostile> => rawHttp((s) => {
  s.write(head(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }));
  let i = 0;
  pump(s, () => `id: ${++i}\n${EVENT}`);
});
