// A session-era MCP server (plain JSON answers) whose WebSocket upgrade succeeds and then
// floods: 64 KB text frames at full speed, forever, and one 8 MB frame header to end on.
import { createHash } from 'node:crypto';
import { fakeMcp, pump, rawHttp, type Hostile } from '../harness.ts';

const mcp = fakeMcp({ serverInfo: { name: 'ws-flood', version: '1' } });
const PAYLOAD = Buffer.alloc(64 * 1024, 'w');
const FRAME = Buffer.concat([Buffer.from([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]), PAYLOAD]); // FIN+text, 64-bit length 65536

export const start = (): Promise<Hostile> => rawHttp((s, req) => {
  const key = req.headers['sec-websocket-key'];
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket' || !key) return mcp(s, req);
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  const proto = (req.headers['sec-websocket-protocol'] ?? '').split(',')[0]!.trim();
  s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${proto ? `Sec-WebSocket-Protocol: ${proto}\r\n` : ''}\r\n`);
  pump(s, () => FRAME);
});
