// Small, pure helpers shared by the D7 (security) rules. Everything here takes untrusted
// text from the scanned server and must never throw.
import { boundedLine } from '../../src/contract/text.ts';
import type { CorsObs, Revision } from '../../src/contract/evidence.ts';
import { idList } from './evidence.ts';

export const FETCH_CORS = 'https://fetch.spec.whatwg.org/#http-cors-protocol';
export const MDN_CORS = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS';
export const RFC9728 = 'https://www.rfc-editor.org/rfc/rfc9728';
export const RFC8414 = 'https://www.rfc-editor.org/rfc/rfc8414';
export const RFC7636 = 'https://www.rfc-editor.org/rfc/rfc7636';
export const RFC6797 = 'https://www.rfc-editor.org/rfc/rfc6797';
export const RFC6750 = 'https://www.rfc-editor.org/rfc/rfc6750';

/** A comma-separated header value as lowercased, trimmed, non-empty tokens. */
/** Query parameter names that carry credentials in the wild (tokens, API keys, secrets, signatures). */
export const CREDENTIAL_PARAM = /^(access[_-]?token|token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|auth|authorization|bearer|session|sig|signature|jwt)$/i;

export function tokens(value: string | undefined): string[] {
  if (typeof value !== 'string') return [];
  return value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
}

/** Defined exchange ids, deduplicated, in order (the same as idList). */
export const ids = idList;

/** Server text for a detail line: bounded and on one line. */
export function clip(value: unknown, max = 160): string {
  return value === undefined ? '(none)' : boundedLine(value, max);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasRevision(revisions: Revision[], ...wanted: Revision[]): boolean {
  return revisions.some((r) => wanted.includes(r));
}

// ---- CORS ----

/** `Access-Control-Allow-Credentials: true` (the only value Fetch honours, case-insensitively here). */
export function credentialsAllowed(obs: CorsObs | undefined): boolean {
  return typeof obs?.allowCredentials === 'string' && obs.allowCredentials.trim().toLowerCase() === 'true';
}

/** `scheme://host[:port]` for comparison, or undefined for `null`/garbage. */
export function normOrigin(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const o = new URL(value.trim()).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

export type OriginGrant = 'none' | 'wildcard' | 'match' | 'other' | 'invalid';

/**
 * How an `Access-Control-Allow-Origin` value answers a request from `origin`:
 * absent, `*`, the same origin, some other single origin, or unusable (several values).
 */
export function originGrant(allowOrigin: string | undefined, origin: string | undefined): OriginGrant {
  if (typeof allowOrigin !== 'string' || allowOrigin.trim() === '') return 'none';
  const v = allowOrigin.trim();
  if (v.includes(',')) return 'invalid'; // repeated header or a list: browsers reject both
  if (v === '*') return 'wildcard';
  const a = normOrigin(v);
  const b = normOrigin(origin);
  if (a !== undefined && b !== undefined && a === b) return 'match';
  return 'other';
}

/**
 * Does a preflight's Allow-Headers let the browser send `header`? Per Fetch, `*` is a
 * wildcard only for requests without credentials (we treat `Allow-Credentials: true` as
 * "credentialed"), and `*` never covers `Authorization`.
 */
export function allowsHeader(obs: CorsObs | undefined, header: string): boolean {
  const list = tokens(obs?.allowHeaders);
  const h = header.trim().toLowerCase();
  if (list.includes(h)) return true;
  return list.includes('*') && !credentialsAllowed(obs) && h !== 'authorization';
}

/** Does a response's Expose-Headers let script read `header`? (`*` as for allowsHeader.) */
export function exposesHeader(obs: CorsObs | undefined, header: string): boolean {
  const list = tokens(obs?.exposeHeaders);
  const h = header.trim().toLowerCase();
  if (list.includes(h)) return true;
  return list.includes('*') && !credentialsAllowed(obs);
}

/** Does a preflight's Allow-Methods permit `method`? GET, HEAD and POST are CORS-safelisted. */
export function allowsMethod(obs: CorsObs | undefined, method: string): boolean {
  const m = method.trim().toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'POST') return true;
  const list = tokens(obs?.allowMethods);
  if (list.includes(m.toLowerCase())) return true;
  return list.includes('*') && !credentialsAllowed(obs);
}

/** Does the response vary by Origin (needed whenever Allow-Origin echoes the request)? */
export function variesByOrigin(obs: CorsObs | undefined): boolean {
  const list = tokens(obs?.vary);
  return list.includes('origin') || list.includes('*');
}

/** One line describing the CORS headers of an observation. */
export function describeCors(name: string, obs: CorsObs | undefined): string {
  if (!obs) return `${name}: not observed`;
  const parts = [`status ${obs.status ?? 'none'}`, `Origin ${clip(obs.origin, 80)}`];
  parts.push(`Allow-Origin ${obs.allowOrigin === undefined ? '(absent)' : clip(obs.allowOrigin, 80)}`);
  if (obs.allowCredentials !== undefined) parts.push(`Allow-Credentials ${clip(obs.allowCredentials, 20)}`);
  if (obs.allowMethods !== undefined) parts.push(`Allow-Methods ${clip(obs.allowMethods, 80)}`);
  if (obs.allowHeaders !== undefined) parts.push(`Allow-Headers ${clip(obs.allowHeaders, 200)}`);
  if (obs.exposeHeaders !== undefined) parts.push(`Expose-Headers ${clip(obs.exposeHeaders, 120)}`);
  if (obs.vary !== undefined) parts.push(`Vary ${clip(obs.vary, 60)}`);
  return `${name}: ${parts.join('; ')}`;
}

// ---- URLs ----

export function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (URL.hostname form, brackets optional). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\./.test(h)) return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}

/** https, or http on a loopback host (local development). */
export function secureUrl(value: unknown): { ok: boolean; why?: string } {
  const u = parseUrl(value);
  if (!u) return { ok: false, why: 'not an absolute URL' };
  if (u.protocol === 'https:') return { ok: true };
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return { ok: true };
  return { ok: false, why: `${u.protocol.replace(':', '')} is not https` };
}

/**
 * A resource/issuer identifier normalised for comparison: lowercase scheme and host,
 * default port dropped, no fragment, no trailing slash on the path. Query kept.
 */
export function normResource(value: unknown): string | undefined {
  const u = parseUrl(value);
  if (!u) return undefined;
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}${u.search}`;
}

/** Joins detail fragments into sentences, each starting with a capital letter. */
export function sentences(parts: string[]): string {
  const text = parts.filter((p) => p.length > 0).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('. ');
  return text.length === 0 || text.endsWith('.') ? text : `${text}.`;
}

/**
 * The server answers no CORS at all: no Allow-Origin on the preflight, the actual response or
 * the 401, and no Allow-Methods/Allow-Headers. One root cause: cors-preflight reports it (a
 * warn: only browser agents are affected) and the rules that depend on CORS are not applicable.
 */
export function noCorsAnywhere(cors: { origin?: string; preflight?: CorsObs; actual?: CorsObs; challenge?: CorsObs } | undefined): boolean {
  if (!cors?.preflight || typeof cors.preflight.status !== 'number') return false;
  const pre = cors.preflight;
  const granted = [pre, cors.actual, cors.challenge].some((o) => o !== undefined && originGrant(o.allowOrigin, o.origin || cors.origin) !== 'none');
  return !granted && pre.allowMethods === undefined && pre.allowHeaders === undefined && !variesByOrigin(pre);
}

/**
 * The scan's browser origin was admitted by no response: the preflight refused it or granted no
 * Allow-Origin for it (an allow-list without it, or no CORS at all), and neither initialize nor
 * the 401 granted it. cors-preflight reports that (refused, noCors, originNotAllowed); a browser
 * blocked there, or a response without Allow-Origin for that origin, is the same root cause.
 */
export function originNotAdmitted(cors: { origin?: string; preflight?: CorsObs; actual?: CorsObs; challenge?: CorsObs } | undefined): boolean {
  if (!cors?.preflight || typeof cors.preflight.status !== 'number') return false;
  const granted = (o: CorsObs | undefined) => o !== undefined && ['match', 'wildcard'].includes(originGrant(o.allowOrigin, o.origin || cors.origin));
  const pre = cors.preflight;
  const preflightAdmits = pre.status !== undefined && pre.status >= 200 && pre.status < 300 && granted(pre);
  return !preflightAdmits && !granted(cors.actual) && !granted(cors.challenge);
}

/** The outcome the browser-facing rules give when the scan's origin is not admitted (see originNotAdmitted). */
export const ORIGIN_NOT_ADMITTED = {
  status: 'na',
  summary: 'The browser origin the scan used is not admitted by the server\'s CORS (refused at the preflight): one finding, reported by cors-preflight.',
} as const;

/** The outcome rules that depend on CORS give when the server has none (see noCorsAnywhere). */
export const NO_CORS_AT_ALL = {
  status: 'na',
  summary: 'The server answers no CORS at all, so browser agents are shut out at the first request: one finding, reported by cors-preflight.',
} as const;
