// The tools every SDK v1 demo server offers: `echo`, and `slow-count`, which streams
// progress and log notifications on the request's own SSE stream before answering.
import { setTimeout as sleep } from 'node:timers/promises';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from '../contract/zod.ts';

/** Bounds keep a single call from holding a stream open for more than ~a minute. */
const MAX_COUNT = 100;
const MAX_INTERVAL_MS = 5000;

export function createDemoMcpServer(name: string): McpServer {
  const server = new McpServer(
    { name, version: '1.0.0' },
    { capabilities: { logging: {} }, instructions: 'Demo server for agentready: echo and slow-count tools.' },
  );
  registerDemoTools(server);
  return server;
}

export function registerDemoTools(server: McpServer): void {
  server.registerTool(
    'echo',
    {
      description: 'Returns the given text unchanged.',
      inputSchema: { text: z.string().max(10_000) },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );

  server.registerTool(
    'slow-count',
    {
      description:
        'Counts from 1 to `count`, waiting `intervalMs` between steps and reporting each step as ' +
        'progress (when the request carries a progressToken) and as a log message.',
      inputSchema: {
        count: z.number().int().min(1).max(MAX_COUNT),
        intervalMs: z.number().int().min(0).max(MAX_INTERVAL_MS).default(200),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ count, intervalMs }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= count; step++) {
        // Aborted when the client cancels or the server closes the session.
        await sleep(intervalMs, undefined, { signal: extra.signal });
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: step, total: count, message: `step ${step}/${count}` },
          });
        }
        await extra.sendNotification({
          method: 'notifications/message',
          params: { level: 'info', logger: 'slow-count', data: `step ${step}/${count}` },
        });
      }
      return { content: [{ type: 'text', text: `counted to ${count}` }] };
    },
  );
}
