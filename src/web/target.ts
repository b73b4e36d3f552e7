// What a stranger typed into the form, checked before anything is queued: a well-formed
// http(s) URL without credentials, and — unless private targets are allowed — a host that
// neither is nor resolves to a loopback, private, link-local, unique-local, CGNAT or
// metadata address. This pre-check only gives a clear answer early; the scan itself runs
// with `blockPrivate`, whose NetClient checks the address actually connected to (no
// DNS-rebinding window) and every redirect hop.
import dns from 'node:dns';
import net from 'node:net';
import { parseHeader, parseTargetUrl } from '../contract/input.ts';
import { UsageError } from '../contract/errors.ts';
import { forbiddenAddressReason, reportRefusal } from '../engine/index.ts';

/** Resolves a host name to every address it has (injectable for tests). */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const defaultLookup: LookupAll = async (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** A target the form refused: `status` is the HTTP status to answer with. */
export class TargetError extends Error {
  readonly status: number;
  readonly field: 'url' | 'headers';
  constructor(message: string, field: 'url' | 'headers' = 'url', status = 400) {
    super(message);
    this.field = field;
    this.status = status;
  }
}

export const MAX_URL_LENGTH = 2_048;
export const MAX_HEADERS = 20;
export const MAX_HEADER_VALUE = 8_192;

/**
 * Headers a user may not set: they would change how the request is framed or routed, or
 * overwrite what the scanner itself must send to judge the endpoint.
 */
const RESERVED_HEADERS = new Set([
  'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect',
  'proxy-connection', 'proxy-authorization', 'accept', 'accept-encoding', 'content-type', 'origin', 'last-event-id',
  'mcp-session-id', 'mcp-protocol-version', 'user-agent',
]);

export interface TargetPolicy {
  allowPrivate: boolean;
  lookup?: LookupAll;
}

/** The URL, normalised (what the history and badges key on), or a TargetError. */
export async function checkTarget(raw: unknown, policy: TargetPolicy): Promise<URL> {
  if (typeof raw !== 'string' || raw.trim() === '') throw new TargetError('Enter the URL of an MCP endpoint, e.g. https://example.com/mcp.');
  if (raw.length > MAX_URL_LENGTH) throw new TargetError(`That URL is longer than ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = parseTargetUrl(raw, 'The URL');
  } catch (err) {
    throw new TargetError(err instanceof UsageError ? err.message.replace('use --header', 'use the headers field, e.g.') : 'That is not a valid URL.');
  }
  url.hash = '';
  if (!policy.allowPrivate) await refusePrivate(url, policy.lookup ?? defaultLookup);
  return url;
}

/**
 * The one answer to every target that is not public — a private literal, a name resolving to
 * private space, a name that does not resolve: telling them apart would let anyone map the
 * server's internal DNS. What exactly was refused goes to the server's log.
 */
export const REFUSED_MESSAGE = 'Refused: this server only scans public endpoints, and this host is not one (it must resolve to public internet addresses only).';

function refused(host: string, reason: string, address?: string): TargetError {
  reportRefusal({ host, reason, ...(address ? { address } : {}) });
  return new TargetError(REFUSED_MESSAGE);
}

async function refusePrivate(url: URL, lookup: LookupAll): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const why = forbiddenAddressReason(host);
    if (why) throw refused(host, why, host);
    return;
  }
  // RFC 6761: localhost and every name under it is loopback, whatever DNS says
  const bare = host.toLowerCase().replace(/\.$/, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) throw refused(host, 'a loopback name');
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw refused(host, `could not be resolved${code ? ` (${code})` : ''}`);
  }
  if (addresses.length === 0) throw refused(host, 'has no address');
  for (const a of addresses) {
    const why = forbiddenAddressReason(a.address);
    if (why) throw refused(host, `resolves to ${why}`, a.address);
  }
}

/** The headers textarea: one `Name: value` per line; blank lines ignored. */
export function parseHeadersText(text: unknown): Record<string, string> {
  if (text === undefined || text === null || text === '') return {};
  if (typeof text !== 'string') throw new TargetError('Headers must be text, one "Name: value" per line.', 'headers');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return checkHeaders(lines.map((line) => {
    try { return parseHeader(line); } catch (err) {
      throw new TargetError(headerMessage(err, line), 'headers');
    }
  }));
}

/** The JSON API's `headers` object. */
export function parseHeadersObject(obj: Record<string, string> | undefined): Record<string, string> {
  if (!obj) return {};
  return checkHeaders(Object.entries(obj).map(([k, v]) => {
    try {
      if (/[\r\n\0]/.test(k)) throw new UsageError('a header name contains a line break or NUL');
      return parseHeader(`${k}: ${v}`);
    } catch (err) {
      throw new TargetError(headerMessage(err, k), 'headers');
    }
  }));
}

function headerMessage(err: unknown, line: string): string {
  // never echo the value: it may be a secret
  const name = line.split(':')[0]!.trim().slice(0, 60);
  const m = err instanceof Error ? err.message : '';
  if (/not "Name: value"/.test(m)) return `Each header line must look like "Name: value" (the line starting "${name.slice(0, 20)}" does not).`;
  if (/valid HTTP header name/.test(m)) return `"${name}" is not a valid HTTP header name.`;
  if (/line break or NUL/.test(m)) return `The header ${name} contains a line break or NUL.`;
  return `The header ${name} is not valid.`;
}

function checkHeaders(pairs: [string, string][]): Record<string, string> {
  if (pairs.length > MAX_HEADERS) throw new TargetError(`At most ${MAX_HEADERS} headers.`, 'headers');
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new TargetError(`The header ${name} is set by the scanner itself and cannot be supplied.`, 'headers');
    if (value.length > MAX_HEADER_VALUE) throw new TargetError(`The header ${name} is longer than ${MAX_HEADER_VALUE} characters.`, 'headers');
    out[name] = value;
  }
  return out;
}
