// The JSON-RPC methods of the hand-written (flawed) demo server: the same `echo` and
// `slow-count` tools the SDK demo servers offer (demoTools.ts), without the SDK.
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonRpcMessage } from './sseStream.ts';

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const MAX_SLOW_COUNT = 100;
const MAX_SLOW_INTERVAL_MS = 5000;

export const TOOLS = [
  {
    name: 'echo',
    description: 'Returns the given text unchanged.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'slow-count',
    description: 'Counts to `count`, waiting `intervalMs` between steps, reporting progress and log messages.',
    inputSchema: {
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 1, maximum: MAX_SLOW_COUNT },
        intervalMs: { type: 'integer', minimum: 0, maximum: MAX_SLOW_INTERVAL_MS },
      },
      required: ['count'],
    },
  },
];

export type RequestMessage = JsonRpcMessage & { id: string | number; method: string };

/** Thrown by a method to answer with a JSON-RPC error. */
export class RpcError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export interface MethodContext {
  /** Sends a notification related to the request (on its SSE stream, when there is one). */
  notify: (message: JsonRpcMessage) => void;
  /** Aborted when the client goes away or the server shuts down. */
  signal: AbortSignal;
  setLogLevel: (level: string) => void;
}

/** The result of a (non-initialize) request; throws RpcError for JSON-RPC errors. */
export async function answerRequest(request: RequestMessage, context: MethodContext): Promise<unknown> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  switch (request.method) {
    case 'ping':
      return {};
    case 'tools/list':
      return { tools: TOOLS };
    case 'logging/setLevel':
      if (typeof params.level !== 'string' || !LOG_LEVELS.includes(params.level)) throw new RpcError(-32602, 'Invalid log level');
      context.setLogLevel(params.level);
      return {};
    case 'tools/call':
      return callTool(params, context);
    default:
      throw new RpcError(-32601, 'Method not found');
  }
}

async function callTool(params: Record<string, unknown>, { notify, signal }: MethodContext): Promise<unknown> {
  const args = (params.arguments ?? {}) as Record<string, unknown>;
  if (params.name === 'echo') {
    if (typeof args.text !== 'string') throw new RpcError(-32602, 'echo needs a string `text`');
    return { content: [{ type: 'text', text: args.text }] };
  }
  if (params.name === 'slow-count') {
    const count = args.count;
    const intervalMs = args.intervalMs ?? 200;
    if (!isIntIn(count, 1, MAX_SLOW_COUNT) || !isIntIn(intervalMs, 0, MAX_SLOW_INTERVAL_MS)) {
      throw new RpcError(-32602, `slow-count needs count 1..${MAX_SLOW_COUNT} and intervalMs 0..${MAX_SLOW_INTERVAL_MS}`);
    }
    const progressToken = (params._meta as Record<string, unknown> | undefined)?.progressToken;
    for (let step = 1; step <= count; step++) {
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        throw new RpcError(-32603, 'cancelled');
      }
      if (progressToken !== undefined) {
        notify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken, progress: step, total: count } });
      }
      notify({
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', logger: 'slow-count', data: `step ${step}/${count}` },
      });
    }
    return { content: [{ type: 'text', text: `counted to ${count}` }] };
  }
  throw new RpcError(-32602, `Unknown tool: ${String(params.name)}`);
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}
