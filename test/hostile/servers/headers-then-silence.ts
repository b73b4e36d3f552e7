// A 200 with JSON (or, on GET, SSE) headers, then nothing, forever.
import { head, rawHttp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  s.write(head(200, { 'content-type': req.method === 'GET' ? 'text/event-stream' : 'application/json', 'content-length': '100000' }));
});
