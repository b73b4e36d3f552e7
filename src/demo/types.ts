/** A loopback MCP server started for a demo or a test. */
export interface RunningServer {
  /** Full MCP endpoint URL, e.g. `http://127.0.0.1:PORT/mcp` (for legacy HTTP+SSE servers: the `/sse` URL). */
  url: string;
  /** `http://127.0.0.1:PORT`: the server's own origin. */
  origin: string;
  /** Stops listening, ends every open connection and stream at once, and clears all timers. */
  close(): Promise<void>;
}

/**
 * The Origin the scanner sends in its CORS probes. The demo servers trust it by default,
 * so a well-configured endpoint answers the probe with CORS headers.
 */
export const SCANNER_CORS_ORIGIN = 'https://browser-agent.example';

/**
 * An Origin no demo server trusts: a scanner sending it should see a 403 from any endpoint
 * that validates Origin (DNS-rebinding protection).
 */
export const SCANNER_EVIL_ORIGIN = 'https://evil.example';

/** Where every demo server mounts its Streamable HTTP endpoint. */
export const MCP_PATH = '/mcp';

/** Host and port to listen on; both demo servers default to 127.0.0.1 and an ephemeral port. */
export interface ListenOptions {
  host?: string;
  port?: number;
}
