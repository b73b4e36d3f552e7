// Small builders shared by the D2/D8 rule tests (on top of test/fixtures/evidence.ts).
import type { Exchange, RpcSummary } from '../../../src/contract/evidence.ts';
import { exchange } from '../../fixtures/evidence.ts';

type ExchangeOver = Omit<Partial<Exchange>, 'response'> & { response?: Partial<NonNullable<Exchange['response']>> };
/** `exchange()` from the fixtures, typed to accept a partial response (the fixture fills in the rest). */
export const xchg = (over: ExchangeOver = {}): Exchange => exchange(over as Parameters<typeof exchange>[0]);

export function rpc(over: Partial<RpcSummary> = {}): RpcSummary {
  return { framing: 'json', messages: 1, responses: 1, requests: 0, notifications: 0, invalid: [], answered: true, ...over };
}

export const requestBody = (method: string, id: number | string = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params: {} });
export const notificationBody = (method: string) => JSON.stringify({ jsonrpc: '2.0', method });

/** A JSON-RPC request POST and its response. */
export function post(id: string, opts: {
  probe?: string; method?: string; status?: number; contentType?: string | null; rpc?: Partial<RpcSummary> | null;
  body?: string; headers?: Record<string, string>; response?: Partial<NonNullable<Exchange['response']>>;
} = {}): Exchange {
  const headers: Record<string, string> = opts.contentType === null ? {} : { 'content-type': opts.contentType ?? 'application/json' };
  return xchg({
    id,
    probe: opts.probe ?? 'tools-list',
    label: opts.method ?? 'tools/list',
    request: {
      method: 'POST', url: 'https://mcp.example.com/mcp',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(opts.headers ?? {}) },
      body: opts.body ?? requestBody(opts.method ?? 'tools/list'),
    },
    response: {
      status: opts.status ?? 200,
      headers,
      ...(opts.rpc === null ? {} : { rpc: rpc(opts.rpc ?? {}) }),
      ...(opts.response ?? {}),
    },
  });
}

/** A minimal observation record (Obs in the schema). */
export const obs = (exchangeId: string, status?: number, extra: Record<string, unknown> = {}) =>
  ({ exchangeId, ...(status === undefined ? {} : { status }), ...extra });
