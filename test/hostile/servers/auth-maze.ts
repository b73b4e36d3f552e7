// Auth discovery as a trap: 401 on every MCP request with a WWW-Authenticate full of junk
// parameters, protected-resource metadata with values nested 300 levels deep (valid JSON, parsed,
// too deep to keep), and authorization-server metadata that is an endless JSON body.
import { head, pump, rawHttp, respond, JSON_HEADERS, type Hostile } from '../harness.ts';

const DEPTH = 300;
const NESTED = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const PIECE = Buffer.from(`8000\r\n${'{"a":1},'.repeat(0x8000 / 8)}\r\n`);

export async function start(): Promise<Hostile> {
  let origin = '';
  const server = await rawHttp((s, req) => {
    if (req.path.startsWith('/.well-known/oauth-protected-resource')) {
      return respond(s, 200, JSON_HEADERS, `{"resource":"${origin}/mcp","authorization_servers":["${origin}/as"],"scopes_supported":${NESTED},"deep":${NESTED}}`);
    }
    if (req.path.startsWith('/.well-known/oauth-authorization-server') || req.path.includes('openid-configuration')) {
      s.write(head(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
      s.write('1\r\n[\r\n');
      return pump(s, () => PIECE);
    }
    if (req.path === '/mcp' || req.path.startsWith('/mcp?')) {
      return respond(s, 401, {
        ...JSON_HEADERS,
        'www-authenticate': `Bearer realm="maze", resource_metadata="/.well-known/oauth-protected-resource/mcp", error="invalid_token", ${Array.from({ length: 400 }, (_, i) => `p${i}="${'v'.repeat(20)}"`).join(', ')}, Basic, Negotiate ${'x'.repeat(2000)}`,
      }, '{"error":"unauthorized"}');
    }
    respond(s, 404, {}, '');
  });
  origin = new URL(server.url).origin;
  return server;
}
