// stdio framing: one message per line (no embedded newlines), UTF-8 throughout.
import { defineRule, spec } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'stdio-framing',
  dimension: 'D2',
  level: 'MUST',
  eras: 'any',
  transports: ['stdio'],
  title: 'Messages are framed one per line in UTF-8',
  failureTitle: 'Messages are not framed one per line in UTF-8',
  description:
    'Over stdio, messages are delimited by newlines and must not contain embedded newlines, and JSON-RPC messages must ' +
    'be UTF-8. Clients split stdout on "\\n" and parse each line: a pretty-printed message arrives as a dozen broken ' +
    'ones, and bytes that are not UTF-8 (a Windows code page, Latin-1) corrupt or reject the message.',
  specRefs: [
    { label: 'Transports: stdio (2025-11-25)', url: spec.transports('2025-11-25', 'stdio') },
    { label: 'Transports: UTF-8 encoding (2025-11-25)', url: spec.transports('2025-11-25') },
  ],
  outcomes: {
    framed: { status: 'pass', score: 1, summary: 'Every message was on one line, in valid UTF-8.' },
    splitMessages: {
      status: 'fail', score: 0,
      summary: 'A JSON-RPC message was spread over several lines (pretty-printed).',
      fix: 'Serialize without indentation (`JSON.stringify(msg)`, `json.dumps(msg)` without `indent`, `serde_json::to_string`) and write the message plus one "\\n"; JSON escapes newlines inside strings itself.',
    },
    invalidUtf8: {
      status: 'fail', score: 0,
      summary: 'stdout carried bytes that are not valid UTF-8.',
      fix: 'Write stdout as UTF-8 whatever the locale: Python `sys.stdout.reconfigure(encoding="utf-8")` or `PYTHONIOENCODING=utf-8`, Java `new PrintStream(System.out, true, StandardCharsets.UTF_8)`, .NET `Console.OutputEncoding = Encoding.UTF8`.',
    },
    overlongLine: {
      status: 'fail', score: 0.3,
      summary: 'A stdout line was longer than the line cap (10 MiB, the TS SDK\'s buffer), so clients drop it.',
      fix: 'Keep messages small: paginate `tools/list` and resources with `nextCursor`, and return large content as resource links instead of inline.',
    },
    unterminated: {
      status: 'warn', score: 0.5,
      summary: 'The last stdout line had no terminating newline, so line-based clients never read it.',
      fix: 'End every message with "\\n" and flush stdout after each one.',
    },
    noOutput: { status: 'na', unobserved: true, summary: 'The server wrote nothing to stdout, so framing could not be checked.' },
    notStarted: { status: 'na', summary: 'The command could not be started (see the era rule).' },
  },
  judge({ evidence }) {
    const s = evidence.probes.stdio;
    if (!s?.spawned) return { outcome: 'notStarted', detail: s?.spawnError ? `spawn failed: ${s.spawnError}` : 'No stdio process was started.' };
    const out = s.stdout;
    if (out.lines === 0) return { outcome: 'noOutput', detail: `stdout: 0 lines (${out.bytes} bytes).` };
    const head = `${out.lines} stdout line(s), ${out.bytes} byte(s), ${out.jsonRpcLines} single-line JSON-RPC message(s)${out.crlfLines ? `, ${out.crlfLines} ending in CRLF (tolerated)` : ''}`;
    const data = { lines: out.lines, splitMessages: out.splitMessages.length, invalidUtf8Lines: out.invalidUtf8Lines.length };
    if (out.splitMessages.length) {
      const m = out.splitMessages[0];
      return {
        outcome: 'splitMessages',
        detail: `${head}; ${out.splitMessages.length} message(s) split over lines, first over lines ${m.fromSeq}–${m.toSeq}: ${JSON.stringify(m.text.slice(0, 120))}.`,
        data,
      };
    }
    if (out.invalidUtf8Lines.length) {
      const lines = out.invalidUtf8Lines.slice(0, 5);
      const sample = s.lines.find((l) => l.dir === 'out' && l.seq === lines[0]);
      return {
        outcome: 'invalidUtf8',
        detail: `${head}; invalid UTF-8 on line(s) ${lines.join(', ')}${out.invalidUtf8Lines.length > 5 ? ', …' : ''}${sample ? ` (decoded with replacement: ${JSON.stringify(sample.text.slice(0, 100))})` : ''}.`,
        data,
      };
    }
    if (out.overlongLines.length) {
      return { outcome: 'overlongLine', detail: `${head}; line(s) ${out.overlongLines.slice(0, 5).join(', ')} exceeded ${out.maxLineBytes} bytes.`, data };
    }
    if (out.unterminated) return { outcome: 'unterminated', detail: `${head}; stdout ended in the middle of a line.`, data };
    return { outcome: 'framed', detail: `${head}.`, data };
  },
});
