// Not HTTP at all: a banner line, then binary noise, then close.
import { rawHttp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s) => {
  s.end(Buffer.concat([Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10])]));
});
