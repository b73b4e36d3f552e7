// Slowloris on the response head: one byte per second, the head never ends.
import { every, rawHttp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s) => {
  const text = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n' + 'X-Slow: '.padEnd(100_000, 'a');
  let i = 0;
  every(s, 1000, () => { s.write(text[i++]!); });
});
