// HTTP auth discovery the way an MCP client does it, without credentials: 401 →
// WWW-Authenticate → RFC 9728 protected-resource metadata → RFC 8414 / OIDC
// authorization-server metadata. Runs unauthenticated even when --header gives a token.
import type { Probes } from '../contract/evidence.ts';
import type { ScanContext } from './context.ts';
import { INVALID_TOKEN, type ExchangeResult } from '../net/client.ts';
import { header, initializeParams, obs, resultOf, rpc, statusOf, type Session } from './mcp.ts';
import { parseWwwAuthenticate } from '../contract/wwwAuthenticate.ts';
import { keepJson } from '../net/jsonrpc.ts';

type Auth = NonNullable<Probes['auth']>;

/**
 * Metadata is fetched as native clients (the SDKs, CLIs, desktop apps) fetch it: without an
 * Origin. A server that refuses foreign Origins (as it MUST, against DNS rebinding) would
 * otherwise look as if it had no metadata; what browsers get is asked separately (`origin`).
 */
async function getJson(ctx: ScanContext, url: string, label: string, origin?: string): Promise<ExchangeResult> {
  return ctx.client.exchange({ probe: 'auth', label, method: 'GET', url, headers: { accept: 'application/json', ...(origin ? { origin } : {}) } });
}

/** RFC 9728 §3.1: insert the well-known segment between host and path. */
export function prmCandidates(endpoint: URL): string[] {
  const path = endpoint.pathname === '/' ? '' : endpoint.pathname.replace(/\/$/, '');
  const list = [`${endpoint.origin}/.well-known/oauth-protected-resource${path}`];
  if (path) list.push(`${endpoint.origin}/.well-known/oauth-protected-resource`);
  return list;
}

/** RFC 8414 §3.1 path insertion first, then OpenID Connect Discovery (both forms). */
export function asCandidates(issuer: URL): string[] {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  return [...new Set([
    `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
    `${issuer.origin}/.well-known/openid-configuration${path}`,
    `${issuer.origin}${path}/.well-known/openid-configuration`,
  ])];
}

type First = { method: string; modern: boolean; version?: string };

/** The request a client without credentials meets the login on, and how to send it again. */
export interface Challenged {
  result: ExchangeResult;
  method: string;
  params: Record<string, unknown>;
  session?: Session;
}

/**
 * What a client without credentials meets: usually its first request (initialize,
 * server/discover) is answered 401. Step-up servers leave that handshake open and demand
 * credentials only for what it unlocks, so when it is served the client carries on
 * unauthenticated — notifications/initialized and tools/list in the session it opened
 * (2026-07-28: tools/list) — and a 401 there is the challenge. Otherwise the first answer is.
 */
export async function unauthenticatedChallenge(ctx: ScanContext, first: First, probe: string, headers: Record<string, string> = {}): Promise<Challenged> {
  const withOrigin = headers.origin ? ` with Origin: ${headers.origin}` : '';
  const params = first.method === 'initialize' ? initializeParams(first.version ?? '2025-11-25') : {};
  const opened = await rpc(ctx, { probe, label: `unauthenticated ${first.method}${withOrigin}`, method: first.method, params, modern: first.modern, anonymous: true, headers });
  const sid = header(opened, 'mcp-session-id');
  if (sid) ctx.openedSessions.add(sid);
  const status = statusOf(opened);
  if (status === undefined || status < 200 || status >= 300) return { result: opened, method: first.method, params };
  const negotiated = resultOf<{ protocolVersion?: unknown }>(opened)?.protocolVersion;
  const session: Session | undefined = first.modern ? undefined : {
    ...(sid ? { sessionId: sid } : {}),
    protocolVersion: typeof negotiated === 'string' ? negotiated : first.version ?? '2025-11-25',
  };
  if (session) {
    await rpc(ctx, { probe, label: `unauthenticated notifications/initialized${withOrigin}`, method: 'notifications/initialized', notification: true, session, anonymous: true, headers });
  }
  const next = await rpc(ctx, { probe, label: `unauthenticated tools/list after an open ${first.method}${withOrigin}`, method: 'tools/list', params: {}, modern: first.modern, session, anonymous: true, headers });
  if (statusOf(next) !== 401) return { result: opened, method: first.method, params };
  return { result: next, method: 'tools/list', params: {}, ...(session ? { session } : {}) };
}

/** An HTTP+SSE stream behind a login: what a client without credentials meets is the GET itself. */
function streamChallenge(ctx: ScanContext, label: string, headers: Record<string, string> = {}): Promise<ExchangeResult> {
  return ctx.client.exchange({
    probe: 'auth', label, method: 'GET', url: ctx.url.href, expectStream: true, windowMs: 1_500,
    headers: { accept: 'text/event-stream', ...headers }, stopWhen: (rec) => rec.record.events.length > 0,
  });
}

/** `first.method === 'GET'`: the endpoint is an HTTP+SSE stream URL (2024-11-05), asked with GET. */
export async function probeAuth(ctx: ScanContext, first: First): Promise<Auth> {
  const stream = first.method === 'GET';
  const challenged: Challenged = stream
    ? { result: await streamChallenge(ctx, 'unauthenticated GET of the HTTP+SSE stream'), method: 'GET', params: {} }
    : await unauthenticatedChallenge(ctx, first, 'auth');
  const unauth = challenged.result;
  const www = unauth.exchange.response?.headers['www-authenticate'];
  const art: Auth = {
    attempted: true,
    unauthenticated: { ...obs(unauth), ...(www !== undefined ? { wwwAuthenticate: www.slice(0, 2048) } : {}) },
    required: statusOf(unauth) === 401,
  };
  if (!art.required) return art;

  const challenges = www ? parseWwwAuthenticate(www) : [];
  const bearer = challenges.find((c) => c.scheme.toLowerCase() === 'bearer') ?? challenges[0];
  if (bearer) art.challenge = bearer;

  // the same request again, with a token no server issued
  const invalid = stream
    ? await streamChallenge(ctx, 'GET of the HTTP+SSE stream with an invalid bearer token', { authorization: `Bearer ${INVALID_TOKEN}` })
    : await rpc(ctx, {
      probe: 'auth', label: 'request with an invalid bearer token', method: challenged.method, params: challenged.params, modern: first.modern,
      session: challenged.session, anonymous: true, headers: { authorization: `Bearer ${INVALID_TOKEN}` },
    });
  art.invalidToken = obs(invalid);

  // Protected-resource metadata: the challenge's pointer first, then the well-known paths.
  const prmTried: NonNullable<Auth['prm']>['tried'] = [];
  const prm: NonNullable<Auth['prm']> = { tried: prmTried };
  art.prm = prm;
  const fromHeader = bearer?.params.resource_metadata;
  const candidates: { url: string; via: 'www-authenticate' | 'well-known' }[] = [];
  if (fromHeader) {
    try { candidates.push({ url: new URL(fromHeader, ctx.url).href, via: 'www-authenticate' }); } catch { prm.parseError = `resource_metadata is not a URL: ${fromHeader.slice(0, 200)}`; }
  }
  for (const u of prmCandidates(ctx.url)) if (!candidates.some((c) => c.url === u)) candidates.push({ url: u, via: 'well-known' });
  let doc: Record<string, unknown> | undefined;
  for (const c of candidates) {
    const x = await getJson(ctx, c.url, `protected-resource metadata (${c.via})`);
    const h = x.exchange.response?.headers ?? {};
    const tried: (typeof prmTried)[number] = { ...obs(x), url: c.url, ...(h['content-type'] ? { contentType: h['content-type'] } : {}) };
    prmTried.push(tried);
    if (statusOf(x) === 200 && isObject(x.json)) {
      doc = x.json;
      prm.url = c.url;
      prm.via = c.via;
      prm.document = capDoc(doc);
      // can a browser-based agent read it? (the same GET from its origin)
      const cors = await getJson(ctx, c.url, 'protected-resource metadata from a browser origin (CORS)', ctx.browserOrigin);
      const allowOrigin = cors.exchange.response?.headers['access-control-allow-origin'];
      if (allowOrigin) tried.allowOrigin = allowOrigin;
      break;
    }
    if (statusOf(x) === 200 && prm.parseError === undefined) {
      prm.parseError = 'the document is not a JSON object';
      prm.url = c.url;
      prm.via = c.via;
    }
    // A client given resource_metadata fetches that URL and no other (2025-11-25 authorization:
    // "MUST use the resource metadata URL from the parsed WWW-Authenticate headers when present"):
    // when it got no HTTP answer, what the well-known paths hold is not what any client reads.
    if (c.via === 'www-authenticate' && statusOf(x) === undefined) break;
  }

  // Authorization-server metadata: from the PRM, or (2025-03-26 style) the server's own origin.
  const servers = Array.isArray(doc?.authorization_servers) ? (doc!.authorization_servers as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  // the 2025-03-26 fallback (metadata at the MCP server's origin) is asked only when the server did not
  // point to a metadata document the scan could not reach: then the revision is 2025-06-18 or later
  const prmUnreachable = candidates[0]?.via === 'www-authenticate' && prmTried[0] !== undefined && prmTried[0].status === undefined;
  const issuer = servers[0] ?? (doc || prmUnreachable ? undefined : ctx.url.origin);
  if (!issuer) return art;
  const asTried: NonNullable<Auth['asMetadata']>['tried'] = [];
  art.asMetadata = { tried: asTried, issuerRequested: issuer };
  let issuerUrl: URL;
  try { issuerUrl = new URL(issuer); } catch { art.asMetadata.parseError = `authorization server is not a URL: ${issuer.slice(0, 200)}`; return art; }
  for (const url of asCandidates(issuerUrl)) {
    const x = await getJson(ctx, url, 'authorization-server metadata');
    const ct = x.exchange.response?.headers['content-type'];
    asTried.push({ ...obs(x), url, ...(ct ? { contentType: ct } : {}) });
    if (statusOf(x) === 200 && isObject(x.json)) {
      art.asMetadata.url = url;
      art.asMetadata.document = capDoc(x.json);
      break;
    }
  }
  // No metadata of either kind: would a 2025-03-26 client's fallback to the default endpoints work?
  if (!doc && art.asMetadata.document === undefined) art.defaultEndpoints = await probeDefaultEndpoints(ctx);
  return art;
}

/**
 * One parameterless GET of /authorize, as harmless as a browser opening the page: an endpoint
 * that exists answers 400 or redirects (to a login or an error), not 404. The token endpoint is
 * not asked: an empty POST to a lax server can come back with a token.
 */
async function probeDefaultEndpoints(ctx: ScanContext): Promise<NonNullable<Auth['defaultEndpoints']>> {
  const url = `${ctx.url.origin}/authorize`;
  const x = await ctx.client.exchange({
    probe: 'auth', label: '2025-03-26 default authorization endpoint', method: 'GET', url, followRedirects: false,
    headers: { accept: 'text/html,application/json' },
  });
  return [{ ...obs(x), url, method: 'GET' }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function capDoc(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc).slice(0, 60)) {
    out[k.slice(0, 100)] = keepJson(v, 4000); // too long or too deeply nested: a marker
  }
  return out;
}
