// Closing stdin ends a stdio server promptly, as the MCP shutdown sequence expects.
import { defineRule, spec } from '../../src/contract/rule.ts';

export default defineRule({
  id: 'stdio-clean-exit',
  dimension: 'D8',
  level: 'SHOULD',
  eras: 'any',
  transports: ['stdio'],
  title: 'The server exits when stdin closes',
  failureTitle: 'The server does not exit when stdin closes',
  description:
    'To shut a stdio server down, the client closes its stdin and waits; only if the server is still running does it ' +
    'send SIGTERM, then SIGKILL. A server that ignores the end of stdin leaves orphan processes behind every editor ' +
    'restart (holding ports, files and memory), and one that crashes on its own ends the agent\'s session mid-task.',
  specRefs: [
    { label: 'Lifecycle: shutdown (2025-11-25)', url: spec.lifecycle('2025-11-25', 'shutdown') },
    { label: 'Transports: stdio (2025-11-25)', url: spec.transports('2025-11-25', 'stdio') },
  ],
  outcomes: {
    exitedOnClose: { status: 'pass', score: 1, summary: 'The server exited with code 0 soon after stdin was closed.' },
    nonZeroExit: {
      status: 'warn', score: 0.8,
      summary: 'The server exited when stdin closed, but with a non-zero code or by a signal.',
      fix: 'Treat end-of-file on stdin as a normal shutdown: finish in-flight work, close resources and exit with code 0.',
    },
    neededSigterm: {
      status: 'warn', score: 0.4,
      summary: 'The server kept running after stdin closed and only exited on SIGTERM.',
      fix: 'Exit when stdin ends: Node `process.stdin.on("end", () => process.exit(0))` (timers and open handles keep the process alive otherwise); Python: leave the read loop on EOF and stop background threads.',
    },
    neededSigkill: {
      status: 'fail', score: 0, breaks: 'clients that end the server by closing stdin and then SIGTERM (Claude Desktop, the SDK clients) leave it running.',
      summary: 'The server ignored both the end of stdin and SIGTERM; only SIGKILL stopped it.',
      fix: 'Exit when stdin ends, and do not trap SIGTERM without exiting: a handler may clean up, then it must call exit.',
    },
    exitedEarly: {
      status: 'fail', score: 0.2, breaks: 'every client: the server is gone before the session ends.',
      summary: 'The server exited on its own before the client closed stdin.',
      fix: 'Keep serving until stdin closes; read its stderr for the crash (an unhandled exception, a missing variable or dependency).',
    },
    cutShort: { status: 'na', unobserved: true, summary: 'The scan deadline ended the session, so the process was killed without the shutdown sequence.' },
    notStarted: { status: 'na', summary: 'The command could not be started (see the era rule).' },
  },
  judge({ evidence }) {
    const s = evidence.probes.stdio;
    if (!s?.spawned) return { outcome: 'notStarted', detail: s?.spawnError ? `spawn failed: ${s.spawnError}` : 'No stdio process was started.' };
    const e = s.exit;
    const ended = e.signal ? `signal ${e.signal}` : `code ${e.code ?? '?'}`;
    const group = e.groupKilled ? ' Processes left in its group were killed.' : '';
    const data: Record<string, unknown> = { how: e.how, code: e.code, signal: e.signal, afterCloseMs: e.afterCloseMs };
    switch (e.how) {
      case 'before-close': {
        const stderrFirst = s.stderr.excerpt.split('\n').find((l) => l.trim());
        return {
          outcome: 'exitedEarly',
          detail: `The process exited (${ended})${e.exitedAt !== undefined ? ` at ${e.exitedAt} ms` : ''}, before stdin was closed${stderrFirst ? `; stderr: ${JSON.stringify(stderrFirst.slice(0, 160))}` : ''}.`,
          data,
        };
      }
      case 'stdin-close':
        return {
          outcome: e.code === 0 && !e.signal ? 'exitedOnClose' : 'nonZeroExit',
          detail: `Exited ${e.afterCloseMs ?? '?'} ms after stdin was closed (${ended}).${group}`,
          data,
        };
      case 'sigterm':
        return { outcome: 'neededSigterm', detail: `Still running ${e.exitGraceMs} ms after stdin was closed; exited on SIGTERM (${ended}).${group}`, data };
      case 'sigkill':
      case 'unknown':
        return {
          outcome: 'neededSigkill',
          detail: `Still running ${e.exitGraceMs} ms after stdin was closed and ${e.termGraceMs} ms after SIGTERM; SIGKILL sent to the process group${e.how === 'unknown' ? ' (no exit observed)' : ` (${ended})`}.`,
          data,
        };
      case 'deadline':
        return { outcome: 'cutShort', detail: `The scan deadline (${evidence.options.deadlineMs} ms) was reached; the process group was killed (${ended}).`, data };
      default:
        return { outcome: 'notStarted', detail: 'No stdio process was started.', data };
    }
  },
});
