// How long a simple request takes (informative): agents call tools in loops, and latency adds up.
import { defineRule } from '../../src/contract/rule.ts';
import { excerpt, idList, median } from '../_lib/index.ts';

export default defineRule({
  id: 'latency',
  dimension: 'D8',
  level: 'INFO',
  basis: 'practice',
  eras: 'any',
  transports: ['http', 'stdio', 'websocket'],
  title: 'Requests are answered quickly',
  failureTitle: 'Requests are answered slowly',
  description:
    'Agents make many small calls (initialize, tools/list, ping, then tools in a loop); every round trip is paid again ' +
    'each step. A median over 1.5 s for trivial requests makes agents feel stuck and pushes clients with short ' +
    'timeouts (often 10 s for the whole handshake) into failures.',
  specRefs: [
    { label: 'Ping (2025-11-25)', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping' },
  ],
  outcomes: {
    fast: { status: 'pass', score: 1, summary: 'Median latency of simple requests is 500 ms or less.' },
    slow: {
      status: 'warn', score: 0.6,
      summary: 'Median latency of simple requests is between 0.5 and 1.5 s.',
      fix: 'Answer initialize, tools/list and ping without backend calls: cache the tool list, keep connections to dependencies warm, avoid cold starts (min instances > 0), and serve from a region close to your users.',
    },
    verySlow: {
      status: 'warn', score: 0.2,
      summary: 'Median latency of simple requests is over 1.5 s.',
      fix: 'Find what trivial requests wait on (cold starts, per-request auth round trips, synchronous backend calls in initialize/tools/list) and remove it; keep at least one warm instance and cache the tool list.',
    },
    noSamples: { status: 'na', unobserved: true, summary: 'No latency samples were recorded.' },
  },
  judge({ evidence }) {
    const samples = (evidence.probes.latency?.samples ?? []).filter((s) => Number.isFinite(s.ms) && s.ms >= 0);
    const m = median(samples.map((s) => s.ms));
    if (m === undefined) return { outcome: 'noSamples', detail: 'The latency probe recorded no samples.' };
    const ms = samples.map((s) => s.ms);
    const detail = `median ${Math.round(m)} ms over ${samples.length} sample(s) (min ${Math.round(Math.min(...ms))} ms, max ${Math.round(Math.max(...ms))} ms): ` +
      samples.slice(0, 8).map((s) => `${excerpt(s.label, 30)} ${Math.round(s.ms)} ms`).join(', ') + '.';
    const outcome = m <= 500 ? 'fast' : m <= 1500 ? 'slow' : 'verySlow';
    return { outcome, detail, exchanges: idList(...samples.map((s) => s.exchangeId)), data: { medianMs: Math.round(m), samples: samples.length } };
  },
});
