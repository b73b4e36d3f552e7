// 200 and an HTML page for every request, whatever it is.
import { rawHttp, respond, type Hostile } from '../harness.ts';

const PAGE = `<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1>${'<p>lorem ipsum</p>'.repeat(200)}</body></html>`;

export const start = (): Promise<Hostile> => rawHttp((s) => { respond(s, 200, { 'content-type': 'text/html; charset=utf-8' }, PAGE); });
