// A step-up authorization server for the integration tests: the MCP handshake is open
// (initialize, notifications, ping, logging, the GET stream, DELETE), but what it unlocks —
// tools/*, resources/*, prompts/* — needs a bearer token and is otherwise answered 401 with an
// RFC 9728 challenge (resource_metadata and scope), as the 2025-11-25 Authorization text asks of
// a request whose authorization is required and not yet proven. Sessions are the official
// SDK's (v1 StreamableHTTPServerTransport, one per session); RFC 9728 and RFC 8414 documents on
// the same origin. `modern`: a 2026-07-28-only server instead (SDK v2 createMcpHandler, legacy
// refused), server/discover open and tools/list behind the login.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpHandler, McpServer as ModernMcpServer } from '@modelcontextprotocol/server';
import { sendWebResponse } from '../servers/nodeWebBridge.ts';

export const STEP_UP_TOKEN = 'step-up-token';
/** metadata documents are public: browser clients read them too */
const PUBLIC = { 'access-control-allow-origin': '*' };
/** the methods behind the login */
const STEP_UP = /^(tools|resources|prompts)\//;

function createServer(): McpServer {
  const server = new McpServer({ name: 'step-up-fixture', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool('whoami', { description: 'Says who is calling.' }, async () => ({ content: [{ type: 'text', text: 'a caller with a token' }] }));
  return server;
}

function createModernServer(): ModernMcpServer {
  const server = new ModernMcpServer({ name: 'step-up-fixture', version: '1.0.0' });
  server.registerTool('whoami', { description: 'Says who is calling.' }, async () => ({ content: [{ type: 'text', text: 'a caller with a token' }] }));
  return server;
}

export async function startStepUpServer(options: { modern?: boolean } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const modern = options.modern ? createMcpHandler(createModernServer, { legacy: 'reject' }) : undefined;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let origin = '';
  const challenge = () => `Bearer error="invalid_token", error_description="tools need a token", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`;
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp') {
      json(res, 200, { resource: `${origin}/mcp`, authorization_servers: [origin], scopes_supported: ['mcp:tools'], bearer_methods_supported: ['header'] }, PUBLIC);
      return;
    }
    if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      json(res, 200, {
        issuer: origin, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token`,
        response_types_supported: ['code'], grant_types_supported: ['authorization_code'], code_challenge_methods_supported: ['S256'],
        client_id_metadata_document_supported: true,
      }, PUBLIC);
      return;
    }
    if (path !== '/mcp') { res.writeHead(404).end(); return; }
    let body: unknown;
    if (req.method === 'POST') {
      let text = '';
      for await (const chunk of req) text += chunk;
      try { body = JSON.parse(text); } catch { json(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }); return; }
      const messages = Array.isArray(body) ? body : [body];
      const needsToken = messages.some((m) => STEP_UP.test(String((m as { method?: unknown } | null)?.method ?? '')));
      if (needsToken && req.headers.authorization !== `Bearer ${STEP_UP_TOKEN}`) {
        json(res, 401, { jsonrpc: '2.0', id: (messages[0] as { id?: unknown })?.id ?? null, error: { code: -32001, message: 'Unauthorized' } }, { 'www-authenticate': challenge() });
        return;
      }
    }
    if (modern) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headersDistinct)) for (const v of value ?? []) headers.append(name, v);
      const request = new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      await sendWebResponse(await modern.fetch(request), res);
      return;
    }
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const transport = sessions.get(sid);
      if (!transport) { json(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }); return; }
      await transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST') { json(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' } }); return; }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => { sessions.set(id, transport); },
    });
    transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
    await createServer().connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/mcp`,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((t) => t.close()));
      await modern?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
