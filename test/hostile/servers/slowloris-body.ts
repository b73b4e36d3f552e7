// Slowloris on the body: headers at once, then one byte per second (each byte resets an idle timer).
import { every, head, rawHttp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s) => {
  s.write(head(200, { 'content-type': 'application/json', 'content-length': '1000000' }));
  every(s, 1000, () => { s.write(' '); });
});
