// A JSON-RPC view of what came back: parsed defensively (bodies are hostile), summarised
// for the evidence, with the full messages handed to the probe that asked.
import type { RpcSummary } from '../contract/evidence.ts';

export type JsonRpcId = string | number;
export interface RpcMessage { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown }

const MAX_KEPT_RESULT_CHARS = 32 * 1024;

/** JSON nested deeper than this is refused before parsing (no MCP message comes close; many parsers stop at 512–1000) */
export const MAX_JSON_DEPTH = 512;
/** objects + arrays in one JSON text: JSON.parse turns 4 MB of `{},{},…` or `[[[…]]]` into 60–120 MB of heap */
export const MAX_JSON_CONTAINERS = 200_000;

/** Why a JSON text would be too costly to parse, or undefined. Linear, no allocation. */
export function jsonTooCostly(text: string): string | undefined {
  if (text.length < 2 * MAX_JSON_DEPTH) return undefined; // too short to exceed either bound
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { // [ {
      if (++depth > MAX_JSON_DEPTH) return `nested deeper than ${MAX_JSON_DEPTH} levels`;
      if (++containers > MAX_JSON_CONTAINERS) return `more than ${MAX_JSON_CONTAINERS} objects and arrays`;
    } else if (c === 0x5d || c === 0x7d) depth--; // ] }
  }
  return undefined;
}

export function safeJsonParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const costly = jsonTooCostly(text);
  if (costly) return { ok: false, error: `not parsed: ${costly}` };
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
  if (o.jsonrpc !== '2.0') return `jsonrpc is ${o.jsonrpc === undefined ? 'undefined' : safeStringify(o.jsonrpc).slice(0, 20) || 'not serializable'}, not "2.0"`;
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
        else if (sentId !== undefined && r.id !== sentId) invalid(`response id ${safeStringify(r.id).slice(0, 40)} does not match request id ${JSON.stringify(sentId)}`);
      } else if (kind === 'request') summary.requests++;
      else if (kind === 'notification') summary.notifications++;
      else { invalid(kind); continue; }
      summary.messages++;
      if (messages.length < 10_000) messages.push(m as RpcMessage);
    }
  }
  if (response) {
    summary.answered = true;
    if ('result' in response) summary.result = keepJson(response.result, MAX_KEPT_RESULT_CHARS);
    if ('error' in response) {
      const e = response.error as { code?: unknown; message?: unknown; data?: unknown } | null;
      summary.error = {
        ...(typeof e?.code === 'number' ? { code: e.code } : {}),
        ...(typeof e?.message === 'string' ? { message: e.message.slice(0, 500) } : {}),
        ...(e?.data !== undefined && keepable(e.data, 4096) ? { data: e.data } : {}),
      };
    }
  }
  return { summary, messages, response };
}

function safeStringify(v: unknown): string {
  try { return JSON.stringify(v) ?? ''; } catch { return ''; }
}

/** Deepest nesting of JSON values kept in the evidence: JSON.parse accepts 100,000 levels, JSON.stringify and every renderer's recursion do not. */
export const MAX_KEPT_JSON_DEPTH = 64;

function deeperThan(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d > max) return true;
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return false;
}

/** The value is small and shallow enough to be kept in the evidence (and serialized by every report). */
export function keepable(v: unknown, maxChars: number): boolean {
  return keepJson(v, maxChars) === v;
}

/** The value itself when keepable, else a marker saying it was left out. */
export function keepJson(v: unknown, maxChars: number): unknown {
  let text: string | undefined;
  // too deep for the native serializer's stack (thousands of levels): RangeError
  try { text = JSON.stringify(v); } catch { return { truncatedForEvidence: true, reason: 'not serializable (nested too deep)' }; }
  if (text !== undefined && text.length > maxChars) return { truncatedForEvidence: true, chars: text.length };
  if (deeperThan(v, MAX_KEPT_JSON_DEPTH)) return { truncatedForEvidence: true, reason: `nested deeper than ${MAX_KEPT_JSON_DEPTH} levels` };
  return v;
}
