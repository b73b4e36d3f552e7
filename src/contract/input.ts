// User input every front door takes: a target URL and "Name: value" headers. Malformed
// input is a UsageError (one line, exit 2) naming what is wrong.
import { UsageError } from './errors.ts';

/** "Name: value" → [name, value]; rejects header injection (CR/LF) and empty names. */
export function parseHeader(raw: string): [string, string] {
  const i = raw.indexOf(':');
  if (i <= 0) throw new UsageError(`--header "${raw.slice(0, 60)}" is not "Name: value"`);
  const name = raw.slice(0, i).trim();
  const value = raw.slice(i + 1).trim();
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`--header name "${name.slice(0, 60)}" is not a valid HTTP header name`);
  if (/[\r\n\0]/.test(value)) throw new UsageError(`--header ${name}: the value contains a line break or NUL`);
  return [name, value];
}

/** The URL a user typed: http(s) only (ws/wss too with allowWebSocket: the scan command), no credentials in userinfo. */
export function parseTargetUrl(raw: string, where = 'URL', opts: { allowWebSocket?: boolean } = {}): URL {
  let url: URL;
  try { url = new URL(raw.trim()); } catch { throw new UsageError(`${where} "${raw.slice(0, 200)}" is not a valid URL (include the scheme, e.g. https://host/mcp)`); }
  const schemes = opts.allowWebSocket ? ['http:', 'https:', 'ws:', 'wss:'] : ['http:', 'https:'];
  if (!schemes.includes(url.protocol)) throw new UsageError(`${where} "${raw.slice(0, 200)}" must be http:// or https://${opts.allowWebSocket ? ' (or ws://, wss://)' : ''} (got ${url.protocol})`);
  if (url.username || url.password) throw new UsageError(`${where} must not carry credentials in the URL; use --header "Authorization: Bearer …"`);
  return url;
}
