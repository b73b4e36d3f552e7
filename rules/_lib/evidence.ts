// Small, defensive readers over the Evidence shared by the D2 and D8 rules. Not a rule
// (no default export): the `_` prefix keeps it apart from the one-rule-per-file layout.
// Everything here tolerates partial or hostile evidence and never throws.
import { boundedLine } from '../../src/contract/text.ts';
import { SESSION_REVISIONS, STATELESS_REVISIONS, type Revision } from '../../src/contract/constants.ts';
import type { Evidence, Exchange, ResumeArtifact } from '../../src/contract/evidence.ts';
import type { Outcome, Verdict } from '../../src/contract/rule.ts';

/** Session-era Streamable HTTP revisions (2025-03-26 … 2025-11-25). */
export const SESSION_ERAS: Revision[] = [...SESSION_REVISIONS];
/** Every Streamable HTTP revision, session and stateless (2025-03-26 … 2026-07-28). */
export const STREAMABLE_ERAS: Revision[] = [...SESSION_REVISIONS, ...STATELESS_REVISIONS];

const SPEC = 'https://modelcontextprotocol.io/specification';
/** Spec pages the `spec` helpers in src/contract/rule.ts do not cover. */
export const specPage = (rev: string, page: string, anchor = '') => `${SPEC}/${rev}/${page}${anchor ? `#${anchor}` : ''}`;

/** The media type of a Content-Type value: lowercased, parameters dropped. */
export function mediaType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.split(';')[0]?.trim().toLowerCase();
  return t ? t : undefined;
}

export const isSseType = (ct: unknown) => mediaType(ct) === 'text/event-stream';
export const isJsonType = (ct: unknown) => mediaType(ct) === 'application/json';

/** A header of a header record, looked up case-insensitively. */
export function headerIn(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const want = name.toLowerCase();
  if (typeof headers[want] === 'string') return headers[want];
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

export const responseHeader = (x: Exchange | undefined, name: string) => headerIn(x?.response?.headers, name);
export const requestHeader = (x: Exchange | undefined, name: string) => headerIn(x?.request?.headers, name);

export const is2xx = (status: unknown): status is number => typeof status === 'number' && status >= 200 && status < 300;
export const is4xx = (status: unknown): status is number => typeof status === 'number' && status >= 400 && status < 500;
export const is5xx = (status: unknown): status is number => typeof status === 'number' && status >= 500 && status < 600;

/**
 * A 401 to a request sent without an Authorization header, by a server that challenges
 * unauthenticated requests (the auth probe met its 401): the login stopped the request before
 * what it tests was reached. Step-up servers leave the handshake open and guard tools/list, the
 * method the session and version probes use. With a token in hand the request is judged as is.
 */
export function authMasked(evidence: Evidence, x: Exchange | undefined, status: number | undefined): boolean {
  if (status !== 401) return false;
  // the auth probe met the login, or this very answer is a challenge (a login in front of some
  // methods only: apify's dual-era server leaves server/discover open)
  const loginSeen = evidence.probes.auth?.required === true || evidence.probes.era.sessionAuthBlocked === true ||
    responseHeader(x, 'www-authenticate') !== undefined;
  if (!loginSeen) return false;
  const sentCredentials = x
    ? requestHeader(x, 'authorization') !== undefined
    : evidence.probes.target.userHeaderNames.some((h) => h.toLowerCase() === 'authorization');
  return !sentCredentials;
}

/** "200", "no response (connect-timeout)", "not observed". */
export function statusText(o: { status?: number; error?: string } | undefined, x?: Exchange): string {
  if (typeof o?.status === 'number') return String(o.status);
  if (typeof x?.response?.status === 'number') return String(x.response.status);
  const err = o?.error ?? (x?.error ? `${x.error.kind}: ${x.error.message}` : undefined);
  return err ? `no response (${excerpt(err, 80)})` : 'no response';
}

/** A printable, bounded excerpt of untrusted text. */
export function excerpt(s: unknown, max = 80): string {
  return boundedLine(s, max);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function median(values: number[]): number | undefined {
  const v = values.filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Exchange ids, deduplicated, without blanks. */
export function idList(...ids: (string | undefined | null)[]): string[] {
  return [...new Set(ids.filter((i): i is string => typeof i === 'string' && i.length > 0))];
}

/** A JSON-RPC request (has `method` and an `id`), or a batch containing one. */
export function isJsonRpcRequestBody(body: unknown): boolean {
  if (typeof body !== 'string' || !body) return false;
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return false; }
  const isReq = (m: unknown) => typeof m === 'object' && m !== null && !Array.isArray(m)
    && typeof (m as Record<string, unknown>).method === 'string'
    && (typeof (m as Record<string, unknown>).id === 'string' || typeof (m as Record<string, unknown>).id === 'number');
  return Array.isArray(parsed) ? parsed.some(isReq) : isReq(parsed);
}

/** Exchanges of the deprecated HTTP+SSE probe speak another transport: rules of Streamable HTTP skip them. */
export const isLegacyExchange = (x: Exchange) => x.probe === 'legacy';

/** Exchanges made in the stateless 2026-07-28 era (server/discover probes, or sent with that version). */
export function isStatelessExchange(x: Exchange): boolean {
  if (x.probe === 'discover') return true;
  return STATELESS_REVISIONS.includes((requestHeader(x, 'mcp-protocol-version') ?? '').trim() as Revision);
}

/** Streamable HTTP exchanges whose response was read as SSE and answered 2xx. */
export function sseExchanges(evidence: Evidence, opts: { sessionOnly?: boolean; excludeProbes?: string[] } = {}): Exchange[] {
  return evidence.transcript.filter((x) => {
    if (!x.response?.sse || !is2xx(x.response.status) || isLegacyExchange(x)) return false;
    if (opts.sessionOnly && isStatelessExchange(x)) return false;
    if (opts.excludeProbes?.includes(x.probe)) return false;
    return true;
  });
}

/** Times (ms since the exchange started) of every byte-bearing SSE line group: events, comments, retry hints. */
export function arrivalsOf(x: Exchange | undefined, withRetries = true): number[] {
  const sse = x?.response?.sse;
  if (!sse) return [];
  const t = [
    ...sse.events.map((e) => e.t),
    ...sse.comments.map((c) => c.t),
    ...(withRetries ? sse.retries.map((r) => r.t) : []),
  ].filter((n) => Number.isFinite(n));
  // bytes flushed together share one time: keep them all (bunching is what proxy-buffering looks for)
  return t.sort((a, b) => a - b);
}

/** The session an exchange belongs to: the id it sent, or the one it was given (initialize). */
export function sessionKeyOf(x: Exchange): string {
  return requestHeader(x, 'mcp-session-id') ?? responseHeader(x, 'mcp-session-id') ?? '(no session)';
}

/**
 * Of several verdicts from independent checks, the one with the lowest score (scored outcomes
 * beat na ones); details and exchanges are merged so the report shows every check.
 */
export function worstVerdict<O extends string>(verdicts: Verdict<O>[], outcomes: Record<O, Outcome>): Verdict<O> {
  const scored = (v: Verdict<O>) => {
    const o = outcomes[v.outcome];
    return o.status === 'pass' || o.status === 'warn' || o.status === 'fail';
  };
  const ranked = [...verdicts].sort((a, b) => {
    const sa = scored(a) ? (outcomes[a.outcome].score ?? 0) : 2;
    const sb = scored(b) ? (outcomes[b.outcome].score ?? 0) : 2;
    return sa - sb;
  });
  const pick = ranked[0];
  return {
    ...pick,
    detail: verdicts.map((v) => v.detail).join(' '),
    exchanges: idList(...verdicts.flatMap((v) => v.exchanges ?? [])),
    data: Object.assign({}, ...verdicts.map((v) => v.data ?? {})),
  };
}

/** Every resumption the scan attempted (the first, then those from other kinds of stream). */
export function resumeAttempts(evidence: Evidence): ResumeArtifact[] {
  const all = [evidence.probes.resume, ...(evidence.probes.resumeMore ?? [])];
  return all.filter((r): r is ResumeArtifact => r?.attempted === true);
}

/**
 * initialize with the version the server negotiated, from further clients (the session-id
 * samples), was refused just as `status` was: a refusal of every initialize after the first (a
 * server built around one transport: "Server already initialized"), not of what a probe varied.
 */
export function initializeRefusedAlike(evidence: Evidence, status: number): boolean {
  const samples = evidence.probes.initialize?.samples ?? [];
  return samples.length > 0 && samples.every((s) => !s.ok && s.status === status);
}
