// A small @rekog/mcp-nest (2.0.5, NestJS 12 on Express) server, started as a child process by
// mcpNest.ts:
//   node test/real/servers/mcpNestApp.ts <port> [stateful]
// Its README's Quick Start: an @McpController with @Tool methods, `new McpStrategy({ name,
// version, transports: [new StreamableHttpTransport()] })`, NestFactory.create, setHttpAdapter,
// connectMicroservice, startAllMicroservices, then listen on 127.0.0.1:<port>; MCP at /mcp.
// Default transport options: stateless, JSON responses, dual era (2026-07-28 through the SDK v2
// handler, 2025-era requests through its own per-request SDK transport). `stateful`:
// `new StreamableHttpTransport({ statefulMode: true })` (its server examples' stateful setup:
// session map, SSE responses). Decorators are applied by hand: Node's type stripping has no
// decorator syntax.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { McpController, McpStrategy, StreamableHttpTransport, Tool, type McpContext } from '@rekog/mcp-nest';
import { z } from 'zod';

const port = Number(process.argv[2] ?? process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: mcpNestApp.ts <port> [stateful]');
const stateful = process.argv[3] === 'stateful';

class FixtureController {
  async add({ a, b }: { a: number; b: number }) {
    return { content: [{ type: 'text', text: String(a + b) }] };
  }

  async slowProgress({ steps, intervalMs }: { steps: number; intervalMs: number }, ctx: McpContext) {
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      await ctx.reportProgress({ progress: i, total: steps });
    }
    return { content: [{ type: 'text', text: `Done: ${steps} steps` }] };
  }
}

/** What `@Tool(options) method(@Payload() p, @Ctx() ctx)` compiles to. */
function tool(key: 'add' | 'slowProgress', options: Parameters<typeof Tool>[0]): void {
  const proto = FixtureController.prototype;
  Reflect.defineMetadata('design:paramtypes', [Object, Object], proto, key);
  Payload()(proto, key, 0);
  Ctx()(proto, key, 1);
  const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
  Tool(options)(proto, key, descriptor);
  Object.defineProperty(proto, key, descriptor);
}
tool('add', { name: 'add', description: 'Adds two numbers', parameters: z.object({ a: z.number(), b: z.number() }) });
tool('slowProgress', {
  name: 'slow-progress',
  description: 'Counts `steps` steps `intervalMs` apart, reporting each as progress.',
  parameters: z.object({
    steps: z.number().int().min(1).max(20).default(5),
    intervalMs: z.number().int().min(0).max(2000).default(600),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
});
McpController()(FixtureController);

const mcp = new McpStrategy({
  name: 'agentready-mcp-nest-fixture',
  version: '1.0.0',
  transports: [new StreamableHttpTransport(stateful ? { statefulMode: true } : {})],
});

class AppModule {}
Module({ controllers: [FixtureController] })(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
mcp.setHttpAdapter(app.getHttpAdapter());
app.connectMicroservice({ strategy: mcp });
await app.startAllMicroservices();
await app.listen(port, '127.0.0.1');
