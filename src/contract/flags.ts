// Flags shared by scan and batch, parsed into ScanOptions with one-line errors.
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_SCAN_OPTIONS, type ScanOptions } from './options.ts';
import { UsageError } from './errors.ts';
import { parseHeader, parseTargetUrl } from './input.ts';

export { parseHeader, parseTargetUrl };

/** Help lines of the observation-window and limit flags, the same for `scan` and `batch`. */
export const SCAN_LIMIT_FLAGS_HELP = `      --stream-window S       longest the GET stream is watched (default 35)
      --keepalive-max S       longest acceptable SSE silence (default 30)
      --connect-timeout S     TCP/TLS connect timeout (default 5)
      --request-timeout S     per-request timeout (default 15)
      --max-body BYTES        body bytes read per response (default 4194304)
      --no-browser            skip the real-browser check`;

export const SCAN_FLAGS = {
  header: { type: 'string', short: 'H', multiple: true },
  quick: { type: 'boolean' },
  'call-tool': { type: 'string' },
  deadline: { type: 'string' },
  'stream-window': { type: 'string' },
  'keepalive-max': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'max-body': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  'no-browser': { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export type ScanFlagValues = {
  header?: string[]; quick?: boolean; 'call-tool'?: string; deadline?: string; 'stream-window'?: string;
  'keepalive-max'?: string; 'connect-timeout'?: string; 'request-timeout'?: string; 'max-body'?: string;
  format?: string; out?: string; 'no-browser'?: boolean;
};

export function seconds(flag: string, raw: string | undefined, fallbackMs: number, min = 0.1, max = 3600): number {
  if (raw === undefined) return fallbackMs;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} "${raw}" must be a number of seconds between ${min} and ${max}`);
  return Math.round(n * 1000);
}

export function parseCallTool(raw: string): { name: string; arguments: Record<string, unknown> } {
  const eq = raw.indexOf('=');
  const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
  if (!name) throw new UsageError('--call-tool needs a tool name: NAME or NAME={"arg":1}');
  if (eq < 0) return { name, arguments: {} };
  let args: unknown;
  try { args = JSON.parse(raw.slice(eq + 1)); } catch (err) {
    throw new UsageError(`--call-tool ${name}: arguments are not valid JSON (${(err as Error).message})`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError(`--call-tool ${name}: arguments must be a JSON object`);
  return { name, arguments: args as Record<string, unknown> };
}

export function scanOptionsFrom(v: ScanFlagValues, env: NodeJS.ProcessEnv = process.env): { options: ScanOptions; limits: { connectTimeoutMs?: number; requestTimeoutMs?: number; maxBodyBytes?: number } } {
  const headers: Record<string, string> = {};
  for (const raw of v.header ?? []) {
    const [name, value] = parseHeader(raw);
    headers[name] = value;
  }
  const quick = v.quick === true;
  const keepAliveMaxMs = seconds('keepalive-max', v['keepalive-max'], DEFAULT_SCAN_OPTIONS.keepAliveMaxMs);
  const streamWindowMs = seconds('stream-window', v['stream-window'], Math.max(DEFAULT_SCAN_OPTIONS.streamWindowMs, keepAliveMaxMs + 5_000));
  const deadlineMs = seconds('deadline', v.deadline ?? env.AGENTREADY_DEADLINE, quick ? 30_000 : Math.max(DEFAULT_SCAN_OPTIONS.deadlineMs, streamWindowMs + 20_000), 1, 3600);
  const limits: { connectTimeoutMs?: number; requestTimeoutMs?: number; maxBodyBytes?: number } = {};
  if (v['connect-timeout']) limits.connectTimeoutMs = seconds('connect-timeout', v['connect-timeout'], 0);
  if (v['request-timeout']) limits.requestTimeoutMs = seconds('request-timeout', v['request-timeout'], 0);
  if (v['max-body']) {
    const n = Number(v['max-body']);
    if (!Number.isInteger(n) || n < 1024 || n > 512 * 1024 * 1024) throw new UsageError(`--max-body "${v['max-body']}" must be a byte count between 1024 and 536870912`);
    limits.maxBodyBytes = n;
  }
  return {
    options: {
      ...DEFAULT_SCAN_OPTIONS,
      quick, keepAliveMaxMs, streamWindowMs, deadlineMs, headers,
      ...(v['call-tool'] ? { callTool: parseCallTool(v['call-tool']) } : {}),
    },
    limits,
  };
}

/** Flags of `scan` only: a local stdio server instead of a URL. */
export const STDIO_FLAGS = {
  stdio: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
} satisfies ParseArgsConfig['options'];

export type StdioFlagValues = { stdio?: string; cwd?: string; env?: string[] };

/** --env KEY=VALUE → [KEY, VALUE]; the name must be a plain environment variable name. */
export function parseEnvAssignment(raw: string): [string, string] {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--env "${raw.slice(0, 60).replace(/=.*/, '=…')}" is not KEY=VALUE (KEY: letters, digits, _)`);
  const value = raw.slice(eq + 1);
  if (value.includes('\0')) throw new UsageError(`--env ${name}: the value contains NUL`);
  return [name, value];
}
