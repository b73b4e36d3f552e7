// Headers and half a body (or a few SSE events), then a TCP RST.
import { head, rawHttp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const sse = req.method === 'GET';
  s.write(head(200, { 'content-type': sse ? 'text/event-stream' : 'application/json', ...(sse ? {} : { 'content-length': '5000' }) }));
  s.write(sse ? 'id: 1\ndata: {"jsonrpc":"2.0","method":"x"}\n\nid: 2\ndata: {"jsonr' : '{"jsonrpc":"2.0","id":1,"result":{"protocolVe');
  setTimeout(() => { if (!s.destroyed) s.resetAndDestroy(); }, 50);
});
