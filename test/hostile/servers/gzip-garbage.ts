// Content-Encoding: gzip, but the body is not gzip at all.
import { rawHttp, respond, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s) => {
  respond(s, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{"jsonrpc":"2.0","id":1,"result":{}} this is not gzip');
});
