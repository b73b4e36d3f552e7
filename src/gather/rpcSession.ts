// One MCP handshake over any JSON-RPC channel (a spawned stdio server's pipes, a WebSocket's
// text frames): initialize — offering the newest revision first and the next older one after
// a refusal, as clients do — then notifications/initialized, tools/list (following nextCursor
// a few pages) and three pings. What each transport adds is only how a request travels and
// why an answer may not come.
import type { RpcHandshake } from '../contract/evidence.ts';
import { CLIENT_INFO } from './mcp.ts';

export type Msg = Record<string, unknown>;

/** A request's answer, or why none came. */
export interface RpcReply {
  answer?: { msg: Msg; ms: number; split?: boolean };
  why?: NonNullable<RpcHandshake['stoppedBy']>;
}

/** What the handshake needs from a transport. */
export interface RpcChannel {
  request(method: string, params: Msg, timeoutMs: number): Promise<RpcReply>;
  notify(method: string): boolean;
}

export interface HandshakeOptions {
  /** revisions offered in turn, newest first */
  revisions: readonly string[];
  /** the client capabilities declared in initialize */
  capabilities?: Msg;
  /** how long each answer is waited for (it may shrink as a deadline nears) */
  budget: () => number;
}

/** tools/list pages followed (nextCursor), on every transport */
export const MAX_TOOL_PAGES = 5;
const MAX_TOOL_NAMES = 50;

/** What the tools/list pages said so far: the tool count, the first names, the next page's cursor. */
export class ToolPages {
  readonly names: string[] = [];
  count = 0;
  pages = 0;
  /** adds one page's result (`tools` an array); returns the cursor of the next page, if any */
  add(result: { tools: unknown[]; nextCursor?: unknown }): string | undefined {
    this.pages++;
    this.count += result.tools.length;
    for (const t of result.tools) {
      if (this.names.length >= MAX_TOOL_NAMES) break;
      const n = (t as { name?: unknown } | null)?.name;
      if (typeof n === 'string') this.names.push(n.slice(0, 200));
    }
    return typeof result.nextCursor === 'string' && result.nextCursor ? result.nextCursor.slice(0, 1000) : undefined;
  }
}
const PINGS = 3;
const PING_TIMEOUT_MS = 5_000;

export function resultOf(msg: Msg | undefined): Msg | undefined {
  const r = msg?.result;
  return typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Msg) : undefined;
}

export function errorFields(msg: Msg): { errorCode?: number; errorMessage?: string } {
  const e = msg.error as { code?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== 'object') return {};
  return {
    ...(typeof e.code === 'number' ? { errorCode: e.code } : {}),
    ...(typeof e.message === 'string' ? { errorMessage: e.message.slice(0, 300) } : {}),
  };
}

/** The server's capabilities as evidence: at most 30 keys, oversized values replaced by a marker. */
export function capCapabilities(c: unknown): Record<string, unknown> | undefined {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c as Msg).slice(0, 30)) {
    const s = JSON.stringify(v) ?? '';
    out[k.slice(0, 100)] = s.length > 2000 ? { truncatedForEvidence: true } : v;
  }
  return out;
}

export function serverInfoOf(r: Msg | undefined): RpcHandshake['serverInfo'] {
  const info = r?.serverInfo as { name?: unknown; version?: unknown } | undefined;
  if (!info || typeof info !== 'object') return undefined;
  return {
    ...(typeof info.name === 'string' ? { name: info.name.slice(0, 200) } : {}),
    ...(typeof info.version === 'string' ? { version: info.version.slice(0, 100) } : {}),
  };
}

/**
 * Runs the handshake, recording it in `hs` as it goes (so a deadline that cuts it short still
 * leaves what was seen). Returns initialize's result when the server accepted a revision.
 */
export async function runHandshake(ch: RpcChannel, hs: RpcHandshake, opts: HandshakeOptions): Promise<Msg | undefined> {
  let init: Msg | undefined;
  for (const version of opts.revisions) {
    const r = await ch.request('initialize', { protocolVersion: version, capabilities: opts.capabilities ?? {}, clientInfo: CLIENT_INFO }, opts.budget());
    const a = r.answer;
    const result = resultOf(a?.msg);
    const negotiated = typeof result?.protocolVersion === 'string' ? result.protocolVersion.slice(0, 40) : undefined;
    hs.attempts.push({
      requestedVersion: version, answered: a !== undefined,
      ...(a ? { ms: Math.round(a.ms) } : {}),
      ...(negotiated ? { negotiatedVersion: negotiated } : {}),
      ...(a ? errorFields(a.msg) : {}),
      ...(a?.split ? { split: true } : {}),
    });
    if (!a) { if (r.why) hs.stoppedBy = r.why; return undefined; }
    if (result) { init = result; break; }
    // refused (an error answer): offer the next older revision
  }
  if (!init) return undefined;
  hs.ok = true;
  hs.protocolVersion = typeof init.protocolVersion === 'string' ? init.protocolVersion.slice(0, 40) : hs.attempts[hs.attempts.length - 1]!.requestedVersion;
  const info = serverInfoOf(init);
  if (info) hs.serverInfo = info;
  const caps = capCapabilities(init.capabilities);
  if (caps) hs.capabilities = caps;

  hs.initializedSent = ch.notify('notifications/initialized');

  const tl: NonNullable<RpcHandshake['toolsList']> = { sent: true, answered: false };
  hs.toolsList = tl;
  const seen = new ToolPages();
  let cursor: string | undefined;
  let total = 0;
  do {
    const r = await ch.request('tools/list', cursor ? { cursor } : {}, opts.budget());
    if (!r.answer) {
      if (seen.pages === 0) { if (r.why) hs.stoppedBy = r.why; return init; }
      break;
    }
    total += r.answer.ms;
    tl.answered = true;
    if (r.answer.split) tl.split = true;
    const res = resultOf(r.answer.msg);
    if (!res || !Array.isArray(res.tools)) {
      if (seen.pages === 0) Object.assign(tl, { ok: false, ms: Math.round(r.answer.ms), ...errorFields(r.answer.msg) });
      break;
    }
    cursor = seen.add(res as { tools: unknown[]; nextCursor?: unknown });
    Object.assign(tl, { ok: true, toolCount: seen.count, toolNames: seen.names, pages: seen.pages, ms: Math.round(total / seen.pages) });
  } while (cursor && seen.pages < MAX_TOOL_PAGES);

  for (let i = 0; i < PINGS; i++) {
    const r = await ch.request('ping', {}, Math.min(opts.budget(), PING_TIMEOUT_MS));
    if (!r.answer) { if (r.why && r.why !== 'timeout') hs.stoppedBy = r.why; break; }
    if (resultOf(r.answer.msg)) hs.pingMs.push(Math.round(r.answer.ms * 10) / 10);
  }
  return init;
}
