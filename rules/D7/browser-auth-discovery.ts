// Can a browser-based agent find out how to log in? Judged in headless Chromium: the
// unauthenticated request's 401, its WWW-Authenticate header, and the protected-resource /
// authorization-server metadata it leads to, all read from the page's origin.
import { defineRule, spec } from '../../src/contract/rule.ts';
import type { BrowserArtifact, BrowserStep } from '../../src/contract/browserArtifact.ts';
import type { Evidence } from '../../src/contract/evidence.ts';
import { NOT_OBSERVED_OUTCOMES, NO_CORS_AT_ALL, ORIGIN_NOT_ADMITTED, noCorsAnywhere, originNotAdmitted, browserEvidence, consoleQuote, describeSteps, isBrowserBlock, notObserved, originNote, incompleteNote, step, steps, FETCH_CORS, RFC8414, RFC9728, exposesHeader, ids, originGrant } from '../_lib/index.ts';

const EXPOSE = 'Access-Control-Expose-Headers: WWW-Authenticate, Mcp-Session-Id';

type Outcome =
  | 'discoverable' | 'challengeOnly' | 'headerUnreadableFallback' | 'headerUnreadable' | 'challengeBlocked' | 'metadataBlocked'
  | 'noAuth' | 'noCorsAtAll' | 'originNotAdmitted' | 'inconclusive' | 'notRun' | 'unavailable' | 'invalidEvidence';

export default defineRule<Outcome>({
  id: 'browser-auth-discovery',
  dimension: 'D7',
  level: 'SHOULD',
  basis: 'practice',
  eras: 'any',
  title: 'A browser-based agent can discover how to authenticate (checked in Chromium)',
  failureTitle: 'A browser-based agent cannot discover how to authenticate (checked in Chromium)',
  description:
    'A browser MCP client that gets 401 must read the response, its `WWW-Authenticate` header (RFC 9728 ' +
    '`resource_metadata`), and then fetch the protected-resource and authorization-server metadata — all ' +
    'cross-origin. A 401 without `Access-Control-Allow-Origin` looks like a network error; an unexposed ' +
    '`WWW-Authenticate` is invisible to script (hosted connectors then report "Couldn\'t reach the MCP server", ' +
    'twentyhq/twenty#19836); well-known metadata without CORS headers stops the login (routecraftjs/routecraft#320). ' +
    'The scanner does this in headless Chromium, unauthenticated.',
  specRefs: [
    { label: 'Authorization: Protected Resource Metadata Discovery (2025-11-25)', url: spec.authorization('2025-11-25', 'protected-resource-metadata-discovery-requirements') },
    { label: 'RFC 9728 (Protected Resource Metadata)', url: RFC9728 },
    { label: 'RFC 8414 (Authorization Server Metadata)', url: RFC8414 },
    { label: 'Fetch: CORS protocol', url: FETCH_CORS },
  ],
  outcomes: {
    discoverable: { status: 'pass', score: 1, summary: 'In Chromium, the 401, its WWW-Authenticate header and the login metadata were all readable.' },
    challengeOnly: {
      status: 'pass', score: 1,
      summary: 'In Chromium, the 401 and its challenge were readable; the server publishes no metadata to fetch (see protected-resource-metadata).',
    },
    headerUnreadableFallback: {
      status: 'warn', score: 0.5,
      summary: 'WWW-Authenticate is not exposed to script; clients that fall back to the well-known metadata still find the login, others fail.',
      fix: `Send \`${EXPOSE}\` (and \`Access-Control-Allow-Origin\`) on 401 responses.`,
    },
    headerUnreadable: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: they see a network error instead of a login prompt.',
      summary: 'WWW-Authenticate is not exposed to script and no readable metadata exists: a browser agent cannot find the login.',
      fix: `Send \`${EXPOSE}\` (and \`Access-Control-Allow-Origin\`) on 401 responses, and serve the RFC 9728 metadata with \`Access-Control-Allow-Origin: *\`.`,
    },
    challengeBlocked: {
      status: 'fail', score: 0, breaks: 'browser-based MCP clients: they see a network error instead of a login prompt.',
      summary: 'Chromium could not read the 401 at all: the browser agent sees a network error instead of a login prompt.',
      fix: `Add CORS headers to 401 responses (authentication middleware often answers before the CORS middleware runs): \`Access-Control-Allow-Origin\` and \`${EXPOSE}\`; answer preflights before authentication.`,
    },
    metadataBlocked: {
      status: 'fail', score: 0.2, breaks: 'browser-based MCP clients: they see a network error instead of a login prompt.',
      summary: 'The login metadata exists but Chromium could not read it (no CORS headers on the metadata documents).',
      fix: 'Serve `/.well-known/oauth-protected-resource…` and the authorization-server metadata with `Access-Control-Allow-Origin: *`: they are public documents that browser clients fetch before logging in.',
    },
    noAuth: { status: 'na', summary: 'No authentication is required (no 401 without credentials).' },
    noCorsAtAll: NO_CORS_AT_ALL,
    originNotAdmitted: ORIGIN_NOT_ADMITTED,
    inconclusive: { status: 'na', unobserved: true, summary: 'The browser could not tell whether authentication is required, or ran out of time.' },
    ...NOT_OBSERVED_OUTCOMES,
  },
  judge({ evidence }) {
    const b = browserEvidence(evidence);
    if (b.kind !== 'ok') return notObserved(b);
    const art = b.art;
    const where = originNote(art);
    if (art.flow === 'none') return { outcome: 'noAuth', detail: 'The scan identified no MCP transport.' };
    if (art.flow === 'legacy') return { outcome: 'noAuth', detail: 'The 2024-11-05 transport: EventSource cannot send credentials, so there is no browser login to discover.' };
    const ch = step(art, 'challenge');
    const prm = steps(art, 'prm');
    const as = steps(art, 'as-metadata');
    const shown = [ch, ...prm, ...as].filter((s): s is BrowserStep => s !== undefined);
    const required = art.authRequired ?? (evidence.probes.auth?.required === true ? true : undefined);
    const chStatus = ch?.networkStatus ?? ch?.status;
    if (art.authRequired === false || (chStatus !== undefined && chStatus !== 401)) {
      const first = step(art, 'initialize') ?? step(art, 'discover');
      const status = chStatus ?? first?.networkStatus ?? first?.status;
      return { outcome: 'noAuth', detail: `The unauthenticated request was not answered 401${status !== undefined ? ` (status ${status})` : ''}.` };
    }
    const cmp = compare(evidence, art, ch, prm);
    const detail = (lead = '') => [lead, describeSteps(shown), ...cmp.lines].filter(Boolean).join(' ') + where + incompleteNote(art);
    const data = { steps: shown.map((s) => ({ name: s.name, outcome: s.outcome, ...(s.blockedBy ? { blockedBy: s.blockedBy } : {}) })), disagreements: cmp.disagreements };
    const v = (outcome: Outcome, lead?: string) => ({ outcome, detail: detail(lead), exchanges: cmp.exchanges, data });

    if (chStatus === undefined && !required) {
      // The browser saw no status; the header probes may know there is no login.
      if (evidence.probes.auth?.attempted && evidence.probes.auth.required === false) {
        return { outcome: 'noAuth', detail: `The header probes got no 401 without credentials; the browser's own request got no answer it could see (see browser-session).${ch ? ` ${describeSteps([ch])}` : ''}` };
      }
      return v('inconclusive', ch && isBrowserBlock(ch) ? 'The browser\'s unauthenticated request was blocked before any status could be seen.' : '');
    }
    if (!ch || ch.outcome === 'skipped' || ch.outcome === 'timeout' || ch.blockedBy === 'scanner-allowlist') return v('inconclusive');
    if (isBrowserBlock(ch) && ch.blockedBy !== 'header-not-exposed') {
      // stopped by CORS before the 401 was readable, by a server that admits this origin nowhere:
      // cors-preflight's one finding, not a 401 missing its CORS headers
      if ((ch.blockedBy === 'cors-preflight' || ch.blockedBy === 'cors') && originNotAdmitted(evidence.probes.cors)) {
        return v(noCorsAnywhere(evidence.probes.cors) ? 'noCorsAtAll' : 'originNotAdmitted', 'The browser was stopped by CORS before it could read the 401, and no response admitted its origin (see cors-preflight).');
      }
      return v('challengeBlocked', ch.networkStatus === 401 ? 'The 401 reached the browser but not the script.' : 'The server requires authentication (seen by the header probes), but the browser\'s request was blocked before any answer.');
    }

    // Metadata: published documents the browser could or could not read.
    const meta = [...prm, ...as];
    const readable = (list: BrowserStep[]) => list.some((s) => s.outcome === 'reached');
    // a document that exists (2xx on the wire) but script could not read it
    const blockedDoc = meta.find((s) => isBrowserBlock(s) && (s.networkStatus === undefined || (s.networkStatus >= 200 && s.networkStatus < 300)));
    const prmOk = readable(prm);
    const asAttempted = as.length > 0;
    const asOk = !asAttempted || readable(as);

    if (ch.blockedBy === 'header-not-exposed') {
      if (prmOk && asOk && !blockedDoc) return v('headerUnreadableFallback');
      return v('headerUnreadable');
    }
    if (blockedDoc) return v('metadataBlocked');
    if (prmOk && asOk) return v('discoverable');
    return v('challengeOnly');
  },
});

interface Comparison { lines: string[]; disagreements: string[]; exchanges: string[] }

function compare(evidence: Evidence, art: BrowserArtifact, ch: BrowserStep | undefined, prm: BrowserStep[]): Comparison {
  const out: Comparison = { lines: [], disagreements: [], exchanges: [] };
  const cors = evidence.probes.cors;
  const c = cors?.challenge;
  const quote = (s: BrowserStep) => { const q = consoleQuote(s); return q ? `: "${q.slice(0, 300)}"` : s.reason ? ` (${s.reason})` : ''; };
  if (ch && c && typeof c.status === 'number' && ch.outcome !== 'timeout' && ch.outcome !== 'skipped') {
    const g = originGrant(c.allowOrigin, c.origin || cors?.origin);
    const readable = g === 'match' || g === 'wildcard';
    const browserReadable = !(isBrowserBlock(ch) && ch.blockedBy !== 'header-not-exposed');
    if (readable !== browserReadable) {
      out.disagreements.push('cors-expose-headers');
      out.lines.push(readable
        ? `cors-expose-headers found Access-Control-Allow-Origin on the 401, but in the browser the 401 was unreadable${quote(ch)}. The browser's result counts.`
        : 'cors-expose-headers found no usable Access-Control-Allow-Origin on the 401, but in the browser it was readable. The browser\'s result counts.');
    } else if (browserReadable && ch.wireHeaders?.['www-authenticate'] !== undefined) {
      const predicted = exposesHeader(c, 'www-authenticate');
      const got = ch.blockedBy !== 'header-not-exposed';
      if (predicted !== got) {
        out.disagreements.push('cors-expose-headers');
        out.lines.push(predicted
          ? `cors-expose-headers looked fine in headers (WWW-Authenticate exposed on the 401), but the browser could not read WWW-Authenticate${quote(ch)}. The browser's result counts.`
          : 'cors-expose-headers found WWW-Authenticate not exposed, but the browser read it. The browser\'s result counts.');
      }
    }
    if (out.disagreements.length) out.exchanges = ids(c.exchangeId);
  }
  // The header probes fetched the same well-known URLs with Origin: did they see Allow-Origin?
  const tried = evidence.probes.auth?.prm?.tried ?? [];
  for (const s of prm) {
    const t = tried.find((x) => x.url === s.url);
    if (!t || typeof t.status !== 'number' || t.status !== 200 || s.outcome === 'timeout' || s.outcome === 'skipped') continue;
    const predicted = t.allowOrigin !== undefined && ['match', 'wildcard'].includes(originGrant(t.allowOrigin, cors?.origin ?? art.headerProbeOrigin));
    const got = s.outcome === 'reached';
    if (predicted !== got) {
      out.disagreements.push('protected-resource-metadata');
      out.exchanges = ids(...out.exchanges, t.exchangeId);
      out.lines.push(predicted
        ? `The header probe saw Access-Control-Allow-Origin on ${s.url}, but the browser could not read it${quote(s)}. The browser's result counts.`
        : `The header probe saw no usable Access-Control-Allow-Origin on ${s.url}, but the browser read it. The browser's result counts.`);
    }
  }
  return out;
}
