// Opt-in (--call-tool): tools can have side effects, so only a tool the user names is
// called. Its stream shows progress delivery, buffering and keep-alive on POST streams.
import { randomBytes } from 'node:crypto';
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import type { ExchangeResult } from '../net/client.ts';
import { rpc, rpcSpec, type Session } from './mcp.ts';

export async function probeToolCall(ctx: ScanContext, session: Session | undefined, modern: boolean): Promise<{ artifact: NonNullable<Probes['toolCall']>; result?: ExchangeResult; progressToken?: string }> {
  const tool = ctx.options.callTool;
  if (!tool) return { artifact: { attempted: false, skippedReason: 'no tool named with --call-tool (the scanner calls no tools by default)' } };
  const progressToken = `agentready-${randomBytes(8).toString('hex')}`;
  const x = await rpc(ctx, {
    probe: 'tool-call', label: `tools/call ${tool.name}`, method: 'tools/call', session, modern,
    params: { name: tool.name, arguments: tool.arguments, _meta: { progressToken } },
    windowMs: ctx.options.toolCallWindowMs, timeoutMs: ctx.options.toolCallWindowMs, graceAfterAnswerMs: 300,
  });
  const progress = x.messages.filter((m) => m.method === 'notifications/progress' && (m.params as { progressToken?: unknown } | undefined)?.progressToken === progressToken);
  const ok = x.response !== undefined && 'result' in x.response && !(x.response.result as { isError?: unknown } | undefined)?.isError;
  return {
    result: x,
    progressToken,
    artifact: { attempted: true, tool: tool.name, exchangeId: x.exchange.id, progressToken, progressCount: progress.length, ok },
  };
}

/**
 * The named tool called again, and its stream dropped by the scanner after the first event with an
 * id (mid-call, before the result): what a client on a flaky network goes through. The stream is
 * then resumed with Last-Event-ID (see probeResume), which should bring the rest, result included.
 */
export async function probeToolCallDropped(ctx: ScanContext, session: Session): Promise<ExchangeResult | undefined> {
  const tool = ctx.options.callTool;
  if (!tool || ctx.client.pastDeadline) return undefined;
  const progressToken = `agentready-${randomBytes(8).toString('hex')}`;
  const spec = rpcSpec(ctx, {
    probe: 'tool-call', label: `tools/call ${tool.name} (dropped after its first event id, to resume)`, method: 'tools/call', session,
    params: { name: tool.name, arguments: tool.arguments, _meta: { progressToken } },
    windowMs: ctx.options.toolCallWindowMs, timeoutMs: ctx.options.toolCallWindowMs,
  });
  // the priming event alone is not enough: drop after an id that follows the first message of the call
  return ctx.client.exchange({ ...spec, stopWhen: (rec) => rec.record.events.filter((e) => e.id && e.data.trim() !== '').length >= 1 });
}
