// Progress of a batch on stderr: a bar on a TTY (done/total, failures, rate, ETA), one
// plain line per finished endpoint otherwise, nothing with --quiet. URLs and reasons are
// stripped of control characters before they reach the terminal.
import cliProgress from 'cli-progress';
import { plain } from '../../reports/text.ts';
import type { BatchEvent } from './runner.ts';

export interface ProgressReporter {
  onEvent(e: BatchEvent): void;
  /** print a line without breaking the bar */
  note(line: string): void;
  stop(): void;
}

export function createProgress(opts: { stderr: NodeJS.WritableStream; mode: 'bar' | 'lines' | 'quiet'; total: number }): ProgressReporter {
  if (opts.mode === 'quiet') return { onEvent() {}, note() {}, stop() {} };
  if (opts.mode === 'lines') return lineProgress(opts.stderr, opts.total);
  return barProgress(opts.stderr, opts.total);
}

function lineProgress(stderr: NodeJS.WritableStream, total: number): ProgressReporter {
  const width = String(total).length;
  return {
    onEvent(e) {
      if (e.type === 'resumed') {
        if (e.done > 0) stderr.write(`resuming: ${e.done} of ${e.total} endpoints already in results.jsonl${e.rescan ? `, ${e.rescan} skipped ones retried` : ''}\n`);
        if (e.partialBytes) stderr.write(`resuming: cut off a partial last line of results.jsonl (${e.partialBytes} bytes, a write interrupted by the previous run's end)\n`);
        if (e.badLines.length) stderr.write(`resuming: ignored ${e.badLines.length} unreadable line${e.badLines.length === 1 ? '' : 's'} of results.jsonl (line ${e.badLines.slice(0, 5).join(', ')}${e.badLines.length > 5 ? ', …' : ''})\n`);
      }
      if (e.type !== 'done') return;
      const x = e.entry;
      const head = `[${String(e.done).padStart(width)}/${total}]`;
      const what = x.status === 'scanned' ? `${String(x.scores.overall ?? '–').padStart(3)} ${(x.tier ?? '').padEnd(9)}` : x.status.padEnd(13);
      const why = x.status === 'scanned' ? '' : ` (${plain(x.reason, 160)})`;
      const time = x.status === 'skipped' ? '' : ` ${(x.durationMs / 1000).toFixed(1)} s`;
      stderr.write(`${head} ${what} ${plain(x.url, 200)}${time}${why}\n`);
    },
    note(line) { stderr.write(`${line}\n`); },
    stop() {},
  };
}

function barProgress(stderr: NodeJS.WritableStream, total: number): ProgressReporter {
  const bar = new cliProgress.SingleBar({
    stream: stderr as NodeJS.WriteStream,
    format: ' {bar} {value}/{total} | {failures} failed | {rate}/s | ETA {eta_formatted} | {running} running',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
    fps: 5,
  }, cliProgress.Presets.shades_classic);
  const started = performance.now();
  let startValue: number | undefined;
  let active = false;
  const payload = { failures: 0, rate: '0.0', running: 0 };
  const ensure = (value: number) => {
    if (active) return;
    startValue ??= value;
    bar.start(total, value, payload);
    active = true;
  };
  return {
    onEvent(e) {
      if (e.type === 'resumed') { ensure(e.done); payload.failures = 0; return; }
      ensure(0);
      if (e.type === 'start') { payload.running = e.running; bar.update(payload); return; }
      payload.failures = e.failures;
      payload.running = e.running;
      const secs = (performance.now() - started) / 1000;
      payload.rate = secs > 0 ? ((e.done - (startValue ?? 0)) / secs).toFixed(1) : '0.0';
      bar.update(e.done, payload);
    },
    note(line) {
      if (active) { bar.stop(); active = false; }
      stderr.write(`${line}\n`);
    },
    stop() { if (active) { bar.stop(); active = false; } },
  };
}
