// Minimal node:http ↔ web-standard Request/Response bridge (what @modelcontextprotocol/node
// would provide; it is not installed). Bodies stream in both directions, so the fetch
// handler's own body limit applies and SSE responses are written as they are produced.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** A web Request for `req`; `signal` aborts when the client goes away before the response ends. */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    for (const v of value ?? []) headers.append(name, v);
  }
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
    signal: aborted.signal,
  } as RequestInit);
}

/** Writes a web Response to `res`, sending headers at once (SSE must not wait for a first byte). */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  res.flushHeaders();
  // pipeline destroys the web stream (cancelling the producer) if the client disconnects.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res).catch(() => {});
}
