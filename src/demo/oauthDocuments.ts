// Authorization discovery documents for a demo endpoint that requires a bearer token:
// the 401 challenge (RFC 6750 + RFC 9728 §5.1), the protected resource metadata
// (RFC 9728) and the authorization server metadata (RFC 8414). Metadata only: the
// endpoints it names are not implemented, since the demo accepts any token.
import { MCP_PATH } from './types.ts';

export const PROTECTED_RESOURCE_PATHS = [`/.well-known/oauth-protected-resource${MCP_PATH}`, '/.well-known/oauth-protected-resource'];
export const AUTHORIZATION_SERVER_PATH = '/.well-known/oauth-authorization-server';

/** `WWW-Authenticate` value for a 401 on the MCP endpoint. */
/** The one token the demo accepts (it issues none: metadata only). */
export const DEMO_BEARER_TOKEN = 'agentready-demo-token';

export function bearerChallenge(origin: string): string {
  return `Bearer resource_metadata="${origin}${PROTECTED_RESOURCE_PATHS[0]}", scope="mcp"`;
}

export function protectedResourceMetadata(origin: string): object {
  return {
    resource: `${origin}${MCP_PATH}`, // RFC 9728 §3.3: equals the URL the client asked about
    authorization_servers: [origin],
    scopes_supported: ['mcp'],
    bearer_methods_supported: ['header'],
    resource_name: 'agentready demo',
  };
}

export function authorizationServerMetadata(origin: string): object {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    registration_endpoint: `${origin}/register`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['mcp'],
  };
}

/** The document served at `path`, if it is one of the well-known locations above. */
export function wellKnownDocument(path: string, origin: string): object | undefined {
  if (PROTECTED_RESOURCE_PATHS.includes(path)) return protectedResourceMetadata(origin);
  if (path === AUTHORIZATION_SERVER_PATH) return authorizationServerMetadata(origin);
  return undefined;
}
