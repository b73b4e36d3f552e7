// GitHub Actions workflow commands and environment files, written by hand (no @actions/core:
// the action ships no bundle and adds no dependency). The formats follow the runner:
//   ::command key=value,key=value::message     on stdout (or stderr), one per line
//   name<<DELIMITER\nvalue\nDELIMITER          appended to $GITHUB_OUTPUT (multi-line safe)
// Escaping (actions/toolkit `command.ts`): in the message `%` → %25, CR → %0D, LF → %0A;
// in property values additionally `:` → %3A and `,` → %2C. Text from scanned servers also
// has terminal escapes and control characters removed first (cleanText).
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { cleanText } from '../../reports/text.ts';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandProperties = Record<string, string | number | undefined>;

/** One workflow command line (with its newline). Property order is kept; undefined ones are left out. */
export function workflowCommand(command: string, properties: CommandProperties, message: string): string {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(cleanText(String(v)))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(cleanText(message))}\n`;
}

/** `::add-mask::value` — the runner replaces the value with *** in every later log line. */
export function addMask(value: string): string {
  // not cleanText: the mask must match the value byte for byte
  return `::add-mask::${escapeData(value)}\n`;
}

/** A token nobody can predict, for `::stop-commands::` and output delimiters. */
export function randomToken(prefix = 'agentready'): string {
  return `${prefix}-${randomBytes(16).toString('hex')}`;
}

/**
 * `name<<DELIM\nvalue\nDELIM\n`: the GITHUB_OUTPUT form that holds any value, newlines
 * included; the delimiter is random and checked not to occur in the value.
 */
export function outputEntry(name: string, value: string): string {
  let delimiter = randomToken('ghadelimiter');
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = randomToken('ghadelimiter');
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends outputs to the $GITHUB_OUTPUT file; without one (a local run) does nothing. */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  appendFileSync(file, Object.entries(outputs).map(([k, v]) => outputEntry(k, v)).join(''), 'utf8');
}

/** Reads a GITHUB_OUTPUT file back (both `name=value` and heredoc forms), as the runner does. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || eq > line.indexOf('<<'))) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${name}`);
      out[name!] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`GITHUB_OUTPUT: malformed line ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  return out;
}
