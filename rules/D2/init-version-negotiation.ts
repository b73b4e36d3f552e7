// initialize with an unsupported protocolVersion is answered with a version the server does support.
import { REVISIONS } from '../../src/contract/constants.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { excerpt, idList, initializeRefusedAlike, is2xx, is5xx, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'init-version-negotiation',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2025-03-26', '2025-06-18', '2025-11-25'],
  title: 'initialize negotiates down to a supported version',
  failureTitle: 'initialize does not negotiate the protocol version',
  description:
    'A client offers its newest revision in `initialize`; a server that does not speak it must answer with a revision it ' +
    'does speak, not an error. Servers that refuse lock out every client released after them (a new SDK release ' +
    'offering a newer revision can no longer connect at all).',
  specRefs: [
    { label: 'Lifecycle: version negotiation (2025-11-25)', url: spec.lifecycle('2025-11-25', 'version-negotiation') },
    { label: 'Lifecycle: version negotiation (2025-06-18)', url: spec.lifecycle('2025-06-18', 'version-negotiation') },
  ],
  outcomes: {
    negotiated: { status: 'pass', score: 1, summary: 'An unknown protocolVersion was answered with a version the server supports.' },
    // "Otherwise, the server MUST respond with another protocol version it supports. This SHOULD be the latest"
    notLatest: {
      status: 'warn', score: 0.6,
      summary: 'initialize was answered with an older revision than the server supports: clients offering a newer one are downgraded and lose what came after it.',
      fix: 'When the client\'s `protocolVersion` is not one you support, answer with the newest revision you do support, not the oldest (mcp-lite 0.10 answers 2025-03-26 to anything it does not know; keep your supported list newest-first and pick its head).',
    },
    unknownVersion: {
      status: 'warn', score: 0.6,
      summary: 'initialize answered with a protocolVersion that is not a known MCP revision.',
      fix: 'Answer an unsupported `protocolVersion` with the newest revision you support (e.g. "2025-11-25") in `result.protocolVersion`.',
    },
    echoed: {
      status: 'fail', score: 0.2,
      summary: 'initialize echoed the unsupported protocolVersion back instead of choosing a supported one.',
      fix: 'Never echo the requested version blindly: if it is not in your supported list, answer with your newest supported revision in `result.protocolVersion` (the SDKs do this through their SUPPORTED_PROTOCOL_VERSIONS list).',
    },
    refused: {
      status: 'fail', score: 0,
      summary: 'initialize with an unsupported protocolVersion was refused, so clients cannot negotiate down.',
      fix: 'Do not reject `initialize` for an unknown `protocolVersion`: reply with a successful InitializeResult whose `protocolVersion` is the newest revision you support; the client disconnects if it cannot speak it.',
    },
    inconclusive: {
      status: 'na', unobserved: true,
      summary: 'Every initialize after the first was refused alike, so how the server treats an unsupported version could not be seen.',
    },
    malformed: {
      status: 'fail', score: 0.3,
      summary: 'initialize with an unsupported protocolVersion answered without a protocolVersion.',
      fix: 'Always include `protocolVersion` (a revision you support) in the InitializeResult.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'The bogus-version initialize was not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const bv = evidence.probes.initialize?.bogusVersion;
    const x = exchange(bv?.exchangeId);
    const ex = idList(bv?.exchangeId);
    const status = bv?.status ?? x?.response?.status;
    if (!bv || typeof status !== 'number') {
      return { outcome: 'unobserved', detail: bv ? `initialize (1999-01-01): ${statusText(bv, x)}.` : 'initialize offering 1999-01-01 was not sent.', exchanges: ex };
    }
    const v = bv.negotiatedVersion;
    const code = bv.errorCode ?? x?.response?.rpc?.error?.code;
    const detail = `initialize offering 1999-01-01 → ${status}${v !== undefined ? `, protocolVersion "${excerpt(v, 30)}"` : ''}${code !== undefined ? `, error ${code}` : ''}.`;
    // every initialize after the first refused alike (one client per process): multiple-clients' finding
    if (!is2xx(status) && initializeRefusedAlike(evidence, status)) {
      return { outcome: 'inconclusive', detail: `${detail} initialize with the negotiated version, from further clients, was refused the same way: the refusal is not about the version (see multiple-clients).`, exchanges: ex };
    }
    if (code !== undefined || !is2xx(status)) {
      return { outcome: is5xx(status) || code !== undefined || status >= 400 ? 'refused' : 'malformed', detail, exchanges: ex, data: { status, errorCode: code } };
    }
    if (typeof v !== 'string' || !v) return { outcome: 'malformed', detail, exchanges: ex };
    if (v === '1999-01-01') return { outcome: 'echoed', detail, exchanges: ex };
    const known = (REVISIONS as readonly string[]).includes(v) || (evidence.probes.era.revisions as string[]).includes(v);
    if (!known) return { outcome: 'unknownVersion', detail, exchanges: ex, data: { negotiatedVersion: v } };
    // a newer revision the server took when offered it, than the one it answered an unsupported offer with
    const init = evidence.probes.initialize;
    const newer = (init?.newerOffers ?? []).filter((o) => o.negotiatedVersion === o.requestedVersion && REVISIONS.indexOf(o.requestedVersion as never) > REVISIONS.indexOf(v as never));
    if (newer.length) {
      const first = init?.attempts.find((a) => a.negotiatedVersion !== undefined);
      const downgraded = first && first.negotiatedVersion !== first.requestedVersion ? `initialize offering ${excerpt(first.requestedVersion, 20)} → "${excerpt(first.negotiatedVersion ?? '', 20)}"; ` : '';
      return {
        outcome: 'notLatest',
        detail: `${downgraded}${detail.slice(0, -1)}; but offered ${newer.map((o) => o.requestedVersion).join(', ')} it answered ${newer.length > 1 ? 'each' : 'it'} as offered, so the newest it supports is ${newer.map((o) => o.requestedVersion).sort().at(-1)}.`,
        exchanges: idList(first?.exchangeId, bv?.exchangeId, ...newer.map((o) => o.exchangeId)),
        data: { negotiatedVersion: v, supportedNewer: newer.map((o) => o.requestedVersion) },
      };
    }
    return { outcome: 'negotiated', detail, exchanges: ex, data: { negotiatedVersion: v } };
  },
});
