// Logs of a stdio server go to stderr (informative: how much, and the first lines).
import { defineRule, spec } from '../../src/contract/rule.ts';

const FLOOD_BYTES = 1024 * 1024;

export default defineRule({
  id: 'stdio-stderr-logging',
  dimension: 'D2',
  level: 'INFO',
  eras: 'any',
  transports: ['stdio'],
  title: 'Logs go to stderr',
  failureTitle: 'Logs do not go to stderr',
  description:
    'A stdio server may write UTF-8 log text to stderr; clients capture, forward or ignore it, and must not take it ' +
    'as an error. stdout is reserved for messages, so stderr is where logs belong. A flood of stderr output is ' +
    'still a problem: clients that store it fill disks, and a client that does not drain the pipe blocks the server.',
  specRefs: [
    { label: 'Transports: stdio (2025-11-25)', url: spec.transports('2025-11-25', 'stdio') },
  ],
  outcomes: {
    logsOnStderr: { status: 'pass', score: 1, summary: 'The server logged to stderr, and stdout stayed for messages.' },
    quiet: { status: 'pass', score: 1, summary: 'The server wrote nothing to stderr or to stdout besides messages.' },
    logsOnStdout: {
      status: 'warn', score: 0.5,
      summary: 'Text that looks like logging went to stdout instead of stderr.',
      fix: 'Route logging to stderr: `console.error` instead of `console.log`, `logging.basicConfig(stream=sys.stderr)`, `eprintln!`; in frameworks, configure the log handler/appender for stderr.',
    },
    flood: {
      status: 'warn', score: 0.7,
      summary: 'The server wrote over 1 MiB to stderr during a short scan.',
      fix: 'Log at info level or above by default and make debug logging opt-in (an environment variable or flag).',
    },
    notStarted: { status: 'na', summary: 'The command could not be started (see the era rule).' },
  },
  judge({ evidence }) {
    const s = evidence.probes.stdio;
    if (!s?.spawned) return { outcome: 'notStarted', detail: s?.spawnError ? `spawn failed: ${s.spawnError}` : 'No stdio process was started.' };
    const err = s.stderr;
    const first = err.excerpt.split('\n').filter((l) => l.trim()).slice(0, 3).map((l) => JSON.stringify(l.length > 120 ? `${l.slice(0, 120)}…` : l));
    const summary = `stderr: ${err.lines} line(s), ${err.bytes} byte(s)${first.length ? `; first: ${first.join(', ')}` : ''}`;
    const data = { stderrBytes: err.bytes, stderrLines: err.lines };
    const textOnStdout = s.stdout.noise.filter((n) => n.kind !== 'blank');
    if (textOnStdout.length) {
      return { outcome: 'logsOnStdout', detail: `${summary}. stdout carried ${s.stdout.noiseCount} non-message line(s), e.g. ${JSON.stringify(textOnStdout[0].text.slice(0, 100))}.`, data };
    }
    if (err.bytes > FLOOD_BYTES) return { outcome: 'flood', detail: `${summary}.`, data };
    if (err.bytes === 0) return { outcome: 'quiet', detail: 'stderr: nothing written.', data };
    return { outcome: 'logsOnStderr', detail: `${summary}.`, data };
  },
});
