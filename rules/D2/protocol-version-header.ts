// An unsupported MCP-Protocol-Version header is refused with 400 (2026-07-28: with -32022 and data.supported).
import type { Outcome, Verdict } from '../../src/contract/rule.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { authMasked, excerpt, idList, is2xx, is5xx, specPage, statusText, worstVerdict } from '../_lib/index.ts';

type O = 'rejected' | 'modernError' | 'modernNoCode' | 'otherStatus' | 'serverError' | 'accepted' | 'authMasked' | 'unobserved';

const outcomes = {
  rejected: { status: 'pass', score: 1, summary: 'An unsupported MCP-Protocol-Version was refused with 400.' },
  modernError: {
    status: 'pass', score: 1,
    summary: 'An unsupported MCP-Protocol-Version was refused with 400, UnsupportedProtocolVersionError (-32022) and the supported versions.',
  },
  // 2026-07-28: "MUST respond with 400 Bad Request and an UnsupportedProtocolVersionError"; without
  // the error a client cannot tell a modern refusal from a legacy server and falls back to initialize
  modernNoCode: {
    status: 'fail', score: 0.6,
    summary: 'An unsupported version was refused with 400, but without UnsupportedProtocolVersionError (-32022) and `data.supported`.',
    fix: 'Answer an unsupported `MCP-Protocol-Version` with 400 and a JSON-RPC error `{"code": -32022, "message": "Unsupported protocol version", "data": {"supported": ["2026-07-28", …], "requested": "…"}}` so clients can retry with a version you speak instead of falling back to initialize.',
  },
  // the text is "MUST respond with 400 Bad Request" (2025-06-18 on); any other refusal breaks it, and
  // a 404 reads as "session terminated" (session era) or "no MCP endpoint here" (2026-07-28)
  otherStatus: {
    status: 'fail', score: 0.5,
    summary: 'An unsupported MCP-Protocol-Version was refused, but not with 400.',
    fix: 'Validate the `MCP-Protocol-Version` header and answer an unsupported value with exactly `400 Bad Request`: clients and the conformance suite look for 400, and a 404 tells clients their session is gone (2026-07-28: that this is no MCP endpoint).',
  },
  serverError: {
    status: 'fail', score: 0.2,
    summary: 'An unsupported MCP-Protocol-Version made the server fail (5xx).',
    fix: 'Validate the `MCP-Protocol-Version` header before dispatching and answer an unsupported value with `400 Bad Request` instead of crashing.',
  },
  accepted: {
    status: 'fail', score: 0,
    summary: 'A request with a bogus MCP-Protocol-Version was accepted.',
    fix: 'Check `MCP-Protocol-Version` on every request after initialize and answer values you do not support with `400 Bad Request` (2026-07-28: plus error -32022 with `data.supported`). The official SDKs do this; custom routers and gateways often skip it.',
  },
  authMasked: {
    status: 'na', unobserved: true,
    summary: 'The bogus-version request was answered 401 for want of credentials: the version check, if any, sits behind the login (scan with a token to judge it).',
  },
  unobserved: {
    status: 'na', unobserved: true,
    summary: 'The bogus-version request was not sent or got no response.',
  },
} satisfies Record<O, Outcome>;

export default defineRule<O>({
  id: 'protocol-version-header',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Unsupported protocol versions are refused with 400',
  failureTitle: 'Unsupported protocol versions are not refused properly',
  description:
    'Clients send the negotiated version in `MCP-Protocol-Version` on every request; a server that accepts any value ' +
    'will silently misread messages from clients speaking another revision. The 400 is also how a 2026-07-28 client ' +
    'learns (from error -32022 and `data.supported`) which version to retry with instead of falling back to the legacy handshake.',
  specRefs: [
    { label: 'Protocol version header (2025-11-25)', url: spec.transports('2025-11-25', 'protocol-version-header') },
    { label: 'Protocol version header (2026-07-28)', url: spec.streamableHttp07('protocol-version-header') },
    { label: 'Protocol version negotiation (2026-07-28)', url: specPage('2026-07-28', 'basic/versioning', 'protocol-version-negotiation') },
  ],
  outcomes,
  judge({ evidence, revisions, exchange }) {
    const verdicts: Verdict<O>[] = [];
    if (revisions.some((r) => r === '2025-06-18' || r === '2025-11-25')) {
      const pv = evidence.probes.protocolVersion;
      const x = exchange(pv?.exchangeId);
      const status = pv?.status ?? x?.response?.status;
      const ex = idList(pv?.exchangeId);
      const sent = pv?.sent ?? '1999-01-01';
      if (!pv?.attempted || typeof status !== 'number') {
        verdicts.push({ outcome: 'unobserved', detail: `Session era: MCP-Protocol-Version ${excerpt(sent, 30)} ${pv?.attempted ? statusText(undefined, x) : 'not sent'}.`, exchanges: ex });
      } else {
        const detail = `Session era: tools/list with MCP-Protocol-Version ${excerpt(sent, 30)} → ${status}${pv.errorCode !== undefined ? ` (error ${pv.errorCode})` : ''}.`;
        if (authMasked(evidence, x, status)) verdicts.push({ outcome: 'authMasked', detail: `${detail.slice(0, -1)}, sent without credentials to a server that demands them.`, exchanges: ex });
        else verdicts.push({ outcome: status === 400 ? 'rejected' : is2xx(status) ? 'accepted' : is5xx(status) ? 'serverError' : 'otherStatus', detail, exchanges: ex });
      }
    }
    if (revisions.includes('2026-07-28')) {
      const uv = evidence.probes.discover?.unsupportedVersion;
      const x = exchange(uv?.exchangeId);
      const status = uv?.status ?? x?.response?.status;
      const ex = idList(uv?.exchangeId);
      if (!uv || typeof status !== 'number') {
        verdicts.push({ outcome: 'unobserved', detail: `2026-07-28: unsupported-version probe ${uv ? statusText(uv, x) : 'not sent'}.`, exchanges: ex });
      } else {
        const supported = Array.isArray(uv.supported) ? uv.supported : [];
        const detail = `2026-07-28: server/discover with MCP-Protocol-Version 1999-01-01 → ${status}` +
          `${uv.errorCode !== undefined ? `, error ${uv.errorCode}` : ', no JSON-RPC error code'}` +
          `${supported.length ? `, supported: ${supported.slice(0, 6).map((s) => excerpt(s, 20)).join(', ')}` : ''}.`;
        let outcome: O;
        if (authMasked(evidence, x, status)) outcome = 'authMasked';
        else if (status === 400) outcome = uv.errorCode === -32022 && supported.length > 0 ? 'modernError' : 'modernNoCode';
        else outcome = is2xx(status) ? 'accepted' : is5xx(status) ? 'serverError' : 'otherStatus';
        verdicts.push({ outcome, detail, exchanges: ex, data: { errorCode: uv.errorCode, supported } });
      }
    }
    if (!verdicts.length) return { outcome: 'unobserved', detail: 'No revision with a protocol version header was judged.' };
    return worstVerdict(verdicts, outcomes);
  },
});
