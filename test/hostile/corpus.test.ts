// The scanner against the hostile-server corpus (test/hostile/servers): for every case the
// scan resolves (never rejects), ends within its deadline plus 1.5 s, nothing escapes as an
// unhandled rejection or uncaught exception, memory and evidence stay within their caps,
// every report renders without letting server text through raw, and the Result names what
// went wrong. Cases run one after another in this process so each scan's peak memory can
// be measured; the table (case, outcome, wall time, peak memory) is printed at the end.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Evidence } from '../../src/contract/evidence.ts';
import { Result } from '../../src/contract/result.ts';
import { DEFAULT_LIMITS, type NetLimits } from '../../src/contract/limits.ts';
import { MIN_DATA_EXCERPT } from '../../src/net/sse.ts';
import { renderSummary } from '../../src/cli/summary.ts';
import { renderHtml } from '../../reports/html.ts';
import { renderEvidenceJson, renderJson, renderJunit, renderMarkdown, renderSarif } from '../../reports/index.ts';
import { HOSTILE_SERVERS } from './servers/index.ts';
import { IMG, XSS } from './servers/injection.ts';
import { escaped, keptHeap, measureScan, table, type Measured, type Row } from './measure.ts';

/** wall time allowed beyond the deadline */
const GRACE_MS = 1_500;
/** evidence JSON of any one scan */
const MAX_EVIDENCE_BYTES = 16 * 1024 * 1024;
/** peak heap of any one scan over its baseline (docs/LIMITS.md: ≤ ~160 MB measured worst case) */
const MAX_PEAK_HEAP = 300 * 1024 * 1024;

interface Case {
  name: string;
  /** server name in HOSTILE_SERVERS (default: name) */
  server?: string;
  deadlineMs: number;
  limits?: Partial<NetLimits>;
  check(m: Measured): void;
}

const kinds = (m: Measured) => m.evidence.transcript.flatMap((x) => (x.error ? [x.error.kind] : []));
const first = (m: Measured) => m.evidence.transcript.find((x) => x.probe === 'initialize') ?? m.evidence.transcript[0]!;
const eraRule = (m: Measured) => m.result.rules.find((r) => r.id === 'era')!;

/** Nothing answered as MCP: the era rule fails and names why (the unreachable reason is also on the Result). */
function unreachable(m: Measured, reason: RegExp): void {
  const era = eraRule(m);
  assert.equal(era.status, 'fail', `era rule: ${era.status} ${era.detail}`);
  assert.equal(m.result.era, 'unknown');
  assert.match(m.result.unreachableReason ?? '', reason);
  assert.match(era.detail, reason);
}

function hasKind(m: Measured, kind: string, message?: RegExp): void {
  const hits = m.evidence.transcript.filter((x) => x.error?.kind === kind && (!message || message.test(x.error.message)));
  assert.ok(hits.length > 0, `an exchange failed with ${kind}${message ? ` ${message}` : ''}; got ${JSON.stringify(kinds(m))}`);
}

function speaksMcp(m: Measured): void {
  assert.equal(eraRule(m).status, 'pass', `era: ${eraRule(m).detail}`);
  assert.equal(m.result.era, 'session');
}

const CASES: Case[] = [
  // --- connection and timing ------------------------------------------------------------
  { name: 'never-accepts', deadlineMs: 4000, limits: { connectTimeoutMs: 1000 }, check: (m) => { unreachable(m, /^connect-timeout: /); } },
  { name: 'never-accepts, deadline only', server: 'never-accepts', deadlineMs: 3000, check: (m) => {
    unreachable(m, /^deadline: /);
    assert.ok(kinds(m).every((k) => k === 'deadline'));
  } },
  { name: 'connection-refused', deadlineMs: 6000, check: (m) => { unreachable(m, /^connect: .*ECONNREFUSED/); } },
  { name: 'never-answers', deadlineMs: 4000, limits: { headersTimeoutMs: 1500 }, check: (m) => { unreachable(m, /^headers-timeout: /); } },
  { name: 'never-answers, deadline only', server: 'never-answers', deadlineMs: 3000, check: (m) => {
    unreachable(m, /^deadline: /);
    assert.ok(m.result.incidents.some((i) => i.probe === 'scan' && /deadline/.test(i.message)), 'the deadline is an incident');
  } },
  { name: 'headers-then-silence', deadlineMs: 4000, limits: { idleTimeoutMs: 1500 }, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.equal(first(m).response?.status, 200);
    assert.equal(first(m).error?.kind, 'idle-timeout');
  } },
  { name: 'slowloris-headers', deadlineMs: 4000, limits: { headersTimeoutMs: 1500 }, check: (m) => { unreachable(m, /^headers-timeout: /); } },
  { name: 'slowloris-body', deadlineMs: 4000, limits: { requestTimeoutMs: 2000 }, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.equal(first(m).error?.kind, 'body-timeout');
    assert.ok(first(m).response!.bodyBytes <= 4, 'a byte a second');
  } },
  // informational heads re-arm undici's headers timeout; our request timeout still ends it
  { name: 'endless-1xx', deadlineMs: 4000, limits: { requestTimeoutMs: 2000 }, check: (m) => { unreachable(m, /^headers-timeout: no response headers within 2000 ms/); } },
  { name: 'tls-stall', deadlineMs: 4000, limits: { connectTimeoutMs: 1000 }, check: (m) => {
    unreachable(m, /^connect-timeout: /);
    assert.equal(m.evidence.probes.tls?.authorized, false);
    assert.match(m.evidence.probes.tls?.authorizationError ?? '', /TLS handshake not finished|scan deadline/);
  } },
  { name: 'tls-stall, deadline only', server: 'tls-stall', deadlineMs: 3000, check: (m) => { unreachable(m, /^deadline: /); } },
  { name: 'tls-garbage', deadlineMs: 6000, check: (m) => { unreachable(m, /^tls: .*wrong version number/); } },
  { name: 'reset-mid-stream', deadlineMs: 6000, check: (m) => { unreachable(m, /no MCP transport answered/); hasKind(m, 'reset', /ECONNRESET/); } },
  { name: 'content-length-long', deadlineMs: 6000, check: (m) => { unreachable(m, /no MCP transport answered/); hasKind(m, 'reset', /closed/); } },
  { name: 'content-length-short', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.match(first(m).response?.rpc?.invalid.join(' ') ?? '', /not JSON/);
    assert.equal(first(m).response?.bodyBytes, 20);
  } },
  { name: 'garbage-status', deadlineMs: 6000, check: (m) => { unreachable(m, /^protocol: /); } },

  // --- size caps ------------------------------------------------------------------------
  { name: 'endless-sse', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    hasKind(m, 'too-large', /stopped reading after 4194304 bytes/);
    assert.equal(first(m).response?.endedBy, 'cap');
  } },
  { name: 'endless-sse-line', deadlineMs: 6000, check: (m) => { hasKind(m, 'too-large', /SSE line or event longer than 1048576 bytes/); } },
  { name: 'endless-json', deadlineMs: 6000, check: (m) => { hasKind(m, 'too-large', /stopped reading after 4194304 bytes/); } },
  { name: 'gzip-bomb', deadlineMs: 6000, check: (m) => { hasKind(m, 'too-large', /4194304 bytes/); } },
  { name: 'deflate-bomb', deadlineMs: 6000, check: (m) => { hasKind(m, 'too-large', /4194304 bytes/); } },
  { name: 'br-bomb', deadlineMs: 6000, check: (m) => { hasKind(m, 'too-large', /4194304 bytes/); } },
  { name: 'gzip-garbage', deadlineMs: 6000, check: (m) => { hasKind(m, 'decompression'); } },
  { name: 'headers-flood', deadlineMs: 6000, check: (m) => { unreachable(m, /^too-large: Headers Overflow/); } },
  { name: 'header-huge-value', deadlineMs: 6000, check: (m) => { unreachable(m, /^too-large: Headers Overflow/); } },
  { name: 'rpc-batch-flood', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.ok((first(m).response?.rpc?.notifications ?? 0) > 100_000, 'every message counted');
  } },
  { name: 'tools-100k', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    const tl = m.evidence.probes.toolsList!;
    assert.equal(tl.toolCount, 100_000);
    assert.equal(tl.toolNames?.length, 50);
    const x = m.evidence.transcript.find((e) => e.id === tl.exchangeId)!;
    assert.deepEqual(x.response?.rpc?.result, { truncatedForEvidence: true, chars: JSON.stringify({ tools: Array.from({ length: 100_000 }, (_, i) => ({ name: `t${i}` })) }).length });
  } },
  { name: 'flood-after-handshake', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    hasKind(m, 'too-large');
    const streams = m.evidence.transcript.filter((x) => x.response?.sse);
    assert.ok(streams.length >= 5, 'many flooded streams');
  } },

  // --- framing and protocol -------------------------------------------------------------
  { name: 'invalid-utf8', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    assert.match(m.result.server.name ?? '', /\uFFFD/);
  } },
  { name: 'sse-malformed', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    const gs = m.evidence.transcript.find((x) => x.id === m.evidence.probes.getStream?.exchangeId)!;
    const sse = gs.response!.sse!;
    assert.ok(sse.events.length > 0);
    // `id` with NUL is ignored (the spec says so), non-numeric retry values too
    assert.ok(sse.events.every((e) => e.id === undefined || /^ok-\d+$/.test(e.id)), JSON.stringify(sse.events.slice(0, 3)));
    assert.deepEqual(sse.retries, []);
  } },
  { name: 'rpc-wrong-version', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.match(first(m).response?.rpc?.invalid.join(' ') ?? '', /jsonrpc is/);
  } },
  { name: 'rpc-id-mismatch', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.match(m.evidence.transcript.map((x) => x.response?.rpc?.invalid.join(' ')).join(' '), /does not match request id/);
  } },
  { name: 'rpc-result-and-error', deadlineMs: 6000, check: (m) => {
    unreachable(m, /no MCP transport answered/);
    assert.match(first(m).response?.rpc?.invalid.join(' ') ?? '', /has both result and error/);
  } },
  { name: 'rpc-deep-nesting', deadlineMs: 6000, check: (m) => {
    assert.deepEqual(m.result.incidents, []);
    unreachable(m, /no MCP transport answered/);
    // both the 100,000 unclosed brackets and the well-formed 100,000-level response are refused before parsing
    const invalid = m.evidence.transcript.flatMap((x) => x.response?.rpc?.invalid ?? []);
    assert.ok(invalid.filter((s) => /not parsed: nested deeper than 512 levels/.test(s)).length >= 2, invalid.join('\n'));
  } },
  { name: 'auth-maze', deadlineMs: 8000, check: (m) => {
    assert.equal(eraRule(m).status, 'na', 'behind a login: not judged as unreachable');
    assert.equal(m.evidence.probes.era.authBlocked, true);
    const auth = m.evidence.probes.auth!;
    assert.equal(auth.challenge?.scheme, 'Bearer');
    assert.ok(Object.keys(auth.challenge!.params).length <= 30);
    assert.match(JSON.stringify((auth.prm?.document as Record<string, unknown> | undefined)?.deep), /truncatedForEvidence/);
    assert.ok(auth.asMetadata?.tried.some((t) => /^too-large/.test(t.error ?? '')), JSON.stringify(auth.asMetadata?.tried));
    assert.deepEqual(m.result.incidents, []);
  } },
  { name: 'ws-flood', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    const ws = m.evidence.probes.websocket!;
    assert.ok(ws.frames.length <= 300, `${ws.frames.length} frames kept`);
    assert.ok(ws.frames.every((f) => (f.text ?? '').length <= 2000));
    assert.deepEqual(m.result.incidents, []);
  } },
  { name: 'json-amplification', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    const invalid = m.evidence.transcript.flatMap((x) => x.response?.rpc?.invalid ?? []).join(' ');
    assert.match(invalid, /not parsed: nested deeper than 512 levels/);
    assert.match(invalid, /not parsed: more than 200000 objects and arrays/);
  } },
  { name: 'redirect-loop', deadlineMs: 6000, check: (m) => { unreachable(m, /no MCP transport answered/); hasKind(m, 'redirect', /more than 3 redirects/); } },
  { name: 'redirect-scheme', deadlineMs: 6000, check: (m) => {
    hasKind(m, 'redirect', /unsupported scheme (file|gopher|data|javascript|ftp):/);
    assert.ok(m.evidence.transcript.every((x) => /^https?:/.test(x.request.url)), 'never followed');
  } },
  { name: 'html-200', deadlineMs: 6000, check: (m) => { unreachable(m, /no MCP transport answered \(.*200 text\/html/); } },
  { name: 'injection', deadlineMs: 8000, check: (m) => {
    speaksMcp(m);
    assert.ok(m.result.server.name?.includes(XSS), 'the payload reached the Result (so the rendering checks mean something)');
    assert.ok(m.result.protocolVersion?.includes('\u001b'), 'escape sequences reached the Result');
    assert.ok(!kinds(m).includes('other'), `server strings echoed in request headers must not break requests: ${JSON.stringify(kinds(m))}`);
  } },
];

// ---- checks every case gets ----------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const OUR_SGR = /\u001b\[\d+(;\d+)*m/g;

function common(c: Case, m: Measured): void {
  assert.deepEqual(m.escaped, [], 'no unhandled rejection or uncaught exception');
  assert.ok(m.wallMs <= c.deadlineMs + GRACE_MS, `wall ${m.wallMs} ms > deadline ${c.deadlineMs} + ${GRACE_MS} ms`);
  Evidence.parse(m.evidence);
  Result.parse(m.result);
  assert.ok(m.evidenceBytes <= MAX_EVIDENCE_BYTES, `evidence ${m.evidenceBytes} bytes`);
  assert.ok(m.peakHeap <= MAX_PEAK_HEAP, `peak heap ${m.peakHeap} bytes`);
  // what stays in memory is the evidence, not the bytes it was cut from (V8 slices pin their parent string)
  assert.ok(m.retainedHeap <= 3 * m.evidenceBytes + 8 * 1024 * 1024, `kept ${m.retainedHeap} bytes of heap for ${m.evidenceBytes} bytes of evidence`);

  const limits = { ...DEFAULT_LIMITS, ...c.limits };
  for (const x of m.evidence.transcript) {
    const r = x.response;
    if (x.error) assert.doesNotMatch(x.error.message, /\n\s+at /, 'no stack traces in the evidence');
    if (!r) continue;
    assert.ok(r.bodyBytes <= Math.max(limits.maxBodyBytes, limits.maxStreamBytes) + 1024 * 1024, `${x.label}: read ${r.bodyBytes} bytes`);
    assert.ok((r.body ?? '').length <= limits.maxBodyExcerpt);
    assert.ok(Object.keys(r.headers).length <= 200);
    if (r.sse) {
      assert.ok(r.sse.events.length <= limits.maxEventsKept);
      assert.ok(r.sse.comments.length <= limits.maxEventsKept);
      const kept = r.sse.events.reduce((n, e) => n + e.data.length, 0);
      assert.ok(kept <= limits.maxSseDataKept + limits.maxBodyExcerpt + limits.maxEventsKept * MIN_DATA_EXCERPT, `${x.label}: ${kept} chars of event data kept`);
    }
  }
  const era = eraRule(m);
  assert.ok(era.detail.length > 0);
  for (const i of m.result.incidents) assert.doesNotMatch(i.message, /\n\s+at /);

  // the terminal summary never passes control characters through (ours: only SGR colours)
  const plain = renderSummary(m.result, { color: false });
  assert.doesNotMatch(plain.replaceAll('\n', ''), CONTROL, 'no control characters in the summary');
  const colored = renderSummary(m.result, { color: true }).replace(OUR_SGR, '');
  assert.doesNotMatch(colored.replaceAll('\n', ''), CONTROL, 'no control characters besides our colours');

  // every report renders; the HTML report never carries the server's markup raw
  const html = renderHtml(m.result, m.evidence);
  assert.ok(!html.includes(XSS) && !html.includes(IMG), 'server markup is escaped in the HTML report');
  assert.ok(!/<script>alert|<img src=x/i.test(html));
  renderJson(m.result);
  renderEvidenceJson(m.evidence);
  renderMarkdown(m.result);
  renderJunit(m.result);
  JSON.stringify(renderSarif(m.result));
}

function outcome(m: Measured): string {
  const era = eraRule(m);
  const counts = new Map<string, number>();
  for (const k of kinds(m)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const errors = [...counts].map(([k, n]) => `${k}×${n}`).join(' ');
  return `era ${era.status}${m.result.era !== 'unknown' ? ` (${m.result.era})` : ''}; ${errors || 'no network errors'}${m.result.incidents.length ? `; ${m.result.incidents.length} incident` : ''}`;
}

function sockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;
}

/** the scanner's own sockets to the server still open (the server-side ones share this process) */
function clientSocketsTo(port: number): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => h instanceof net.Socket && h.remotePort === port && !h.destroyed).length;
}

const rows: Row[] = [];

for (const c of CASES) {
  test(`hostile: ${c.name}`, async () => {
    const start = HOSTILE_SERVERS[c.server ?? c.name];
    assert.ok(start, `no server ${c.server ?? c.name}`);
    const openBefore = sockets();
    const server = await start();
    let m: Measured;
    let leaked: number;
    const port = Number(new URL(server.url).port);
    const ownSockets = clientSocketsTo(port); // never-accepts fills the accept queue with its own
    try {
      m = await measureScan(server.url, c.deadlineMs, c.limits);
      keptHeap(m);
      leaked = clientSocketsTo(port) - ownSockets;
    } finally {
      await server.close();
    }
    assert.equal(leaked, 0, 'the scanner closed every socket it opened before resolving');
    rows.push({ name: c.name, outcome: outcome(m), wallMs: m.wallMs, deadlineMs: c.deadlineMs, peakRss: m.peakRss, peakHeap: m.peakHeap, retainedHeap: m.retainedHeap, evidenceBytes: m.evidenceBytes });
    common(c, m);
    c.check(m);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(sockets() <= openBefore, `sockets left open after the scan: ${sockets()} > ${openBefore}`);
  });
}

// The HTML report pretty-prints JSON bodies (reports/transcriptView.ts bodyText): unbounded,
// 8 KB of valid JSON nested 4,000 levels would become ~32 MB of indentation per exchange.
test('hostile: small deeply nested JSON bodies do not blow up the HTML report', async () => {
  const server = await HOSTILE_SERVERS['deep-json-small']!();
  let m: Measured;
  try {
    m = await measureScan(server.url, 6000);
    keptHeap(m);
  } finally {
    await server.close();
  }
  common({ name: 'deep-json-small', deadlineMs: 6000, check: () => {} }, m);
  const html = renderHtml(m.result, m.evidence);
  assert.ok(html.length <= 4 * 1024 * 1024, `HTML report of ${(html.length / 1024 / 1024).toFixed(1)} MB for ${(m.evidenceBytes / 1024).toFixed(0)} KB of evidence`);
});

test('hostile: nothing escaped after the whole corpus', async () => {
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(escaped, []);
});

after(() => {
  process.stdout.write(`\nHostile corpus, sequential in one process (peak Δ over a post-GC baseline, sampled every 20 ms; the servers run in the same process):\n${table(rows)}\n`);
});
