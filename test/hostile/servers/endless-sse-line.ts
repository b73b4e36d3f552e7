// One SSE line that never ends: `data: xxxxx…` at full speed, no newline, ever.
import { head, pump, rawHttp, type Hostile } from '../harness.ts';

const CHUNK = Buffer.alloc(64 * 1024, 'x');

export const start = (): Promise<Hostile> => rawHttp((s) => {
  s.write(head(200, { 'content-type': 'text/event-stream' }));
  s.write('data: ');
  pump(s, () => CHUNK);
});
