// Can an agent find a transport it speaks? Everything else depends on this.
import { defineRule, spec } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'era',
  dimension: 'D2',
  level: 'MUST',
  eras: 'any',
  transports: ['http', 'stdio', 'websocket'],
  title: 'Speaks a current MCP transport',
  failureTitle: 'No current MCP transport detected',
  description:
    'Agents connect with Streamable HTTP (2025-03-26 and later, stateless from 2026-07-28). ' +
    'The 2024-11-05 HTTP+SSE transport is deprecated: clients still fall back to it, but new clients may not. ' +
    'Local servers speak stdio; WebSocket is not a standard MCP transport (SEP-1288 is a draft).',
  specRefs: [
    { label: 'Transports (2025-11-25)', url: spec.transports('2025-11-25') },
    { label: 'Streamable HTTP (2026-07-28)', url: spec.streamableHttp07() },
    { label: 'Backwards compatibility', url: spec.transports('2025-11-25', 'backwards-compatibility') },
  ],
  outcomes: {
    stateless: { status: 'pass', score: 1, summary: 'Speaks the stateless 2026-07-28 revision.' },
    session: { status: 'pass', score: 1, summary: 'Speaks session-era Streamable HTTP.' },
    stdio: { status: 'pass', score: 1, summary: 'Speaks MCP over stdio (newline-delimited JSON-RPC), the standard local transport.' },
    websocketOnly: {
      status: 'warn', score: 0.5, summary: 'Speaks MCP over a WebSocket, which no MCP revision defines: standard clients cannot connect this way.',
      fix: 'Serve Streamable HTTP on the same endpoint (POST for messages) so standard clients can connect; keep the WebSocket as an extra.',
    },
    legacyOnly: {
      status: 'warn', score: 0.4, summary: 'Only the deprecated 2024-11-05 HTTP+SSE transport answers.',
      fix: 'Serve Streamable HTTP on one endpoint (POST for messages, GET for the stream); keep /sse only for old clients.',
    },
    authBlocked: {
      status: 'na', unobserved: true, summary: 'Every request was refused for lack of credentials, so the transport could not be identified.',
    },
    unreachable: {
      status: 'fail', score: 0, cap: 0, capOverall: 0, summary: 'Nothing answered as an MCP endpoint.',
      fix: 'Check the URL (most servers serve MCP at /mcp), that the server is up, and that it answers POST initialize.',
    },
  },
  judge({ evidence }) {
    const era = evidence.probes.era;
    // initialize offers the newest revision first and goes down only when refused: one accepted
    // revision says nothing of the older ones, which were not asked
    const notAsked = era.era === 'session' && era.revisions.length === 1 && era.revisions[0] !== '2025-03-26' ? ' (older revisions not asked)' : '';
    const also = era.alsoAccepted?.length ? ` (${era.alsoAccepted.join(', ')} also accepted when offered directly, but not given to a client offering a newer one: see init-version-negotiation)` : '';
    const found = `revisions accepted: ${era.revisions.join(', ') || 'none'}${also}${notAsked}; transport: ${era.transport}`;
    if (era.transport === 'stdio' && era.revisions.length) return { outcome: 'stdio', detail: `${found}; negotiated ${era.protocolVersion ?? '?'}` };
    if (era.transport === 'websocket' && era.revisions.length) return { outcome: 'websocketOnly', detail: `${found}; negotiated ${era.protocolVersion ?? '?'}` };
    if (era.era === 'stateless') return { outcome: 'stateless', detail: found };
    if (era.era === 'session') return { outcome: 'session', detail: `${found}; negotiated ${era.protocolVersion ?? '?'}` };
    if (era.era === 'legacy') return { outcome: 'legacyOnly', detail: found };
    if (era.authBlocked) return { outcome: 'authBlocked', detail: 'The endpoint answered 401/403 to every transport probe.' };
    return { outcome: 'unreachable', detail: era.unreachableReason ?? found };
  },
});
