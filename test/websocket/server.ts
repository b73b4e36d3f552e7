// A WebSocket MCP endpoint for tests: a thin `ws` server around the SDK's Transport
// interface (subprotocol `mcp`, one McpServer per connection), in the shape SEP-1288
// proposes: UTF-8 text frames carry JSON-RPC messages, a binary frame is refused with
// close code 1003, the closing handshake is answered with 1000, pings with pongs.
// `flaws` turn the good behaviours off one by one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { createDemoMcpServer } from '../../src/demo/demoTools.ts';

export type WsFlaw = 'ignore-binary' | 'no-pong' | 'no-subprotocol';

/** An MCP Transport over one server-side WebSocket. */
export class WebSocketServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly socket: WebSocket;
  private readonly flaws: Set<WsFlaw>;

  constructor(socket: WebSocket, flaws: Set<WsFlaw>) {
    this.socket = socket;
    this.flaws = flaws;
  }

  async start(): Promise<void> {
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) {
        if (!this.flaws.has('ignore-binary')) this.socket.close(1003, 'binary frames are not supported');
        return;
      }
      try {
        this.onmessage?.(JSONRPCMessageSchema.parse(JSON.parse(data.toString())));
      } catch (err) {
        this.onerror?.(err as Error);
      }
    });
    this.socket.on('close', () => this.onclose?.());
    this.socket.on('error', (err) => this.onerror?.(err));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000);
  }
}

export interface RunningWsServer { url: string; httpUrl: string; close(): Promise<void> }

/** ws://127.0.0.1:PORT/mcp; other paths and plain HTTP requests get 404. */
export async function startWebSocketMcpServer(flaws: WsFlaw[] = []): Promise<RunningWsServer> {
  const set = new Set(flaws);
  const httpServer = http.createServer((_req, res) => { res.writeHead(404, { 'content-type': 'text/plain' }).end('WebSocket only\n'); });
  const wss = new WebSocketServer({
    noServer: true,
    autoPong: !set.has('no-pong'),
    handleProtocols: (protocols) => (set.has('no-subprotocol') ? false : protocols.has('mcp') ? 'mcp' : false),
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') { socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const server = createDemoMcpServer('agentready-websocket-test');
      void server.connect(new WebSocketServerTransport(ws, set));
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/mcp`,
    httpUrl: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
