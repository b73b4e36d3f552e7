// Rules of dimension D7, in report order.
import type { Rule } from '../../src/contract/rule.ts';
import originValidation from './origin-validation.ts';
import corsPreflight from './cors-preflight.ts';
import corsExposeHeaders from './cors-expose-headers.ts';
import corsCredentials from './cors-credentials.ts';
import authChallenge from './auth-challenge.ts';
import protectedResourceMetadata from './protected-resource-metadata.ts';
import authorizationServerMetadata from './authorization-server-metadata.ts';
import pkceS256 from './pkce-s256.ts';
import https from './https.ts';
import sessionIdEntropy from './session-id-entropy.ts';
import tokenInUrl from './token-in-url.ts';
import browserSession from './browser-session.ts';
import browserStream from './browser-stream.ts';
import browserAuthDiscovery from './browser-auth-discovery.ts';

export const D7_RULES: Rule[] = [
  originValidation,
  corsPreflight,
  corsExposeHeaders,
  corsCredentials,
  authChallenge,
  protectedResourceMetadata,
  authorizationServerMetadata,
  pkceS256,
  https,
  sessionIdEntropy,
  tokenInUrl,
  browserSession,
  browserStream,
  browserAuthDiscovery,
] as Rule[];
