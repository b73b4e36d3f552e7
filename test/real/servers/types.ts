export interface RealServer {
  name: string;            // e.g. 'server-everything (streamable HTTP)'
  url: string;             // full MCP endpoint URL on 127.0.0.1 (legacy SSE servers: the /sse URL)
  /** a slow tool that reports progress, as agentready's --call-tool value NAME or NAME={json} */
  callTool?: string;
  close(): Promise<void>;  // kills the child (and its process group) / closes the server, never hangs
}
