// The 2025-03-26 authorization discovery, read the same way by the rules and by the engine's
// behind-a-login fallback: metadata at the MCP server's origin, else the default endpoints.
import type { Probes } from './evidence.ts';

type Auth = NonNullable<Probes['auth']>;

/**
 * Would a 2025-03-26 client find the authorization server? `undefined` when the default
 * endpoints were not looked up (evidence recorded before that lookup existed: judged as before).
 */
export function discovery03Works(auth: Auth | undefined, mcpOrigin: string): boolean | undefined {
  if (!auth) return undefined;
  const md = auth.asMetadata;
  if (md?.document !== undefined && md.issuerRequested === mcpOrigin) return true;
  const eps = auth.defaultEndpoints;
  if (!eps) return undefined;
  const authorize = eps.find((e) => new URL(e.url).pathname === '/authorize')?.status;
  // Without its parameters an authorization endpoint answers 400, redirects (to a login or an
  // error page) or even fails (5xx: the route is there); 404/405/410, or a login wall (401/403)
  // in front of it: there is nothing to fall back to.
  return authorize !== undefined && ![401, 403, 404, 405, 410].includes(authorize);
}

/**
 * A login with no OAuth anywhere: no `resource_metadata` in the challenge, no protected-resource
 * or authorization-server metadata, no 2025-03-26 default authorization endpoint: the credential
 * is a token handed out by other means (an API key). Authorization is OPTIONAL in MCP and HTTP
 * servers SHOULD (not MUST) do it the OAuth way, so this is one shortfall, judged once.
 * `undefined` when the default endpoints were not looked up.
 */
export function offersNoOAuth(auth: Auth | undefined, mcpOrigin: string): boolean | undefined {
  if (!auth?.required) return undefined;
  const rm = auth.challenge?.params.resource_metadata;
  if (rm !== undefined && rm.trim() !== '') return false;
  if (auth.prm?.document !== undefined || auth.prm?.parseError !== undefined) return false;
  if (auth.asMetadata?.document !== undefined) return false;
  const fallback = discovery03Works(auth, mcpOrigin);
  return fallback === undefined ? undefined : !fallback;
}
