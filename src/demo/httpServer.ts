// Small node:http plumbing shared by the demo and test servers: listening on loopback,
// closing promptly, bounded body reads and JSON-RPC error bodies.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ListenOptions, RunningServer } from './types.ts';

/** Cap on request bodies read by hand-written servers (the SDK transports apply their own). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, origin: string) => Promise<void> | void;

export interface StartedHttpServer extends RunningServer {
  /** The port actually bound. */
  port: number;
}

/**
 * Listens on 127.0.0.1 (ephemeral port unless told otherwise) and serves `handler`.
 * `close()` runs `beforeClose` (stop timers, end streams), then stops listening and
 * destroys every remaining connection so nothing keeps the process alive.
 */
export async function startHttpServer(
  handler: RequestHandler,
  options: ListenOptions & {
    path?: string;
    beforeClose?: () => Promise<void> | void;
    /** Node's limit on receiving a whole request (default 300000 ms; 0 disables). */
    requestTimeoutMs?: number;
  } = {},
): Promise<StartedHttpServer> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res, origin))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, jsonRpcError(-32603, `Internal error: ${String(error)}`));
        } else {
          res.destroy();
        }
      });
  });
  if (options.requestTimeoutMs !== undefined) server.requestTimeout = options.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await options.beforeClose?.();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    })();
    return closing;
  };
  return { url: `${origin}${options.path ?? '/mcp'}`, origin, port: address.port, close };
}

/** First value of a request header, or undefined. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** An id-less (or id-carrying) JSON-RPC error object. */
export function jsonRpcError(code: number, message: string, id: string | number | null = null): object {
  return { jsonrpc: '2.0', error: { code, message }, id };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export type BodyReadResult = { tooLarge: true } | { tooLarge: false; text: string };

/**
 * Reads a request body as UTF-8, refusing (without buffering further) once it exceeds
 * `maxBytes`: a declared Content-Length over the cap is refused before reading.
 */
export async function readBodyCapped(req: IncomingMessage, maxBytes = MAX_REQUEST_BODY_BYTES): Promise<BodyReadResult> {
  if (Number(req.headers['content-length']) > maxBytes) return { tooLarge: true };
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) return { tooLarge: true };
    chunks.push(chunk);
  }
  return { tooLarge: false, text: Buffer.concat(chunks).toString('utf8') };
}
