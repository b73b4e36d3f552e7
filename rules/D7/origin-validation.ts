// Does the server refuse requests carrying a foreign Origin? This is the DNS-rebinding defence:
// without it any web page the user visits can drive a local MCP server.
import { defineRule, spec } from '../../src/contract/rule.ts';
import type { Exchange } from '../../src/contract/evidence.ts';
import { clip, hasRevision, ids, initializeRefusedAlike, is2xx, is4xx, responseHeader } from '../_lib/index.ts';

const SDK_FIX =
  'TypeScript SDK: `new StreamableHTTPServerTransport({ enableDnsRebindingProtection: true, allowedOrigins: [...], allowedHosts: [...] })`; ' +
  'Python SDK: `TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_origins=[...], allowed_hosts=[...])`.';

export default defineRule({
  id: 'origin-validation',
  dimension: 'D7',
  level: 'MUST',
  transports: ['http', 'websocket'],
  eras: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'],
  title: 'Foreign Origins are refused',
  failureTitle: 'Requests from foreign web pages are accepted',
  description:
    'Servers MUST validate the `Origin` header on every connection. A browser attaches `Origin` to every ' +
    'cross-site request, so refusing unknown origins (403 since 2025-11-25) is what stops a malicious web page ' +
    'from driving the server through the user\'s browser. For servers on localhost this is the DNS-rebinding ' +
    'attack: a page re-points its own host name at 127.0.0.1 and calls the local server as if same-origin ' +
    '(GHSA-w48q-cv73-mx4w; the SDKs ship this protection off by default). Non-browser agents send no `Origin`, ' +
    'so refusing foreign ones costs them nothing.',
  specRefs: [
    { label: 'Security Warning (2025-11-25)', url: spec.transports('2025-11-25', 'security-warning') },
    { label: 'Security Warning (2025-03-26)', url: spec.transports('2025-03-26', 'security-warning') },
    { label: 'Security & Endpoint (2026-07-28)', url: spec.streamableHttp07() },
    { label: 'HTTP with SSE (2024-11-05)', url: spec.transports('2024-11-05', 'security-warning') },
  ],
  outcomes: {
    refused403: { status: 'pass', score: 1, summary: 'A request with a foreign Origin was refused with 403 Forbidden.' },
    refused: {
      status: 'pass', score: 1,
      summary: 'A request with a foreign Origin was refused (these revisions name no status code).',
    },
    refusedNot403: {
      status: 'warn', score: 0.7, since: '2025-11-25', otherwise: 'refused',
      summary: 'A request with a foreign Origin was refused, but not with the 403 that 2025-11-25 names.',
      fix: 'Answer a present-but-invalid Origin with `403 Forbidden` (body MAY be a JSON-RPC error without id), as 2025-11-25 and 2026-07-28 require.',
    },
    acceptedLoopback: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A local server accepted a request carrying a foreign web Origin: web pages can drive it (with DNS rebinding or cross-site WebSocket, past CORS too).',
      fix: `Refuse requests whose \`Origin\` is present and not on your allow-list with \`403 Forbidden\`, and check \`Host\` is localhost/127.0.0.1. ${SDK_FIX}`,
    },
    streamOnly: {
      status: 'warn', score: 0.7,
      summary: 'The HTTP+SSE message endpoint refuses a foreign Origin (and a spoofed Host), so web pages cannot send it requests; the SSE stream itself opens for them, where every connection should be checked.',
      fix: 'Check `Origin` (and `Host`) on the SSE stream request too, not only on POSTs to the message endpoint: refuse foreign ones with `403 Forbidden` before the `endpoint` event is sent.',
    },
    hostOnly: {
      status: 'fail', score: 0.4,
      summary: 'A local server refuses foreign Host names, which stops DNS rebinding, but served a request carrying a foreign Origin: the Origin check the spec requires is missing.',
      fix: 'Also check `Origin`: when it is present and not on your allow-list, answer `403 Forbidden` before routing (a few lines of middleware next to the Host check). ' +
        'TypeScript SDK: `createMcpExpressApp()` checks Host only; add `allowedOrigins` with `enableDnsRebindingProtection: true` on the transport, or your own Origin middleware.',
    },
    hostRebinding: {
      status: 'fail', score: 0, cap: 0.5,
      summary: 'A local server accepted a request whose Host header names a foreign domain (DNS rebinding).',
      fix: `Validate the \`Host\` header against your own names (localhost, 127.0.0.1 with the port) and answer others with 403 or 421. ${SDK_FIX}`,
    },
    acceptedPublic: {
      status: 'warn', score: 0.5,
      summary: 'A request from a foreign web origin was accepted. Which origins are "invalid" is the server\'s call, but browsers can now drive it from any page.',
      fix: `If browser-based clients should use this server, allow-list their origins and answer other present Origins with \`403 Forbidden\`; if only non-browser agents use it, refuse every request that carries an \`Origin\`. ${SDK_FIX}`,
    },
    authMasked: {
      status: 'na', unobserved: true,
      summary: 'The foreign-Origin request was refused for missing credentials (401), so Origin handling could not be seen.',
    },
    inconclusive: {
      status: 'na', unobserved: true,
      summary: 'The foreign-Origin request failed the same way requests without Origin do, so the Origin check could not be isolated.',
    },
    unobserved: { status: 'na', unobserved: true, summary: 'The Origin probe did not run or got no HTTP answer.' },
  },
  judge({ evidence, revisions, exchange }) {
    const { origin, target, era, initialize, discover, legacy, auth } = evidence.probes;
    if (!origin?.attempted || typeof origin.status !== 'number') {
      return {
        outcome: 'unobserved',
        detail: origin?.attempted ? 'The foreign-Origin request got no HTTP response.' : 'The Origin probe was not run.',
        exchanges: ids(origin?.exchangeId),
      };
    }
    let status = origin.status;
    const sent = clip(origin.originSent ?? 'https://evil.example', 80);
    let x = exchange(origin.exchangeId);
    const verb = x?.request.method ?? 'POST'; // GET: an HTTP+SSE stream
    let exchanges = ids(origin.exchangeId, origin.hostRebinding?.exchangeId);
    // every initialize after the first refused alike (one client per process, nestjs-mcp): the
    // foreign-Origin initialize shows nothing, the same Origin on the scan's own session does
    const onSession = origin.onSession;
    let asked = '';
    if (verb === 'POST' && initializeRefusedAlike(evidence, status) && typeof onSession?.status === 'number') {
      asked = ` (initialize is refused to every client after the first, ${status} alike, so this was asked on the scan's own session: tools/list)`;
      status = onSession.status;
      x = exchange(onSession.exchangeId);
      exchanges = ids(origin.exchangeId, onSession.exchangeId, origin.hostRebinding?.exchangeId);
    }
    const loopback = target.isLoopback === true;
    const host = origin.hostRebinding;
    const hostAccepted = loopback && host !== undefined && (is2xx(host.status) || host.status === 101);
    const hostLine = !loopback
      ? ''
      : host === undefined
        ? ' Host spoofing was not tested.'
        : asked && host.status === origin.status
          ? ` The spoofed-Host initialize met the same ${host.status}: not judged.`
        : typeof host.status === 'number'
          ? ` With \`Host\` spoofed the server answered ${host.status}${is2xx(host.status) || host.status === 101 ? ' (accepted)' : ' (refused)'}.`
          : ' The spoofed-Host request got no HTTP response.';

    // A 2xx carrying only a JSON-RPC error is an in-band refusal, not acceptance; a 101 is a WebSocket served.
    const inBandError = is2xx(status) && rpcErrorOnly(x);
    if ((is2xx(status) && !inBandError) || status === 101) {
      const detail = `${verb} with \`Origin: ${sent}\` was answered ${status}${asked}: the request was served.${hostLine}`;
      // HTTP+SSE: a stream that opens is harmless when the message endpoint, where requests go in,
      // refuses the same foreign Origin and spoofed Host (the SDK's SSEServerTransport checks there).
      const posts = legacy?.foreignPosts;
      if (x?.request.method === 'GET' && posts && is4xx(posts.origin.status) && (!loopback || is4xx(posts.host?.status))) {
        return {
          outcome: 'streamOnly',
          detail: `${detail} A ping to the message endpoint with that Origin was answered ${posts.origin.status}${posts.host ? `, with \`Host\` spoofed ${posts.host.status}` : ''}: refused.`,
          exchanges: ids(origin.exchangeId, origin.hostRebinding?.exchangeId, posts.origin.exchangeId, posts.host?.exchangeId),
        };
      }
      const postLine = x?.request.method === 'GET' && posts
        ? ` A ping to the message endpoint with that Origin was answered ${posts.origin.status ?? 'nothing'}${posts.host ? `, with \`Host\` spoofed ${posts.host.status ?? 'nothing'}` : ''}.`
        : '';
      // the pings the detail quotes are evidence too
      if (postLine) exchanges = ids(...exchanges, posts!.origin.exchangeId, posts!.host?.exchangeId);
      // Host refused: rebinding is blocked, what is left is the missing Origin check itself (its own
      // finding, without the cap: a page can reach the server only under its own name, through CORS).
      const hostRefused = loopback && host !== undefined && typeof host.status === 'number' && is4xx(host.status);
      // …unless CORS admits that foreign origin too: then any page drives the server under its own
      // name, no rebinding needed (mcp-use with `cors: {}` echoes every Origin)
      const acao = responseHeader(x, 'access-control-allow-origin')?.trim();
      const corsAdmits = acao !== undefined && (acao === '*' || acao === origin.originSent);
      if (hostRefused && corsAdmits) {
        return { outcome: 'acceptedLoopback', detail: `${detail}${postLine} Its CORS admits that origin too (\`Access-Control-Allow-Origin: ${clip(acao, 80)}\`), so any web page can drive it under its own name, no DNS rebinding needed. Target ${clip(target.host, 80)} is a loopback address.`, exchanges };
      }
      if (hostRefused) return { outcome: 'hostOnly', detail: `${detail}${postLine} Target ${clip(target.host, 80)} is a loopback address.`, exchanges };
      if (loopback) return { outcome: 'acceptedLoopback', detail: `${detail}${postLine} Target ${clip(target.host, 80)} is a loopback address.`, exchanges };
      return { outcome: 'acceptedPublic', detail: `${detail}${postLine}`, exchanges };
    }

    // Is the refusal caused by the Origin, or would the request have failed anyway?
    const baselineOk =
      (era.reachable && era.era !== 'unknown' && !era.authBlocked) ||
      initialize?.ok === true || discover?.answered === true || legacy?.ok === true;
    const baselineStatus = auth?.unauthenticated?.status ?? initialize?.attempts[0]?.status ?? discover?.status;
    const legacyOnly = revisions.length > 0 && revisions.every((r) => r === '2024-11-05');
    let attributable = baselineOk || (baselineStatus !== undefined && baselineStatus !== status);
    // A legacy server answers any POST to its SSE URL with 404/405 whatever the Origin.
    if (legacyOnly && (status === 404 || status === 405)) attributable = false;
    // every initialize after the first refused alike (one client per process, see multiple-clients)
    if (verb === 'POST' && !asked && initializeRefusedAlike(evidence, status)) attributable = false;

    if (!attributable || !(is4xx(status) || inBandError)) {
      if (status === 401) {
        return {
          outcome: 'authMasked',
          detail: `${verb} with \`Origin: ${sent}\` was answered 401, as unauthenticated requests are; the Origin check (if any) sits behind authentication.${hostLine}`,
          exchanges,
        };
      }
      return {
        outcome: 'inconclusive',
        detail: `${verb} with \`Origin: ${sent}\` was answered ${status}${baselineStatus !== undefined ? `; requests without Origin got ${baselineStatus}` : ''}` +
          `${verb === 'POST' && initializeRefusedAlike(evidence, status) ? '; so were initializes from further clients without any Origin, so the refusal is not the Origin check\'s' : ''}.${hostLine}`,
        exchanges,
      };
    }

    const how = inBandError ? `${status} with a JSON-RPC error body` : String(status);
    // A spoofed Host without Origin served is no rebinding hole when requests go in by POST: a
    // rebinding page's POSTs carry its Origin (browsers send it on every POST, same-origin too),
    // which was refused. The spec asks for the Origin check only; GET streams (HTTP+SSE) differ.
    const hostX = exchange(host?.exchangeId);
    const postOnly = verb === 'POST' && hostX?.request.method === 'POST';
    if (hostAccepted && postOnly) {
      const note = ` A POST with \`Host\` spoofed and no Origin was served (${host?.status}), but a DNS-rebinding page's POSTs carry its Origin, which is refused: the check the spec asks for holds.`;
      if (status === 403) return { outcome: 'refused403', detail: `${verb} with \`Origin: ${sent}\` was answered 403.${note}`, exchanges };
      const needs403 = hasRevision(revisions, '2025-11-25', '2026-07-28');
      return { outcome: 'refusedNot403', detail: `${verb} with \`Origin: ${sent}\` was refused with ${how}${needs403 ? '; 2025-11-25 and later name 403 Forbidden' : ''}.${note}`, exchanges };
    }
    if (hostAccepted) {
      return {
        outcome: 'hostRebinding',
        detail: `${verb} with \`Origin: ${sent}\` was refused (${how}), but${hostLine.replace(/^ With/, ' with')} Target ${clip(target.host, 80)} is a loopback address.`,
        exchanges,
      };
    }
    if (status === 403) {
      return { outcome: 'refused403', detail: `${verb} with \`Origin: ${sent}\` was answered 403${asked}.${hostLine}`, exchanges };
    }
    const needs403 = hasRevision(revisions, '2025-11-25', '2026-07-28');
    return {
      outcome: 'refusedNot403', // gated: the engine reports 'refused' where no judged revision names 403
      detail: `${verb} with \`Origin: ${sent}\` was refused with ${how}${needs403 ? '; 2025-11-25 and later name 403 Forbidden' : ''}.${hostLine}`,
      exchanges,
    };
  },
});

function rpcErrorOnly(x: Exchange | undefined): boolean {
  const rpc = x?.response?.rpc;
  return rpc !== undefined && rpc.error !== undefined && rpc.result === undefined;
}
