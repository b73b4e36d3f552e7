// Every byte from a scanned server is hostile until proven otherwise. These are the
// bounds on time and memory for one scan; each is a CLI flag too (README › Limits).
export interface NetLimits {
  /** TCP+TLS connect */
  connectTimeoutMs: number;
  /** request sent → response headers (streams get at least their window: some SDKs withhold headers until the first byte) */
  headersTimeoutMs: number;
  /** longest silence between body chunks on a non-stream response */
  idleTimeoutMs: number;
  /** whole exchange, non-stream */
  requestTimeoutMs: number;
  /** decoded body bytes kept and read per exchange; reading stops there */
  maxBodyBytes: number;
  /** bytes read from one SSE stream before we stop */
  maxStreamBytes: number;
  /** one SSE line / buffered event; longer means hostile framing */
  maxSseLineBytes: number;
  /** SSE events read per exchange before we stop */
  maxEvents: number;
  /** events and comments kept in the evidence per exchange (the rest only counted) */
  maxEventsKept: number;
  /** body excerpt kept in the evidence (and each SSE event's data, up to maxSseDataKept in all) */
  maxBodyExcerpt: number;
  /** SSE event data kept in the evidence per exchange, all events together; later events keep a 256-character excerpt */
  maxSseDataKept: number;
  maxHeaderBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: NetLimits = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  maxBodyBytes: 4 * 1024 * 1024,
  maxStreamBytes: 4 * 1024 * 1024,
  maxSseLineBytes: 1024 * 1024,
  maxEvents: 2_000,
  maxEventsKept: 300,
  maxBodyExcerpt: 16 * 1024,
  maxSseDataKept: 256 * 1024,
  maxHeaderBytes: 64 * 1024,
  maxRedirects: 3,
};
