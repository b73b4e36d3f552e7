// A spawned stdio server's conversation, and the MCP handshake as any JSON-RPC channel
// records it (stdio and WebSocket share it).
import { z } from './zod.ts';

/** One line of a stdio conversation: what the scanner wrote to stdin, or a line the server wrote to stdout. */
export const StdioLine = z.object({
  dir: z.enum(['in', 'out']),
  /** 1-based position among the lines of that direction */
  seq: z.number(),
  /** ms since the scan started */
  t: z.number(),
  /** text excerpt (untrusted; renderers escape) */
  text: z.string(),
  bytes: z.number(),
  truncated: z.boolean().optional(),
  /** stdout lines: a JSON-RPC message, other JSON, blank, plain text, or part of a message split over lines */
  kind: z.enum(['jsonrpc', 'json', 'blank', 'text', 'fragment']).optional(),
  invalidUtf8: z.boolean().optional(),
  /** longer than the line cap: text is a prefix */
  overlong: z.boolean().optional(),
  crlf: z.boolean().optional(),
  /** stdout ended without a final newline */
  unterminated: z.boolean().optional(),
});
export type StdioLine = z.infer<typeof StdioLine>;

/** An initialize (or other request) sent over a non-HTTP transport, and its answer. */
export const RpcAttempt = z.object({
  requestedVersion: z.string(),
  answered: z.boolean(),
  ms: z.number().optional(),
  negotiatedVersion: z.string().optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
  /** the answer arrived split over several lines (stdio) */
  split: z.boolean().optional(),
});

export const RpcListing = z.object({
  sent: z.boolean(),
  answered: z.boolean(),
  ms: z.number().optional(),
  ok: z.boolean().optional(),
  toolCount: z.number().optional(),
  toolNames: z.array(z.string()).optional(),
  pages: z.number().optional(),
  errorCode: z.number().optional(),
  errorMessage: z.string().optional(),
  split: z.boolean().optional(),
});

/** The MCP handshake as seen over stdio or a WebSocket. */
export const RpcHandshake = z.object({
  /** how long each answer was waited for */
  timeoutMs: z.number(),
  attempts: z.array(RpcAttempt),
  /** initialize answered with a result */
  ok: z.boolean(),
  protocolVersion: z.string().optional(),
  serverInfo: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  initializedSent: z.boolean(),
  toolsList: RpcListing.optional(),
  /** round trips of JSON-RPC `ping` */
  pingMs: z.array(z.number()),
  /** requests the server sent us (answered: ping with {}, anything else with -32601) and notifications */
  serverRequests: z.number(),
  serverNotifications: z.number(),
  /** why the handshake stopped early, if it did */
  stoppedBy: z.enum(['exit', 'timeout', 'deadline', 'closed', 'error']).optional(),
});
export type RpcHandshake = z.infer<typeof RpcHandshake>;

export const StdioArtifact = z.object({
  /** the command as typed (`--stdio`), split into program and arguments (no shell) */
  command: z.string(),
  file: z.string(),
  args: z.array(z.string()),
  cwd: z.string().optional(),
  /** names of the variables given with --env (values are never stored) */
  envNames: z.array(z.string()),
  spawned: z.boolean(),
  spawnError: z.string().optional(),
  pid: z.number().optional(),
  /** the conversation, both directions, in order (capped) */
  lines: z.array(StdioLine),
  droppedLines: z.number(),
  stdout: z.object({
    bytes: z.number(),
    lines: z.number(),
    jsonRpcLines: z.number(),
    /** stdout lines that are not JSON-RPC messages: counts and the first few */
    noiseCount: z.number(),
    blankCount: z.number(),
    noise: z.array(z.object({ seq: z.number(), kind: z.enum(['json', 'blank', 'text']), text: z.string() })),
    /** JSON-RPC messages spread over several lines (pretty-printed) */
    splitMessages: z.array(z.object({ fromSeq: z.number(), toSeq: z.number(), text: z.string() })),
    invalidUtf8Lines: z.array(z.number()),
    overlongLines: z.array(z.number()),
    crlfLines: z.number(),
    unterminated: z.boolean(),
    capped: z.string().optional(),
    /** the line cap (bytes) */
    maxLineBytes: z.number(),
  }),
  stderr: z.object({ bytes: z.number(), lines: z.number(), excerpt: z.string(), truncated: z.boolean() }),
  handshake: RpcHandshake,
  exit: z.object({
    how: z.enum(['before-close', 'stdin-close', 'sigterm', 'sigkill', 'not-started', 'unknown', 'deadline']),
    code: z.number().nullable(),
    signal: z.string().nullable(),
    /** ms from closing stdin to exit */
    afterCloseMs: z.number().optional(),
    /** ms since the scan started, when the process exited on its own before stdin was closed */
    exitedAt: z.number().optional(),
    exitGraceMs: z.number(),
    termGraceMs: z.number(),
    /** a final SIGKILL went to the process group, so nothing it started outlives the scan */
    groupKilled: z.boolean(),
  }),
});
export type StdioArtifact = z.infer<typeof StdioArtifact>;
