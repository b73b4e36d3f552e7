// tools/list answers with a tools array: the first thing every agent does after connecting.
import { defineRule, } from '../../src/contract/rule.ts';
import { authMasked, excerpt, idList, is2xx, specPage, statusText, isLegacyExchange, isJsonType, isSseType, responseHeader } from '../_lib/index.ts';

export default defineRule({
  id: 'tools-list',
  dimension: 'D2',
  level: 'MUST',
  eras: 'any',
  transports: ['http', 'stdio', 'websocket'],
  title: 'tools/list returns the tools',
  failureTitle: 'tools/list does not return the tools',
  description:
    'Agents discover what they can do with `tools/list`; if it errors or returns no `tools` array, the server is ' +
    'connected but useless — Claude, Cursor and the SDK clients show no tools and never call one.',
  specRefs: [
    { label: 'Tools: listing tools (2025-11-25)', url: specPage('2025-11-25', 'server/tools', 'listing-tools') },
    { label: 'Tools: capabilities (2025-11-25)', url: specPage('2025-11-25', 'server/tools', 'capabilities') },
    { label: 'Tools (2026-07-28)', url: specPage('2026-07-28', 'server/tools') },
  ],
  outcomes: {
    listed: { status: 'pass', score: 1, summary: 'tools/list returned a tools array.' },
    unreadableByClients: {
      status: 'fail', score: 0,
      summary: 'tools/list answered with a Content-Type the official SDK clients refuse, so they cannot list tools.',
      fix: 'Answer tools/list (every request) with `Content-Type: application/json` or `text/event-stream`; check that no proxy or framework default rewrites it.',
    },
    malformed: {
      status: 'fail', score: 0.3,
      summary: 'tools/list answered, but the result has no `tools` array.',
      fix: 'Return `{"tools": [...]}` (plus `nextCursor` when paginating) as the tools/list result; an empty server returns `{"tools": []}`.',
    },
    rpcError: {
      status: 'fail', score: 0,
      summary: 'tools/list returned a JSON-RPC error.',
      fix: 'Implement `tools/list` (and declare the `tools` capability in initialize / server/discover); if a tool fails to load, leave it out of the list rather than failing the whole call.',
    },
    httpError: {
      status: 'fail', score: 0,
      summary: 'tools/list was refused at the HTTP level.',
      fix: 'Accept `tools/list` on the MCP endpoint with the session id (and `MCP-Protocol-Version`/`Mcp-Method` headers) the client sends after initialize, and answer it with 200.',
    },
    noToolsCapability: {
      status: 'na',
      summary: 'The server declares no `tools` capability, so it offers no tools to list.',
    },
    authBlocked: {
      status: 'na', unobserved: true,
      summary: 'The server required credentials, so tools/list could not be called.',
    },
    unreachable: {
      status: 'na',
      summary: 'No MCP transport answered, so there is no tools/list to call (see the era rule).',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'tools/list was not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const { era, initialize, toolsList: tl } = evidence.probes;
    if (!era.reachable || (!era.revisions.length && !era.authBlocked)) {
      return { outcome: 'unreachable', detail: era.unreachableReason ?? 'No MCP revision was detected.' };
    }
    const x = exchange(tl?.exchangeId);
    const ex = idList(tl?.exchangeId);
    const caps = initialize?.capabilities;
    const declaresTools = caps === undefined || (typeof caps === 'object' && caps !== null && 'tools' in caps);
    const result = x?.response?.rpc?.result;
    const resultTools = typeof result === 'object' && result !== null ? (result as Record<string, unknown>).tools : undefined;
    const count = typeof tl?.toolCount === 'number' ? tl.toolCount : Array.isArray(resultTools) ? resultTools.length : undefined;
    const latency = tl?.latencyMs ?? x?.durationMs;
    // reachability as the official clients see it: they abort on any other Content-Type
    const ct = x && !isLegacyExchange(x) ? responseHeader(x, 'content-type') : undefined;
    if (tl?.ok && x && !isLegacyExchange(x) && !isJsonType(ct) && !isSseType(ct)) {
      return {
        outcome: 'unreadableByClients',
        detail: `tools/list → ${x.response?.status ?? '?'} ${excerpt(ct ?? '(no Content-Type)', 60)}: our parser read ${count ?? 'a'} tool list, but the official TypeScript and Python clients reject this Content-Type.`,
        exchanges: ex,
      };
    }
    if (tl?.ok && count !== undefined) {
      const names = (tl.toolNames ?? []).slice(0, 8).map((n) => excerpt(n, 40)).join(', ');
      return {
        outcome: 'listed',
        detail: `${count} tool(s)${names ? ` (${names}${(tl.toolNames?.length ?? 0) > 8 ? ', …' : ''})` : ''}` +
          `${typeof latency === 'number' ? ` in ${Math.round(latency)} ms` : ''}${tl.pages && tl.pages > 1 ? ` over ${tl.pages} pages` : ''}` +
          `${declaresTools ? '' : '; note: initialize declared no `tools` capability'}.`,
        exchanges: ex,
        data: { toolCount: count, latencyMs: latency },
      };
    }
    if (!declaresTools) {
      return { outcome: 'noToolsCapability', detail: `initialize capabilities: ${excerpt(Object.keys(caps ?? {}).join(', ') || '(none)', 80)}.`, exchanges: idList(initialize?.exchangeId, tl?.exchangeId) };
    }
    if (era.authBlocked && !tl?.attempted) {
      return { outcome: 'authBlocked', detail: 'Requests were refused with 401/403 before tools/list could be sent.' };
    }
    if (!tl?.attempted) return { outcome: 'unobserved', detail: 'tools/list was not sent.' };
    const status = tl.status ?? x?.response?.status;
    // checked before the body: a 401 often carries a JSON-RPC error too
    if ((status === 401 || status === 403) && (era.authBlocked || authMasked(evidence, x, status))) {
      return { outcome: 'authBlocked', detail: `tools/list → ${status}: credentials required${era.authBlocked ? '' : ' (the handshake itself is open: the login guards the tools)'}.`, exchanges: ex };
    }
    if (tl.ok) {
      return { outcome: 'malformed', detail: `tools/list → ${status ?? '?'} with a result lacking a tools array: ${excerpt(result, 100)}.`, exchanges: ex };
    }
    const code = tl.errorCode ?? x?.response?.rpc?.error?.code;
    if (code !== undefined) {
      const msg = tl.errorMessage ?? x?.response?.rpc?.error?.message;
      return { outcome: 'rpcError', detail: `tools/list → ${status ?? '?'}, JSON-RPC error ${code}${msg ? `: ${excerpt(msg, 100)}` : ''}.`, exchanges: ex, data: { errorCode: code } };
    }
    if (typeof status === 'number' && !is2xx(status)) {
      return { outcome: 'httpError', detail: `tools/list → ${status}.`, exchanges: ex, data: { status } };
    }
    if (typeof status === 'number') {
      return { outcome: 'malformed', detail: `tools/list → ${status} without a JSON-RPC result or error.`, exchanges: ex };
    }
    return { outcome: 'unobserved', detail: `tools/list: ${statusText(tl, x)}.`, exchanges: ex };
  },
});
