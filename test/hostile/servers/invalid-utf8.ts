// A session-era MCP server whose every string holds invalid UTF-8: lone continuation bytes,
// overlong encodings, encoded surrogates, bytes 0xFE/0xFF — in the body and in header values.
import { fakeMcp, rawHttp, type Hostile } from '../harness.ts';
import type net from 'node:net';

const BAD = Buffer.from([0x80, 0xbf, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xfe, 0xff, 0xf8, 0x88, 0x80, 0x80, 0x80]);
const MARK = '@@@BADBYTES@@@'; // as long as BAD, so Content-Length stays right
const bad = (s: string) => s.replaceAll(MARK, BAD.toString('latin1'));

/** swap every MARK for the raw bytes, body and headers alike (latin1 round-trip keeps bytes) */
function rewrite(s: net.Socket): net.Socket {
  const write = s.write.bind(s) as (c: unknown, ...rest: unknown[]) => boolean;
  (s as unknown as { write: typeof write }).write = (c: unknown, ...rest: unknown[]) => {
    if (typeof c === 'string') return write(Buffer.from(bad(c), 'latin1'), ...rest);
    if (Buffer.isBuffer(c)) return write(Buffer.from(bad(c.toString('latin1')), 'latin1'), ...rest);
    return write(c, ...rest);
  };
  return s;
}

const mcp = fakeMcp({
  serverInfo: { name: `bad-${MARK}-name`, version: MARK },
  headers: { server: `srv-${MARK}`, 'x-bad': MARK },
  tools: () => [{ name: `tool-${MARK}`, inputSchema: { type: 'object' } }],
  errorMessage: `error ${MARK}`,
});

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  mcp(rewrite(s), req);
});
