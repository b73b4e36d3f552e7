// Stateless 2026-07-28: `server/discover` is the best modern probe; when it answers, the
// server's request validation (unsupported version, header mismatch, unknown method,
// GET/DELETE → 405) is checked too.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { errorOf, obs, resultOf, rpc, statusOf, contentTypeOf, MODERN_REVISION } from './mcp.ts';

type Discover = NonNullable<Probes['discover']>;

export async function probeDiscover(ctx: ScanContext): Promise<Discover> {
  const x = await rpc(ctx, { probe: 'discover', label: 'server/discover (2026-07-28)', method: 'server/discover', params: {}, modern: true });
  const result = resultOf<{ supportedVersions?: unknown; resultType?: unknown; _meta?: Record<string, unknown> }>(x);
  const err = errorOf(x);
  const info = result?._meta?.['io.modelcontextprotocol/serverInfo'] as { name?: unknown; version?: unknown } | undefined;
  const art: Discover = {
    attempted: true,
    exchangeId: x.exchange.id,
    ...(statusOf(x) !== undefined ? { status: statusOf(x) } : {}),
    answered: result !== undefined,
    ...(Array.isArray(result?.supportedVersions) ? { supportedVersions: result.supportedVersions.filter((v): v is string => typeof v === 'string').slice(0, 20) } : {}),
    ...(typeof result?.resultType === 'string' ? { resultType: result.resultType } : {}),
    ...(info && typeof info === 'object' ? { serverInfo: { ...(typeof info.name === 'string' ? { name: info.name.slice(0, 200) } : {}), ...(typeof info.version === 'string' ? { version: info.version.slice(0, 100) } : {}) } } : {}),
    ...(err?.code !== undefined ? { errorCode: err.code } : {}),
    ...(result ? { latencyMs: x.exchange.durationMs } : {}),
  };
  if (!art.answered || !art.supportedVersions?.includes(MODERN_REVISION)) return art;

  const [unsupported, mismatch, unknown, get, del] = await Promise.all([
    // header and body agree on the unsupported version, so only the version itself is wrong
    rpc(ctx, {
      probe: 'discover', label: 'server/discover with unsupported protocol version 1999-01-01', method: 'server/discover',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '1999-01-01' } }, modern: true, headers: { 'mcp-protocol-version': '1999-01-01' },
    }),
    rpc(ctx, { probe: 'discover', label: 'server/discover with mismatching Mcp-Method header', method: 'server/discover', params: {}, modern: true, headers: { 'mcp-method': 'tools/list' } }),
    rpc(ctx, { probe: 'discover', label: 'unknown method (stateless)', method: 'agentready/no-such-method', params: {}, modern: true }),
    ctx.client.exchange({ probe: 'discover', label: 'GET (stateless servers answer 405)', method: 'GET', url: ctx.url.href, headers: { ...ctx.options.headers, accept: 'text/event-stream', 'mcp-protocol-version': MODERN_REVISION }, expectStream: true, windowMs: 2_000 }),
    ctx.client.exchange({ probe: 'discover', label: 'DELETE (stateless servers answer 405)', method: 'DELETE', url: ctx.url.href, headers: { ...ctx.options.headers, 'mcp-protocol-version': MODERN_REVISION } }),
  ]);
  const unsupportedErr = errorOf(unsupported);
  const supported = (unsupportedErr?.data as { supported?: unknown } | undefined)?.supported;
  art.unsupportedVersion = {
    ...obs(unsupported),
    ...(unsupportedErr?.code !== undefined ? { errorCode: unsupportedErr.code } : {}),
    ...(Array.isArray(supported) ? { supported: supported.filter((v): v is string => typeof v === 'string').slice(0, 20) } : {}),
  };
  const mismatchErr = errorOf(mismatch);
  art.headerMismatch = { ...obs(mismatch), ...(mismatchErr?.code !== undefined ? { errorCode: mismatchErr.code } : {}) };
  const unknownErr = errorOf(unknown);
  art.unknownMethod = { ...obs(unknown), ...(unknownErr?.code !== undefined ? { errorCode: unknownErr.code } : {}) };
  art.get = { ...obs(get), ...(contentTypeOf(get) ? { contentType: contentTypeOf(get) } : {}) };
  art.delete = obs(del);
  return art;
}
