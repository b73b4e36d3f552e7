// Decompression bombs: zeros (or a JSON prefix then zeros) streamed through zlib into the
// socket as fast as the peer reads. Small on the wire, gigabytes decompressed; nothing precomputed.
import zlib from 'node:zlib';
import { head, rawHttp, type Hostile } from '../harness.ts';

const ZEROS = Buffer.alloc(1024 * 1024, 0x20); // spaces: still "JSON whitespace", maximally compressible
const LIMIT = 8 * 1024 * 1024 * 1024; // stop after 8 GB decompressed, should anyone read that far

export function startBomb(encoding: 'gzip' | 'deflate' | 'br'): Promise<Hostile> {
  return rawHttp((s, req) => {
    const z = encoding === 'gzip' ? zlib.createGzip({ level: 9 })
      : encoding === 'deflate' ? zlib.createDeflate({ level: 9 })
      : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
    s.write(head(200, { 'content-type': req.method === 'GET' ? 'text/event-stream' : 'application/json', 'content-encoding': encoding }));
    z.on('error', () => {});
    z.pipe(s);
    s.once('close', () => z.destroy());
    let sent = 0;
    z.write('{"jsonrpc":"2.0","id":1,"result":{"pad":"');
    const go = () => {
      while (!z.destroyed && sent < LIMIT) {
        sent += ZEROS.length;
        if (!z.write(ZEROS)) { z.once('drain', go); return; }
      }
    };
    go();
  });
}
