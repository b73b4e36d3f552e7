// Are Mcp-Session-Id values well-formed and unguessable? A guessable id lets an attacker inject
// into or read from someone else's session.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { SESSION_REVISIONS } from '../../src/contract/constants.ts';
import type { Evidence, Exchange } from '../../src/contract/evidence.ts';
import { clip, ids } from '../_lib/index.ts';

const VISIBLE_ASCII = /^[\x21-\x7E]+$/;
const MIN_LENGTH = 16;
const STRONG_BITS = 96;
const WEAK_BITS = 64;

export default defineRule({
  id: 'session-id-entropy',
  dimension: 'D7',
  level: 'MUST',
  // HTTP+SSE (2024-11-05) too: there the session is named in the endpoint URL, and whoever can
  // guess it can POST into someone else's session just the same
  eras: ['2024-11-05', ...SESSION_REVISIONS],
  title: 'Session ids are well-formed and unguessable',
  failureTitle: 'Session ids are malformed or guessable',
  description:
    '`Mcp-Session-Id` MUST contain only visible ASCII (0x21–0x7E) — anything else breaks clients and proxies — and ' +
    'SHOULD be globally unique and cryptographically secure. Anyone who can guess a live session id can send ' +
    'requests into it or receive its server-to-client messages (2025-11-25 Security Best Practices › Session ' +
    'Hijacking). This rule compares ids from separate initializes: short, sequential or mostly-constant ids are ' +
    'guessable; the entropy estimate is length × log2(observed alphabet) over the characters that vary. On the ' +
    'deprecated HTTP+SSE transport the session is the `sessionId` (or the whole URL) of the `endpoint` event, and the ' +
    'scan compares those of two SSE connections.',
  specRefs: [
    { label: 'Session Management (2025-11-25)', url: spec.transports('2025-11-25', 'session-management') },
    { label: 'Session Hijacking (2025-11-25)', url: spec.securityBestPractices('2025-11-25', 'session-hijacking') },
    { label: 'Session Management (2025-03-26)', url: spec.transports('2025-03-26', 'session-management') },
    { label: 'HTTP with SSE (2024-11-05)', url: spec.transports('2024-11-05', 'http-with-sse') },
  ],
  outcomes: {
    strong: { status: 'pass', score: 1, summary: 'Session ids are visible ASCII and carry an estimated 96 bits or more of entropy.' },
    formatOnly: {
      status: 'pass', score: 1,
      summary: 'Only one session id was observed: its format and length are fine; randomness could not be compared.',
    },
    lowEntropy: {
      status: 'warn', score: 0.6,
      summary: 'Session ids carry an estimated 64–96 bits of entropy: guessable with enough effort.',
      fix: 'Mint ids from a CSPRNG with at least 128 bits, e.g. `crypto.randomUUID()` or 32 hex chars from `crypto.randomBytes(16)`.',
    },
    weak: {
      status: 'fail', score: 0.2,
      summary: 'Session ids carry an estimated under 64 bits of entropy: an attacker can guess live sessions.',
      fix: 'Mint ids from a CSPRNG with at least 128 bits, e.g. `crypto.randomUUID()` (Node) or `secrets.token_urlsafe(32)` (Python).',
    },
    predictable: {
      status: 'fail', score: 0,
      summary: 'Session ids are sequential, repeated, or differ in only a few characters: sessions can be hijacked by guessing.',
      fix: 'Replace counters, timestamps and fixed prefixes with random ids from a CSPRNG (`crypto.randomUUID()`); never reuse an id for another initialize.',
    },
    tooShort: {
      status: 'fail', score: 0,
      summary: `Session ids are shorter than ${MIN_LENGTH} characters: too few to be unguessable.`,
      fix: 'Use at least 128 random bits, e.g. `crypto.randomUUID()` (36 chars) or 32 hex characters.',
    },
    invalidCharacters: {
      status: 'fail', score: 0,
      summary: 'A session id contains characters outside visible ASCII 0x21–0x7E (spaces, controls, non-ASCII).',
      fix: 'Restrict session ids to visible ASCII, e.g. hex, base64url or a UUID.',
    },
    noSession: { status: 'na', summary: 'The server mints no session id (stateless): nothing to guess.' },
    unobserved: { status: 'na', unobserved: true, summary: 'Initialize did not succeed, so no session ids were observed.' },
  },
  judge({ evidence, exchange }) {
    const init = evidence.probes.initialize;
    const legacy = init?.ok ? undefined : legacySessions(evidence, exchange);
    if (legacy) return judgeSamples(legacy.samples, legacy.exchanges, 'HTTP+SSE session id');
    if (!init?.attempted) return { outcome: 'unobserved', detail: 'The initialize probe was not run.' };
    let samples = init.sessionIdSamples.filter((s) => typeof s === 'string');
    if (samples.length === 0 && typeof init.sessionId === 'string') samples = [init.sessionId];
    if (samples.length === 0) {
      if (init.ok) return { outcome: 'noSession', detail: 'Initialize succeeded without an Mcp-Session-Id header.', exchanges: ids(init.exchangeId) };
      return { outcome: 'unobserved', detail: 'Initialize did not succeed.', exchanges: ids(init.exchangeId) };
    }
    samples = samples.slice(0, 20).map((s) => s.slice(0, 4096));
    const sampleSet = new Set(samples);
    const exchanges = ids(
      init.exchangeId,
      ...evidence.transcript
        .filter((x) => typeof x.response?.headers['mcp-session-id'] === 'string' && sampleSet.has(x.response.headers['mcp-session-id']))
        .map((x) => x.id),
    );
    return judgeSamples(samples, exchanges, 'id');
  },
});

type Judged = { outcome: 'strong' | 'formatOnly' | 'lowEntropy' | 'weak' | 'predictable' | 'tooShort' | 'invalidCharacters'; detail: string; exchanges: string[]; data: Record<string, unknown> };

/** Judges session ids minted by separate sessions (`what` names them in the detail). */
function judgeSamples(samples: string[], exchanges: string[], what: string): Judged {
  const sampleSet = new Set(samples);
  const shown = samples.slice(0, 3).map((s) => `"${clip(JSON.stringify(s).slice(1, -1), 40)}"`).join(', ');
  const lengths = samples.map((s) => s.length);
  const head = `${samples.length} ${what}(s) observed (${shown}); length ${Math.min(...lengths)}${Math.max(...lengths) !== Math.min(...lengths) ? `–${Math.max(...lengths)}` : ''}`;
  const data: Record<string, unknown> = { samples: samples.length, minLength: Math.min(...lengths) };

  const bad = samples.filter((s) => !VISIBLE_ASCII.test(s));
  if (bad.length) {
    const chars = [...new Set([...bad.join('')].filter((c) => !VISIBLE_ASCII.test(c)))].slice(0, 5)
      .map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
    return { outcome: 'invalidCharacters', detail: `${head}; characters outside 0x21–0x7E: ${chars.join(', ') || '(empty id)'}.`, exchanges, data };
  }
  if (sampleSet.size < samples.length) {
    return { outcome: 'predictable', detail: `${head}; the same id was minted for separate sessions.`, exchanges, data };
  }
  if (Math.min(...lengths) < MIN_LENGTH) {
    return { outcome: 'tooShort', detail: `${head}; shorter than ${MIN_LENGTH} characters.`, exchanges, data };
  }
  if (samples.length === 1) {
    const bits = Math.round(samples[0].length * Math.log2(alphabetSize(samples[0])));
    data.upperBoundBits = bits;
    return { outcome: 'formatOnly', detail: `${head}; visible ASCII; at most ~${bits} bits by length × alphabet (one sample: no comparison).`, exchanges, data };
  }

  const seq = sequential(samples);
  if (seq) return { outcome: 'predictable', detail: `${head}; ${seq}.`, exchanges, data };
  const { varying, constant, chars } = varyingPart(samples);
  data.varyingChars = varying;
  if (varying < 12 && constant >= varying) {
    return {
      outcome: 'predictable',
      detail: `${head}; the ids share ${constant} characters and differ in only ${varying}.`,
      exchanges, data,
    };
  }
  const bits = Math.round(varying * Math.log2(Math.max(2, alphabetSize(chars))));
  data.estimatedBits = bits;
  const est = `${head}; ${varying} varying characters over an alphabet of ${alphabetSize(chars)} ≈ ${bits} bits`;
  if (bits >= STRONG_BITS) return { outcome: 'strong', detail: `${est}.`, exchanges, data };
  if (bits >= WEAK_BITS) return { outcome: 'lowEntropy', detail: `${est}.`, exchanges, data };
  return { outcome: 'weak', detail: `${est}.`, exchanges, data };
}

/**
 * HTTP+SSE: the session ids of the scan's two SSE connections (its own and the isolation
 * watcher's), read from their `endpoint` events: the query parameter named like a session, else
 * the whole endpoint (path and query). Undefined when no HTTP+SSE session was opened.
 */
function legacySessions(evidence: Evidence, exchange: (id: string | undefined) => Exchange | undefined): { samples: string[]; exchanges: string[] } | undefined {
  const l = evidence.probes.legacy;
  if (!l?.ok || l.endpointData === undefined) return undefined;
  const watcher = evidence.probes.isolation?.watches.find((w) => w.kind === 'legacy-second-session');
  const second = exchange(watcher?.exchangeId)?.response?.sse?.events.find((e) => e.event === 'endpoint')?.data;
  const base = l.sseUrl ?? evidence.url;
  // as sent (percent-encoded): the value a client echoes back, not a decoded one
  const sessionOf = (data: string): string => {
    const param = /[?&][^=&#]*session[^=&#]*=([^&#]+)/i.exec(data)?.[1];
    if (param) return param;
    try {
      const u = new URL(data.trim(), base);
      return `${u.pathname}${u.search}`;
    } catch {
      return data.trim();
    }
  };
  const samples = [l.endpointData, ...(second !== undefined ? [second] : [])].map((d) => sessionOf(d).slice(0, 4096));
  return { samples, exchanges: ids(l.streamExchangeId, watcher?.exchangeId) };
}

/** Size of the character classes the text uses: digits 10, hex letters 6 (or 26), other symbols as seen. */
export function alphabetSize(text: string): number {
  let size = 0;
  if (/[0-9]/.test(text)) size += 10;
  if (/[g-z]/.test(text)) size += 26;
  else if (/[a-f]/.test(text)) size += 6;
  if (/[G-Z]/.test(text)) size += 26;
  else if (/[A-F]/.test(text)) size += 6;
  size += new Set([...text].filter((c) => !/[0-9A-Za-z]/.test(c))).size;
  return Math.max(size, 1);
}

function commonPrefix(xs: string[]): number {
  const min = Math.min(...xs.map((s) => s.length));
  let i = 0;
  while (i < min && xs.every((s) => s[i] === xs[0][i])) i++;
  return i;
}

function commonSuffix(xs: string[], prefix: number): number {
  const min = Math.min(...xs.map((s) => s.length));
  let i = 0;
  while (i < min - prefix && xs.every((s) => s[s.length - 1 - i] === xs[0][xs[0].length - 1 - i])) i++;
  return i;
}

/** Characters that differ between samples (position-wise when lengths agree), and what stays constant. */
function varyingPart(xs: string[]): { varying: number; constant: number; chars: string } {
  const len = xs[0].length;
  if (xs.every((s) => s.length === len)) {
    let varying = 0;
    let chars = '';
    for (let i = 0; i < len; i++) {
      if (xs.some((s) => s[i] !== xs[0][i])) {
        varying++;
        for (const s of xs) chars += s[i];
      }
    }
    return { varying, constant: len - varying, chars };
  }
  const p = commonPrefix(xs);
  const q = commonSuffix(xs, p);
  const min = Math.min(...xs.map((s) => s.length));
  const middles = xs.map((s) => s.slice(p, s.length - q));
  return { varying: min - p - q, constant: p + q, chars: middles.join('') };
}

/** "ids count upward" when the parts that differ are close numbers (decimal or hex counters, timestamps). */
function sequential(xs: string[]): string | undefined {
  const p = commonPrefix(xs);
  const q = commonSuffix(xs, p);
  const middles = xs.map((s) => s.slice(p, s.length - q));
  const spread = (ns: bigint[]) => {
    let lo = ns[0];
    let hi = ns[0];
    for (const n of ns) { if (n < lo) lo = n; if (n > hi) hi = n; }
    return hi - lo;
  };
  if (middles.every((m) => /^\d{1,30}$/.test(m))) {
    const d = spread(middles.map((m) => BigInt(m)));
    if (d < 1_000_000n) return `the varying part is a decimal number that moves by ${d} between initializes (counter or timestamp)`;
  }
  if (middles.every((m) => /^[0-9a-fA-F]{1,32}$/.test(m))) {
    const d = spread(middles.map((m) => BigInt(`0x${m}`)));
    if (d < 1_048_576n) return `the varying part is a hex number that moves by ${d} between initializes (counter)`;
  }
  return undefined;
}
