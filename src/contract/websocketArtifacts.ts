// A ws:// or wss:// endpoint: the upgrade, its frames, the MCP session over text frames.
import { z } from './zod.ts';
import { RpcHandshake } from './stdioArtifacts.ts';

/** A WebSocket frame sent or received (text excerpt; control frames with their codes). */
export const WsFrame = z.object({
  /** which connection: 1 the session, 2 the binary-frame check */
  conn: z.number(),
  dir: z.enum(['in', 'out']),
  t: z.number(),
  type: z.enum(['text', 'binary', 'ping', 'pong', 'close']),
  bytes: z.number(),
  text: z.string().optional(),
  truncated: z.boolean().optional(),
  code: z.number().optional(),
  reason: z.string().optional(),
});
export type WsFrame = z.infer<typeof WsFrame>;

export const WsUpgrade = z.object({
  /** the upgrade request in the transcript */
  exchangeId: z.string().optional(),
  url: z.string(),
  outcome: z.enum(['upgraded', 'no-subprotocol', 'declined', 'server-error', 'timeout', 'dropped', 'error', 'blocked']),
  status: z.number().optional(),
  subprotocol: z.string().optional(),
  error: z.string().optional(),
  ms: z.number().optional(),
});
export type WsUpgrade = z.infer<typeof WsUpgrade>;

export const WebSocketArtifact = z.object({
  attempted: z.boolean(),
  skippedReason: z.string().optional(),
  /** the ws:// or wss:// URL tried (the scanned URL, or the HTTP endpoint's twin) */
  url: z.string(),
  upgrade: WsUpgrade.optional(),
  /** initialize, tools/list and pings over text frames (only when upgraded) */
  session: RpcHandshake.extend({
    /** text frames that were not JSON-RPC (first few) and binary frames the server sent */
    invalidFrames: z.array(z.string()),
    binaryFrames: z.number(),
  }).optional(),
  /** a WebSocket ping on the session: the pong's round trip */
  ping: z.object({ sent: z.boolean(), pongMs: z.number().optional(), timeoutMs: z.number() }).optional(),
  /** the scanner closed the session with 1000: the code the server answered with (1005 none, 1006 dropped) */
  cleanClose: z.object({ sent: z.boolean(), code: z.number().optional(), reason: z.string().optional(), ms: z.number().optional(), timedOut: z.boolean() }).optional(),
  /** a binary frame on a second connection: SEP-1288 expects close code 1003 */
  binary: z.object({
    upgrade: WsUpgrade, sent: z.boolean(),
    closeCode: z.number().optional(), reason: z.string().optional(), ms: z.number().optional(),
    /** the server answered with a text frame instead */
    answeredText: z.boolean(), timedOut: z.boolean(),
  }).optional(),
  frames: z.array(WsFrame),
  droppedFrames: z.number(),
  /** a read cap (messages or bytes) closed a connection */
  capped: z.array(z.string()).optional(),
});
export type WebSocketArtifact = z.infer<typeof WebSocketArtifact>;
