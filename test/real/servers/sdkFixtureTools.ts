// The tools every SDK-v1-based fixture app of the corpus registers: `add`, and `slow-progress`
// (counts `steps` steps `intervalMs` apart, reporting each as progress when the call carries a
// progressToken) — what `agentready scan --call-tool slow-progress` judges streaming with.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function registerFixtureTools(mcpServer: McpServer): void {
  mcpServer.registerTool('add', {
    description: 'Adds two numbers',
    inputSchema: { a: z.number(), b: z.number() },
  }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
  mcpServer.registerTool('slow-progress', {
    description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress.',
    inputSchema: { steps: z.number().int().min(1).max(20).default(5), intervalMs: z.number().int().min(0).max(2000).default(600) },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async ({ steps, intervalMs }, extra) => {
    const progressToken = extra._meta?.progressToken;
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (progressToken !== undefined) {
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: i, total: steps } });
      }
    }
    return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
  });
}
