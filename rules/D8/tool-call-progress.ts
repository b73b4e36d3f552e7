// With --call-tool: do progress notifications reach the agent while the tool runs, or only
// at the end (buffered)? Only judged on a tool the user named as safe to call.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { STREAMABLE_ERAS, excerpt, idList, seconds } from '../_lib/index.ts';

/** progress that lands this close to the result was not delivered "during" the call */
const AT_THE_END_MS = 50;

export default defineRule({
  id: 'tool-call-progress',
  dimension: 'D8',
  level: 'SHOULD',
  eras: STREAMABLE_ERAS,
  title: 'Progress arrives while a tool runs',
  failureTitle: 'Progress arrives only when the tool has finished',
  description:
    'Agents show progress and keep long tool calls alive from `notifications/progress` on the call\'s own stream. ' +
    'If they only arrive together with the result, something buffers the stream and agents time out calls that were ' +
    'progressing. Judged only with `--call-tool` (the scanner calls no tool on its own: tools can have side effects).',
  specRefs: [
    { label: 'Progress (2025-11-25)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/progress' },
    { label: 'Sending messages to the server', url: spec.transports('2025-11-25', 'sending-messages-to-the-server') },
    { label: 'Listening for messages from the server', url: spec.transports('2025-11-25', 'listening-for-messages-from-the-server') },
  ],
  outcomes: {
    progressive: { status: 'pass', score: 1, summary: 'Progress notifications arrived spread over the call, before the result.' },
    atTheEnd: {
      status: 'na',
      summary: 'Every progress notification arrived together with the result: the stream is buffered, one finding reported by proxy-buffering.',
    },
    // what --call-tool asked may fail for the user's reasons (a name, an argument, a scope): not the server's finding
    callFailed: {
      status: 'na', unobserved: true,
      summary: 'The tool named with --call-tool did not succeed (an error, or a result with isError), so its progress could not be judged: check the tool name, arguments and credentials.',
    },
    otherStream: {
      status: 'warn', score: 0.5,
      summary: 'Progress for the call arrived on another stream (the session\'s GET stream), not on the call\'s own: a client with no GET stream open never sees it.',
      fix: 'Send `notifications/progress` for a request on that request\'s own response stream (the transport spec: messages there SHOULD relate to the request; messages on the GET stream SHOULD be unrelated to running requests). In the SDKs, send it through the handler\'s request context (`extra.sendNotification`, `ctx.mcpReq.notify`), which ties it to the request, not through the server object.',
    },
    noProgress: { status: 'na', summary: 'The tool sent no progress notifications (not every tool reports progress).' },
    notRequested: { status: 'na', summary: 'No tool was named with --call-tool, so no tool was called.' },
  },
  judge({ evidence, exchange }) {
    const tc = evidence.probes.toolCall;
    if (!tc?.attempted) return { outcome: 'notRequested', detail: tc?.skippedReason ?? 'No tool call was made.' };
    const x = exchange(tc.exchangeId);
    const ex = idList(tc.exchangeId);
    if (!tc.ok) {
      // what the server said: the JSON-RPC error or the isError result, from the body or the stream
      const said = [x?.response?.body ?? '', ...(x?.response?.sse?.events ?? []).map((e) => e.data)].find((d) => d.includes('"error"') || d.includes('"isError"'));
      return { outcome: 'callFailed', detail: `tools/call ${excerpt(tc.tool, 60)} → ${x?.response?.status ?? x?.error?.kind ?? 'no answer'}${said ? `: ${excerpt(said, 200)}` : ''}.`, exchanges: ex };
    }
    const events = x?.response?.sse?.events ?? [];
    const isProgress = (data: string) => data.includes('notifications/progress') && (!tc.progressToken || data.includes(tc.progressToken));
    const progress = events.filter((e) => isProgress(e.data)).map((e) => e.t);
    if (!progress.length || !tc.progressCount) {
      // the call's token is unique to this scan: progress carrying it on any other stream was routed there
      const elsewhere = tc.progressToken === undefined ? [] : evidence.transcript.filter((o) => o.id !== tc.exchangeId && (o.response?.sse?.events ?? []).some((e) => isProgress(e.data)));
      if (elsewhere.length) {
        const count = elsewhere.reduce((n, o) => n + (o.response?.sse?.events ?? []).filter((e) => isProgress(e.data)).length, 0);
        return {
          outcome: 'otherStream',
          detail: `tools/call ${excerpt(tc.tool, 60)} answered with no progress on its own stream; ${count} progress notification(s) for its token arrived on ${elsewhere.slice(0, 3).map((o) => `${o.id} ${excerpt(o.label, 60)}`).join(', ')} instead.`,
          exchanges: idList(tc.exchangeId, ...elsewhere.map((o) => o.id)),
          data: { progress: count, streams: elsewhere.map((o) => o.probe) },
        };
      }
      return { outcome: 'noProgress', detail: `tools/call ${excerpt(tc.tool, 60)} answered with no progress notification on its stream.`, exchanges: ex };
    }
    const resultAt = events.find((e) => e.data.includes('"result"'))?.t ?? Math.max(...progress);
    const early = progress.filter((t) => resultAt - t > AT_THE_END_MS);
    const detail = `${progress.length} progress notification(s) at ${progress.slice(0, 6).map(seconds).join(', ')}${progress.length > 6 ? ', …' : ''}; result at ${seconds(resultAt)}.`;
    const data = { progress: progress.length, early: early.length };
    if (!early.length && progress.length > 1) return { outcome: 'atTheEnd', detail, exchanges: ex, data };
    return { outcome: 'progressive', detail, exchanges: ex, data };
  },
});
