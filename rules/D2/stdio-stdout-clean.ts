// stdout of a stdio server carries JSON-RPC messages and nothing else: a banner, a stray
// console.log or a progress bar there is read by the client as a broken message.
import { defineRule, spec } from '../../src/contract/rule.ts';

/** A stdout line as the report shows it: escaped (control characters visible), bounded. */
function quoted(text: string, max = 100): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}

export default defineRule({
  id: 'stdio-stdout-clean',
  dimension: 'D2',
  level: 'MUST',
  eras: 'any',
  transports: ['stdio'],
  title: 'stdout carries only JSON-RPC messages',
  failureTitle: 'stdout carries more than JSON-RPC messages',
  description:
    'Over stdio, every line the server writes to stdout is parsed as a JSON-RPC message. A startup banner, a ' +
    '`console.log`/`print` left in the code, a progress bar or a structured log line there makes clients report ' +
    '"Unexpected token … is not valid JSON", drop the line, or give up on the connection. Logs belong on stderr.',
  specRefs: [
    { label: 'Transports: stdio (2025-11-25)', url: spec.transports('2025-11-25', 'stdio') },
  ],
  outcomes: {
    clean: { status: 'pass', score: 1, summary: 'Every stdout line was a JSON-RPC message.' },
    blankLines: {
      status: 'warn', score: 0.7,
      summary: 'Besides JSON-RPC messages, stdout carried empty lines.',
      fix: 'Write exactly one serialized message plus "\\n" per message; do not print empty lines (an extra `print()`/`console.log()` or a doubled newline).',
    },
    noise: {
      // Capped: the spec's one MUST for stdio servers, and a client that stops at the first
      // unparseable line never connects. Most SDK clients skip the line and go on, hence 0.6.
      status: 'fail', score: 0, cap: 0.6,
      summary: 'stdout carried lines that are not JSON-RPC messages (banner, logs or progress output), which breaks clients.',
      fix: 'Send every log, banner and progress output to stderr (`console.error`, `logging` to `sys.stderr`, `eprintln!`), never to stdout; check libraries that print on import and disable colors/progress bars when stdout is not a TTY.',
    },
    noOutput: { status: 'na', unobserved: true, summary: 'The server wrote nothing to stdout, so there was nothing to check.' },
    notStarted: { status: 'na', summary: 'The command could not be started (see the era rule).' },
  },
  judge({ evidence }) {
    const s = evidence.probes.stdio;
    if (!s?.spawned) return { outcome: 'notStarted', detail: s?.spawnError ? `spawn failed: ${s.spawnError}` : 'No stdio process was started.' };
    const out = s.stdout;
    if (out.lines === 0) return { outcome: 'noOutput', detail: `stdout: 0 lines (${out.bytes} bytes).` };
    const counts = `${out.lines} stdout line(s): ${out.jsonRpcLines} JSON-RPC, ${out.noiseCount} other` +
      `${out.splitMessages.length ? `, ${out.splitMessages.length} message(s) split over lines (see stdio-framing)` : ''}${out.capped ? `; ${out.capped}` : ''}`;
    const data = { lines: out.lines, jsonRpcLines: out.jsonRpcLines, noiseLines: out.noiseCount };
    if (out.noiseCount === 0) return { outcome: 'clean', detail: `${counts}.`, data };
    const shown = out.noise.filter((n) => n.kind !== 'blank').slice(0, 5);
    if (!shown.length) return { outcome: 'blankLines', detail: `${counts}; ${out.blankCount} empty line(s) (first at line ${out.noise[0]?.seq ?? '?'}).`, data };
    const quotes = shown.map((n) => `line ${n.seq}: ${quoted(n.text)}${n.kind === 'json' ? ' (JSON, not JSON-RPC)' : ''}`).join('; ');
    return { outcome: 'noise', detail: `${counts}. First offending line(s): ${quotes}${out.noiseCount > shown.length ? '; …' : ''}.`, data };
  },
});
