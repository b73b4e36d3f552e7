// A client command for `conformance client --command`: first the user who logs in — the scenario's
// own OAuth flow, done by the official SDK's client (discovery, registration or pre-registered
// credentials, authorization code + PKCE S256, token) — then `agentready scan --header
// "Authorization: Bearer <token>" <args> URL` with the token that flow produced.
//
//   node withToken.ts <agentready scan args…> URL
//
// The scenario's authorization endpoint approves at once with a redirect carrying the code, so the
// "browser" here is one fetch that reads the Location header instead of following it.
// With WITH_TOKEN_REPORT=<file>, what happened (the token, or why there is none) is written there
// as JSON, for the test to check the reports against.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider, PrivateKeyJwtProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));
/** never contacted: the code is read off the authorization endpoint's redirect */
const REDIRECT_URL = 'http://localhost:3000/callback';
/** the client id the scenarios expect when the AS advertises client ID metadata documents */
const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';
/** authorization rounds before giving up (a 401, then at most a step-up or two) */
const MAX_ROUNDS = 3;

export interface TokenReport {
  scenario?: string;
  grant: 'authorization_code' | 'client_credentials';
  token?: string;
  /** scope of the last authorization request, as the SDK chose it */
  rounds: number;
  error?: string;
  scanExitCode?: number;
}

/** An interactive user who approves every consent screen: the authorization redirect is read, not followed. */
class ApprovingUser implements OAuthClientProvider {
  private info?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier?: string;
  code?: string;
  readonly clientMetadataUrl = CLIENT_METADATA_URL;
  constructor(preRegistered?: OAuthClientInformationMixed) { this.info = preRegistered; }
  get redirectUrl() { return REDIRECT_URL; }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'agentready conformance user', redirect_uris: [REDIRECT_URL] };
  }
  clientInformation() { return this.info; }
  saveClientInformation(info: OAuthClientInformationMixed) { this.info = info; }
  tokens() { return this.saved; }
  saveTokens(tokens: OAuthTokens) { this.saved = tokens; }
  saveCodeVerifier(v: string) { this.verifier = v; }
  codeVerifier() {
    if (!this.verifier) throw new Error('no PKCE code verifier was saved');
    return this.verifier;
  }
  async redirectToAuthorization(url: URL) {
    const res = await fetch(url, { redirect: 'manual' });
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (!location) throw new Error(`the authorization endpoint answered ${res.status} without a redirect`);
    const code = new URL(location).searchParams.get('code');
    if (!code) throw new Error(`the authorization redirect carries no code: ${location}`);
    this.code = code;
  }
}

/** Connects and lists tools as a client would, authorizing when the server asks; returns the token. */
async function login(url: URL, provider: OAuthClientProvider & { code?: string }, report: TokenReport): Promise<string> {
  for (report.rounds = 1; report.rounds <= MAX_ROUNDS; report.rounds++) {
    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
    const client = new Client({ name: 'agentready-conformance-user', version: '1.0.0' }, { capabilities: {} });
    try {
      await client.connect(transport);
      await client.listTools();
      const token = (await provider.tokens())?.access_token;
      if (!token) throw new Error('the server let the client in without any token');
      return token;
    } catch (e) {
      if (!(e instanceof UnauthorizedError) || !provider.code) throw e;
      // the user approved: exchange the code (PKCE verifier, resource, client authentication)
      const code = provider.code;
      provider.code = undefined;
      await transport.finishAuth(code);
    } finally {
      await client.close().catch(() => {});
    }
  }
  throw new Error(`no working token after ${MAX_ROUNDS} authorization rounds`);
}

/** The scenario's context (pre-registered or client-credentials clients), as the suite passes it. */
function scenarioContext(): Record<string, string> | undefined {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  return raw ? JSON.parse(raw) as Record<string, string> : undefined;
}

function providerFor(ctx: Record<string, string> | undefined): { provider: OAuthClientProvider & { code?: string }; grant: TokenReport['grant'] } {
  if (ctx?.private_key_pem) {
    return { grant: 'client_credentials', provider: new PrivateKeyJwtProvider({ clientId: ctx.client_id, privateKey: ctx.private_key_pem, algorithm: ctx.signing_algorithm ?? 'ES256' }) };
  }
  if (ctx?.client_secret && ctx.name?.startsWith('auth/client-credentials')) {
    return { grant: 'client_credentials', provider: new ClientCredentialsProvider({ clientId: ctx.client_id, clientSecret: ctx.client_secret }) };
  }
  const pre = ctx?.client_id ? { client_id: ctx.client_id, ...(ctx.client_secret ? { client_secret: ctx.client_secret } : {}), redirect_uris: [REDIRECT_URL] } : undefined;
  return { grant: 'authorization_code', provider: new ApprovingUser(pre) };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const target = args.pop();
  if (!target) { process.stderr.write('usage: withToken.ts <agentready scan args…> URL\n'); return 2; }
  const ctx = scenarioContext();
  const { provider, grant } = providerFor(ctx);
  const report: TokenReport = { ...(process.env.MCP_CONFORMANCE_SCENARIO ? { scenario: process.env.MCP_CONFORMANCE_SCENARIO } : {}), grant, rounds: 0 };
  const save = () => { if (process.env.WITH_TOKEN_REPORT) writeFileSync(process.env.WITH_TOKEN_REPORT, JSON.stringify(report, null, 2)); };
  try {
    report.token = await login(new URL(target), provider, report);
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
    save();
    process.stderr.write(`no token: ${report.error}\n`);
    return 1;
  }
  save();
  report.scanExitCode = await new Promise<number>((resolve) => {
    const child = execFile(process.execPath, [BIN, 'scan', '--header', `Authorization: Bearer ${report.token}`, ...args, target], { maxBuffer: 64 * 1024 * 1024 }, (err) => {
      resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
    });
    child.stderr?.pipe(process.stderr);
  });
  save();
  return report.scanExitCode;
}

process.exitCode = await main();
