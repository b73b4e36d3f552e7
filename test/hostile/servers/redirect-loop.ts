// Every request is redirected to another path on the same server, forever (307 keeps POST bodies).
import { rawHttp, respond, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  respond(s, req.n % 2 ? 307 : 302, { location: `/loop/${req.n}` }, '');
});
