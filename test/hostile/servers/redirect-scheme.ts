// Redirects to schemes a scanner must never follow: file:, gopher:, data:, javascript:, ftp:.
import { rawHttp, respond, type Hostile } from '../harness.ts';

const TARGETS = ['file:///etc/passwd', 'gopher://127.0.0.1:70/_GET', 'data:text/plain,hi', 'javascript:alert(1)', 'ftp://127.0.0.1/x'];

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  respond(s, 308, { location: TARGETS[req.n % TARGETS.length]! }, '');
});
