// An https:// URL answered in plain text: the ClientHello gets an HTTP 400 back.
import { rawTcp, type Hostile } from '../harness.ts';

export const start = (): Promise<Hostile> => rawTcp((s) => {
  s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'));
}, { scheme: 'https' });
