// A JSON-RPC view of what came back: parsed defensively (bodies are hostile), summarised
// for the evidence, with the full messages handed to the probe that asked.
import type { RpcSummary } from '../evidence.ts';

export type JsonRpcId = string | number;
export interface RpcMessage { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown }

const MAX_KEPT_RESULT_CHARS = 32 * 1024;

export function safeJsonParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    // RangeError for absurd nesting lands here too
    return { ok: false, error: (err as Error).message.slice(0, 200) };
  }
}

function classify(m: unknown): 'response' | 'request' | 'notification' | string {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'not a JSON object';
  const o = m as RpcMessage;
  if (o.jsonrpc !== '2.0') return `jsonrpc is ${JSON.stringify(o.jsonrpc)?.slice(0, 20)}, not "2.0"`;
  const hasResult = 'result' in o;
  const hasError = 'error' in o;
  if (hasResult && hasError) return 'has both result and error';
  if (hasResult || hasError) return o.id === undefined ? 'response without id' : 'response';
  if (typeof o.method === 'string') return o.id === undefined ? 'notification' : 'request';
  return 'neither request, notification nor response';
}

/** Summarise messages. `payloads` are raw texts (one JSON body, or each SSE event's data). */
export function summarizeRpc(
  framing: RpcSummary['framing'],
  payloads: string[],
  sentId: JsonRpcId | undefined,
): { summary: RpcSummary; messages: RpcMessage[]; response?: RpcMessage } {
  const summary: RpcSummary = { framing, messages: 0, responses: 0, requests: 0, notifications: 0, invalid: [], answered: false };
  const messages: RpcMessage[] = [];
  let response: RpcMessage | undefined;
  const invalid = (why: string) => { if (summary.invalid.length < 5) summary.invalid.push(why.slice(0, 300)); };
  for (const raw of payloads) {
    if (raw === '' && framing === 'sse') continue; // priming event: legal, not a message
    const parsed = safeJsonParse(raw);
    if (!parsed.ok) { invalid(`not JSON (${parsed.error}): ${raw.slice(0, 80)}`); continue; }
    const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    for (const m of list) {
      const kind = classify(m);
      if (kind === 'response') {
        summary.responses++;
        const r = m as RpcMessage;
        if (sentId !== undefined && r.id === sentId && !response) response = r;
        else if (sentId !== undefined && r.id !== sentId) invalid(`response id ${JSON.stringify(r.id)?.slice(0, 40)} does not match request id ${JSON.stringify(sentId)}`);
      } else if (kind === 'request') summary.requests++;
      else if (kind === 'notification') summary.notifications++;
      else { invalid(kind); continue; }
      summary.messages++;
      if (messages.length < 10_000) messages.push(m as RpcMessage);
    }
  }
  if (response) {
    summary.answered = true;
    if ('result' in response) {
      const text = safeStringify(response.result);
      summary.result = text.length <= MAX_KEPT_RESULT_CHARS ? response.result : { truncatedForEvidence: true, chars: text.length };
    }
    if ('error' in response) {
      const e = response.error as { code?: unknown; message?: unknown; data?: unknown } | null;
      summary.error = {
        ...(typeof e?.code === 'number' ? { code: e.code } : {}),
        ...(typeof e?.message === 'string' ? { message: e.message.slice(0, 500) } : {}),
        ...(e?.data !== undefined && safeStringify(e.data).length < 4096 ? { data: e.data } : {}),
      };
    }
  }
  return { summary, messages, response };
}

function safeStringify(v: unknown): string {
  try { return JSON.stringify(v) ?? ''; } catch { return ''; }
}
