// The wire as a scan records it: revisions and eras, HTTP exchanges with their SSE events and
// JSON-RPC summaries — what every probe artifact points at by exchange id.
import { z } from './zod.ts';

import { ERAS, REVISIONS } from './constants.ts';

export { ERA_OF, ERAS, REVISIONS, SESSION_REVISIONS, STATELESS_REVISIONS } from './constants.ts';
export const Revision = z.enum(REVISIONS);
export type Revision = z.infer<typeof Revision>;
export const Era = z.enum(ERAS);
export type Era = z.infer<typeof Era>;

/** Header names lowercased; repeated headers joined with ", " (set-cookie with "\n"). */
export const Headers = z.record(z.string(), z.string());
export type Headers = z.infer<typeof Headers>;

export const SseEvent = z.object({
  /** ms since the exchange started */
  t: z.number(),
  id: z.string().optional(),
  event: z.string().optional(),
  data: z.string(),
  /** true when `data` was cut at the event-size cap */
  truncated: z.boolean().optional(),
});
export type SseEvent = z.infer<typeof SseEvent>;

export const SseComment = z.object({ t: z.number(), text: z.string() });
export type SseComment = z.infer<typeof SseComment>;

export const SseRecord = z.object({
  events: z.array(SseEvent),
  comments: z.array(SseComment),
  /** every `retry:` value seen, with its arrival time */
  retries: z.array(z.object({ t: z.number(), ms: z.number() })),
  /** events beyond the cap were counted but not kept */
  droppedEvents: z.number(),
  droppedComments: z.number(),
  /** framing problems the parser reported (line too long, …) */
  parseErrors: z.array(z.string()),
});
export type SseRecord = z.infer<typeof SseRecord>;

/** A JSON-RPC view of a response body (JSON or SSE), as parsed — not judged. */
export const RpcSummary = z.object({
  framing: z.enum(['json', 'sse', 'empty', 'other']),
  /** messages that parsed as JSON objects (or array members) */
  messages: z.number(),
  responses: z.number(),
  requests: z.number(),
  notifications: z.number(),
  /** data/body fragments that were not valid JSON-RPC, with why (first few) */
  invalid: z.array(z.string()),
  /** a JSON-RPC response with the id we sent was found */
  answered: z.boolean(),
  /** on SSE: the stream ended (server closed) after the response arrived */
  endedAfterResponse: z.boolean().optional(),
  /** the response's `result` (capped) or `error` */
  result: z.unknown().optional(),
  error: z.object({ code: z.number().optional(), message: z.string().optional(), data: z.unknown().optional() }).optional(),
});
export type RpcSummary = z.infer<typeof RpcSummary>;

export const NetErrorKind = z.enum([
  'dns', 'connect', 'connect-timeout', 'headers-timeout', 'body-timeout', 'idle-timeout', 'deadline',
  'tls', 'reset', 'too-large', 'decompression', 'redirect', 'blocked', 'aborted', 'protocol', 'other',
]);
export type NetErrorKind = z.infer<typeof NetErrorKind>;

export const Exchange = z.object({
  id: z.string(),
  probe: z.string(),
  /** what the request was for, e.g. "initialize (2025-11-25)" */
  label: z.string(),
  /** ms since the scan started */
  startedAt: z.number(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: Headers, // credentials redacted
    body: z.string().optional(),
  }),
  response: z.object({
    status: z.number(),
    httpVersion: z.string().optional(),
    headers: Headers,
    /** ms after the request started */
    headersAt: z.number(),
    firstByteAt: z.number().optional(),
    endAt: z.number().optional(),
    bodyBytes: z.number(),
    /** text excerpt of the (decoded) body; SSE bodies are kept as events instead */
    body: z.string().optional(),
    bodyTruncated: z.boolean(),
    /** how reading stopped: the server ended it, we stopped once answered/at the window, or a cap/timeout */
    endedBy: z.enum(['complete', 'answered', 'window', 'cap', 'error', 'not-read']),
    sse: SseRecord.optional(),
    rpc: RpcSummary.optional(),
    /** TLS facts for https, from the socket this response came over */
    tls: z.object({
      protocol: z.string().optional(),
      authorized: z.boolean(),
      authorizationError: z.string().optional(),
      certSubject: z.string().optional(),
      certIssuer: z.string().optional(),
      validTo: z.string().optional(),
    }).optional(),
    remoteAddress: z.string().optional(),
  }).optional(),
  error: z.object({ kind: NetErrorKind, message: z.string(), at: z.number().optional() }).optional(),
  durationMs: z.number(),
});
export type Exchange = z.infer<typeof Exchange>;
