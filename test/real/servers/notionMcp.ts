// @notionhq/notion-mcp-server 2.5.2, run as its README says for HTTP:
// `notion-mcp-server --transport http --port N --host 127.0.0.1`, with its DEFAULT auth: it
// generates a bearer token and writes it to `<tmpdir>/.notion-mcp-auth-token-<pid>`; every
// /mcp request without that token → 401 (no WWW-Authenticate, no OAuth metadata anywhere).
// The scan runs without the token, as an agent that was not given it would. TMPDIR points at a
// directory of our own so the token file is removed with it on close. No NOTION_TOKEN: the
// server makes no call to api.notion.com at start.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageBin, startGatewayChild } from './gatewayChild.ts';
import type { RealServer } from './types.ts';

export interface NotionMcpServer extends RealServer {
  /** The generated bearer token (read from the file the server wrote), for transcripts. */
  token(): string | undefined;
}

export async function startNotionMcp(): Promise<NotionMcpServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-notion-'));
  let child: Awaited<ReturnType<typeof startGatewayChild>>;
  try {
    child = await startGatewayChild({
      label: 'notion-mcp-server',
      script: packageBin('@notionhq/notion-mcp-server', 'notion-mcp-server'),
      args: ['--transport', 'http', '--port', '{port}', '--host', '127.0.0.1'],
      env: { TMPDIR: dir },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const token = (): string | undefined => {
    const file = readdirSync(dir).find((f) => f.startsWith('.notion-mcp-auth-token-'));
    return file ? readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
  };
  return {
    name: 'notion-mcp-server (streamable HTTP, bearer token)',
    url: `http://127.0.0.1:${child.port}/mcp`,
    token,
    close: async () => {
      await child.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
