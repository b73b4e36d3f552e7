// Can a browser-based agent actually hold an MCP conversation? Judged from what headless
// Chromium did on a page at the browser-agent origin (src/gather/browser.ts), not from headers:
// when the header-based CORS rules and the browser disagree, the browser wins, and the detail
// says where they differ.
import { defineRule, spec } from '../../src/contract/rule.ts';
import type { BrowserArtifact, BrowserStep } from '../../src/contract/browserArtifact.ts';
import type { Evidence } from '../../src/contract/evidence.ts';
import { NO_CORS_AT_ALL, ORIGIN_NOT_ADMITTED, noCorsAnywhere, originNotAdmitted, NOT_OBSERVED_OUTCOMES, browserEvidence, consoleQuote, describeSteps, isBrowserBlock, notObserved, originNote, incompleteNote, step, FETCH_CORS, MDN_CORS, allowsHeader, exposesHeader, ids, is2xx, originGrant } from '../_lib/index.ts';

const EXPOSE = 'Access-Control-Expose-Headers: Mcp-Session-Id, WWW-Authenticate';
const ALLOW_HEADERS = 'Content-Type, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name';

type Outcome =
  | 'connected' | 'connectedStateless' | 'connectedLegacy'
  | 'initializeBlocked' | 'sessionIdUnreadable' | 'followUpBlocked' | 'statelessBlocked' | 'legacyBlocked' | 'refusedInBrowser'
  | 'authRequired' | 'noCorsAtAll' | 'originNotAdmitted' | 'inconclusive' | 'noTransport' | 'notRun' | 'unavailable' | 'invalidEvidence';

export default defineRule<Outcome>({
  id: 'browser-session',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: 'any',
  title: 'A browser-based agent can connect (checked in Chromium)',
  failureTitle: 'A browser-based agent cannot connect (checked in Chromium)',
  description:
    'The scanner opens a page at the browser-agent origin in headless Chromium and does what a browser MCP ' +
    'client does with `fetch`: initialize, read `Mcp-Session-Id`, then send `notifications/initialized` and ' +
    '`tools/list` with the session and `MCP-Protocol-Version` headers (2026-07-28: `server/discover` and ' +
    '`tools/list` with `MCP-Protocol-Version`, `Mcp-Method` and `_meta`; 2024-11-05: `EventSource` and the ' +
    '`endpoint` event). No MCP revision specifies CORS, but browser clients fail on it more than on anything ' +
    'else: `Mcp-Session-Id` not exposed (typescript-sdk#764), `MCP-Protocol-Version` missing from the allowed ' +
    'headers so the second request fails (php-sdk#264, cloudflare/agents#331). Where this disagrees with the ' +
    'header-based CORS rules, this result is what a browser agent actually gets.',
  specRefs: [
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
    { label: 'MDN: CORS', url: MDN_CORS },
    { label: 'Session Management (2025-11-25)', url: spec.transports('2025-11-25', 'session-management') },
    { label: 'Protocol Version Header (2025-11-25)', url: spec.transports('2025-11-25', 'protocol-version-header') },
    { label: 'Request Metadata (2026-07-28)', url: spec.streamableHttp07('request-metadata') },
  ],
  outcomes: {
    connected: { status: 'pass', score: 1, summary: 'In Chromium, initialize, the session id and the follow-up requests with MCP headers all worked.' },
    connectedStateless: { status: 'pass', score: 1, summary: 'In Chromium, server/discover and tools/list with the 2026-07-28 headers worked.' },
    connectedLegacy: { status: 'pass', score: 1, summary: 'In Chromium, EventSource received the endpoint event and initialize was answered on the stream.' },
    initializeBlocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then blocks.',
      summary: 'Chromium blocked the first request: a browser-based agent cannot connect at all.',
      fix: `Answer the CORS preflight (OPTIONS, before any authentication) with 204, \`Access-Control-Allow-Origin\` and \`Access-Control-Allow-Headers: ${ALLOW_HEADERS}\`, and send \`Access-Control-Allow-Origin\` plus \`${EXPOSE}\` on every actual response.`,
    },
    sessionIdUnreadable: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then blocks.',
      summary: 'Initialize works in Chromium, but script cannot read Mcp-Session-Id: the browser agent loses its session.',
      fix: `Send \`${EXPOSE}\` on the initialize response (on every response). Express \`cors()\`: \`exposedHeaders: ["Mcp-Session-Id", "WWW-Authenticate"]\`.`,
    },
    followUpBlocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then blocks.',
      summary: 'Initialize works in Chromium, but the next request, carrying the MCP headers, is blocked.',
      fix: `List every MCP header in the preflight's \`Access-Control-Allow-Headers\`: \`${ALLOW_HEADERS}\` (\`*\` never covers Authorization).`,
    },
    statelessBlocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then blocks.',
      summary: 'Chromium blocked the 2026-07-28 requests (server/discover or tools/list with MCP-Protocol-Version, Mcp-Method, Mcp-Name).',
      fix: `Answer the preflight with \`Access-Control-Allow-Headers: ${ALLOW_HEADERS}\` and send \`Access-Control-Allow-Origin\` on every POST response.`,
    },
    legacyBlocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients, which the server admits with CORS and then blocks.',
      summary: 'Chromium blocked the 2024-11-05 HTTP+SSE connection (the EventSource stream or the POST to its endpoint).',
      fix: 'Send `Access-Control-Allow-Origin` on the SSE stream and on the message endpoint, and answer its preflight with `Access-Control-Allow-Headers: Content-Type`. Better: serve Streamable HTTP.',
    },
    refusedInBrowser: {
      status: 'warn', score: 0.3,
      summary: 'Chromium could read the answers, but the server refused the browser\'s requests (often an Origin allow-list).',
      fix: 'If browser agents should connect, accept their Origin (an allow-list of the real client origins) and give them the same MCP answers as other clients.',
    },
    authRequired: {
      status: 'na', unobserved: true,
      summary: 'The endpoint needs credentials, so the browser session could not be tried (see browser-auth-discovery).',
    },
    inconclusive: {
      status: 'na', unobserved: true,
      summary: 'The browser check did not get far enough to judge (time ran out, or a step was cut short).',
    },
    noTransport: { status: 'na', summary: 'No MCP transport was identified, so there was nothing for a browser to connect to.' },
    noCorsAtAll: NO_CORS_AT_ALL,
    originNotAdmitted: ORIGIN_NOT_ADMITTED,
    ...NOT_OBSERVED_OUTCOMES,
  },
  judge({ evidence }) {
    const b = browserEvidence(evidence);
    if (b.kind !== 'ok') return notObserved(b);
    const art = b.art;
    const where = originNote(art);
    if (art.flow === 'none') return { outcome: 'noTransport', detail: 'The scan identified no MCP transport.' };
    if (art.flow === 'auth-only') return { outcome: 'authRequired', detail: `Every transport probe was refused for lack of credentials.${where}` };
    const v = art.flow === 'legacy' ? judgeLegacy(art, where) : art.flow === 'stateless' ? judgeStateless(evidence, art, where) : judgeSession(evidence, art, where);
    // blocked at the first request by a server with no CORS at all: cors-preflight's one finding
    // (or by an allow-list without the scan's origin): cors-preflight's one finding
    if (v.outcome === 'initializeBlocked' || v.outcome === 'statelessBlocked' || v.outcome === 'legacyBlocked') {
      if (noCorsAnywhere(evidence.probes.cors)) return { ...v, outcome: 'noCorsAtAll' };
      if (originNotAdmitted(evidence.probes.cors)) return { ...v, outcome: 'originNotAdmitted' };
    }
    return v;
  },
});

type V = { outcome: Outcome; detail: string; exchanges?: string[]; data?: Record<string, unknown> };
const summarize = (list: BrowserStep[]) => list.map((s) => ({ name: s.name, outcome: s.outcome, ...(s.blockedBy ? { blockedBy: s.blockedBy } : {}) }));

function judgeSession(evidence: Evidence, art: BrowserArtifact, where: string): V {
  const init = step(art, 'initialize');
  const follow = [step(art, 'initialized'), step(art, 'tools-list')];
  const shown = [init, ...follow].filter((s): s is BrowserStep => s !== undefined);
  const cmp = compareSession(evidence, art);
  const detail = (lead = '') => [lead, describeSteps(shown), ...cmp.lines].filter(Boolean).join(' ') + where + incompleteNote(art);
  const base = { exchanges: cmp.exchanges, data: { steps: summarize(shown), disagreements: cmp.disagreements } };
  const v = (outcome: Outcome, lead?: string): V => ({ outcome, detail: detail(lead), ...base });

  if (!init || init.outcome === 'skipped') return v('inconclusive', 'Initialize was not attempted in the browser.');
  if (init.outcome === 'timeout' || init.blockedBy === 'scanner-allowlist') return v('inconclusive');
  if (init.outcome === 'refused' && (init.status === 401 || init.networkStatus === 401)) return v('authRequired', 'Initialize was answered 401 (the scan had no credentials).');
  if (init.outcome === 'blocked' && init.blockedBy !== 'header-not-exposed') return v('initializeBlocked');
  if (init.outcome === 'refused') return v('refusedInBrowser');
  if (init.blockedBy === 'header-not-exposed') return v('sessionIdUnreadable');
  if (follow.some((s) => isBrowserBlock(s))) return v('followUpBlocked');
  if (follow.some((s) => s?.outcome === 'refused')) return v('refusedInBrowser');
  if (follow.some((s) => s === undefined || s.outcome !== 'reached')) return v('inconclusive');
  return v('connected');
}

function judgeStateless(evidence: Evidence, art: BrowserArtifact, where: string): V {
  const disc = step(art, 'discover');
  const tl = step(art, 'tools-list');
  const shown = [disc, tl].filter((s): s is BrowserStep => s !== undefined);
  const cmp = compareStateless(evidence, art);
  const detail = [describeSteps(shown), ...cmp.lines].filter(Boolean).join(' ') + where + incompleteNote(art);
  const v = (outcome: Outcome): V => ({ outcome, detail, exchanges: cmp.exchanges, data: { steps: summarize(shown), disagreements: cmp.disagreements } });
  if (!disc || disc.outcome === 'skipped' || disc.outcome === 'timeout' || disc.blockedBy === 'scanner-allowlist') return v('inconclusive');
  if (disc.outcome === 'refused' && (disc.status === 401 || disc.networkStatus === 401)) return v('authRequired');
  if (isBrowserBlock(disc) || isBrowserBlock(tl)) return v('statelessBlocked');
  if (disc.outcome === 'refused' || tl?.outcome === 'refused') return v('refusedInBrowser');
  if (tl?.outcome !== 'reached') return v('inconclusive');
  return v('connectedStateless');
}

function judgeLegacy(art: BrowserArtifact, where: string): V {
  const conn = step(art, 'legacy-connect');
  const post = step(art, 'legacy-initialize');
  const shown = [conn, post].filter((s): s is BrowserStep => s !== undefined);
  const detail = `${describeSteps(shown)} (The header-based CORS probes do not cover the 2024-11-05 transport.)${where}${incompleteNote(art)}`;
  const v = (outcome: Outcome): V => ({ outcome, detail, data: { steps: summarize(shown) } });
  if (!conn || conn.outcome === 'skipped' || conn.outcome === 'timeout' || conn.blockedBy === 'scanner-allowlist') return v('inconclusive');
  if (isBrowserBlock(conn) || isBrowserBlock(post)) return v('legacyBlocked');
  if (conn.outcome === 'refused' || post?.outcome === 'refused') return v('refusedInBrowser');
  if (post?.outcome !== 'reached') return v('inconclusive');
  return v('connectedLegacy');
}

// ---- header prediction vs. the browser ----

interface Comparison { lines: string[]; disagreements: string[]; exchanges: string[] }

function quote(s: BrowserStep): string {
  const q = consoleQuote(s);
  return q ? `"${q.length > 300 ? `${q.slice(0, 300)}…` : q}"` : (s.reason ?? s.outcome);
}

function compareSession(evidence: Evidence, art: BrowserArtifact): Comparison {
  const out: Comparison = { lines: [], disagreements: [], exchanges: [] };
  const cors = evidence.probes.cors;
  const pre = cors?.preflight;
  const act = cors?.actual;
  if (!cors?.attempted || !pre || typeof pre.status !== 'number') return out;
  const origin = pre.origin || cors.origin;
  const ok = (g: string) => g === 'match' || g === 'wildcard';
  const preOk = is2xx(pre.status) && ok(originGrant(pre.allowOrigin, origin)) && allowsHeader(pre, 'content-type');
  const actOk = act !== undefined && ok(originGrant(act.allowOrigin, act.origin || origin));
  const init = step(art, 'initialize');
  const follow = [step(art, 'initialized'), step(art, 'tools-list')].find((s) => s !== undefined && s.outcome !== 'skipped');
  const sessionMinted = typeof evidence.probes.initialize?.sessionId === 'string' || init?.wireHeaders?.['mcp-session-id'] !== undefined;
  const add = (rule: string, predicted: boolean, s: BrowserStep, what: string, browserOk: boolean, why: string) => {
    if (predicted === browserOk) return;
    if (!out.disagreements.includes(rule)) out.disagreements.push(rule);
    out.exchanges = ids(...out.exchanges, pre.exchangeId, act?.exchangeId);
    out.lines.push(predicted
      ? `${rule} looked fine in headers (${why}), but in the browser ${what} failed: ${quote(s)}. The browser's result counts.`
      : `${rule} predicted a failure from the headers (${why}), but in the browser ${what} worked. The browser's result counts.`);
  };
  if (init && init.outcome !== 'skipped' && init.outcome !== 'timeout') {
    const browserInit = !(init.outcome === 'blocked' && init.blockedBy !== 'header-not-exposed');
    add('cors-preflight', preOk && actOk, init, 'initialize', browserInit,
      preOk && actOk ? 'the preflight and the initialize response admit the origin' : 'the preflight or the initialize response has no usable Allow-Origin');
    if (browserInit && sessionMinted && act) {
      const predicted = actOk && exposesHeader(act, 'mcp-session-id');
      add('cors-expose-headers', predicted, init, 'reading Mcp-Session-Id', init.blockedBy !== 'header-not-exposed',
        predicted ? 'the initialize response exposes Mcp-Session-Id' : 'Mcp-Session-Id is not exposed on the initialize response');
    }
  }
  if (follow && follow.outcome !== 'timeout') {
    const predicted = preOk && allowsHeader(pre, 'mcp-protocol-version') && (!sessionMinted || allowsHeader(pre, 'mcp-session-id'));
    add('cors-preflight', predicted, follow, `${follow.name === 'initialized' ? 'notifications/initialized' : 'tools/list'} with the MCP headers`, !isBrowserBlock(follow),
      predicted ? 'Allow-Headers lists MCP-Protocol-Version and Mcp-Session-Id' : 'Allow-Headers lacks MCP-Protocol-Version or Mcp-Session-Id');
  }
  return out;
}

function compareStateless(evidence: Evidence, art: BrowserArtifact): Comparison {
  const out: Comparison = { lines: [], disagreements: [], exchanges: [] };
  const cors = evidence.probes.cors;
  const pre = cors?.preflight;
  if (!cors?.attempted || !pre || typeof pre.status !== 'number') return out;
  const origin = pre.origin || cors.origin;
  const g = originGrant(pre.allowOrigin, origin);
  const act = cors.actual;
  const actOk = act === undefined || ['match', 'wildcard'].includes(originGrant(act.allowOrigin, act.origin || origin));
  const predicted = is2xx(pre.status) && (g === 'match' || g === 'wildcard') && actOk &&
    ['content-type', 'mcp-protocol-version', 'mcp-method'].every((h) => allowsHeader(pre, h));
  const failed = [step(art, 'discover'), step(art, 'tools-list')].find((s) => s !== undefined && isBrowserBlock(s));
  const worked = step(art, 'tools-list')?.outcome === 'reached';
  if (predicted && failed) {
    out.disagreements.push('cors-preflight');
    out.lines.push(`cors-preflight looked fine in headers (the preflight admits the origin and the 2026-07-28 headers), but in the browser ${failed.name} failed: ${quote(failed)}. The browser's result counts.`);
  } else if (!predicted && worked) {
    out.disagreements.push('cors-preflight');
    out.lines.push('cors-preflight predicted a failure from the headers, but in the browser server/discover and tools/list worked. The browser\'s result counts.');
  }
  if (out.disagreements.length) out.exchanges = ids(pre.exchangeId, act?.exchangeId);
  return out;
}
