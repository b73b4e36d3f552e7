// 2026-07-28: server/discover answers with the supported versions, resultType "complete" and server info.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { excerpt, idList, specPage, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'server-discover',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2026-07-28'],
  title: 'server/discover describes the server',
  failureTitle: 'server/discover is incomplete',
  description:
    '`server/discover` is how a 2026-07-28 client learns, without a handshake, which versions a server speaks and what ' +
    'it offers. Without `supportedVersions` listing 2026-07-28 and `resultType: "complete"` modern clients cannot pick a ' +
    'version and fall back to the legacy `initialize` handshake, or give up.',
  specRefs: [
    { label: 'server/discover (2026-07-28)', url: specPage('2026-07-28', 'server/discover') },
    { label: 'Protocol version negotiation (2026-07-28)', url: specPage('2026-07-28', 'basic/versioning', 'protocol-version-negotiation') },
    { label: 'Backward compatibility (2026-07-28)', url: spec.streamableHttp07('backward-compatibility') },
  ],
  outcomes: {
    complete: { status: 'pass', score: 1, summary: 'server/discover listed 2026-07-28 with resultType "complete" and server info.' },
    noServerInfo: {
      status: 'warn', score: 0.8,
      summary: 'server/discover is valid but carries no server info.',
      fix: 'Add `_meta["io.modelcontextprotocol/serverInfo"]: {"name": "…", "version": "…"}` to the server/discover result so clients and logs can identify the server.',
    },
    badResultType: {
      status: 'fail', score: 0.5,
      summary: 'server/discover did not return resultType "complete".',
      fix: 'Return `"resultType": "complete"` in the server/discover result (the field tells clients the result is final, not an InputRequiredResult).',
    },
    versionsMissing: {
      status: 'fail', score: 0.3,
      summary: 'server/discover did not list 2026-07-28 in supportedVersions.',
      fix: 'Return `"supportedVersions": ["2026-07-28", …]` listing every protocol version the endpoint serves.',
    },
    notAnswered: {
      status: 'fail', score: 0,
      summary: 'server/discover was not answered with a result.',
      fix: 'Implement `server/discover` (required by 2026-07-28): answer it with `supportedVersions`, `capabilities`, `resultType: "complete"` and server info in `_meta`.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'server/discover was not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const d = evidence.probes.discover;
    const x = exchange(d?.exchangeId);
    const ex = idList(d?.exchangeId);
    if (!d?.attempted) return { outcome: 'unobserved', detail: 'server/discover was not sent.' };
    const status = d.status ?? x?.response?.status;
    if (!d.answered) {
      if (typeof status !== 'number') return { outcome: 'unobserved', detail: `server/discover: ${statusText(d, x)}.`, exchanges: ex };
      return { outcome: 'notAnswered', detail: `server/discover → ${status}${d.errorCode !== undefined ? `, error ${d.errorCode}` : ''}.`, exchanges: ex };
    }
    const versions = Array.isArray(d.supportedVersions) ? d.supportedVersions : [];
    const info = d.serverInfo;
    const detail = `server/discover → ${status ?? '?'}; supportedVersions: ${versions.length ? versions.slice(0, 6).map((v) => excerpt(v, 20)).join(', ') : '(none)'}; ` +
      `resultType: ${d.resultType !== undefined ? excerpt(d.resultType, 20) : '(none)'}; serverInfo: ${info?.name ? `${excerpt(info.name, 40)} ${excerpt(info.version ?? '', 20)}`.trim() : '(none)'}` +
      `${typeof d.latencyMs === 'number' ? `; ${Math.round(d.latencyMs)} ms` : ''}.`;
    const data = { supportedVersions: versions, resultType: d.resultType };
    if (!versions.includes('2026-07-28')) return { outcome: 'versionsMissing', detail, exchanges: ex, data };
    if (d.resultType !== 'complete') return { outcome: 'badResultType', detail, exchanges: ex, data };
    if (!info?.name) return { outcome: 'noServerInfo', detail, exchanges: ex, data };
    return { outcome: 'complete', detail, exchanges: ex, data };
  },
});
