// agentready rescore evidence.json: re-judge saved evidence offline with the current rules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Evidence } from '../contract/evidence.ts';
import { loadRuleSet } from '../engine/index.ts';
import { EXIT, UsageError } from '../contract/errors.ts';
import { renderSummary } from './summary.ts';
import { formatsFrom, writeOutputs } from '../../reports/output.ts';

export const RESCORE_HELP = `Usage: agentready rescore <evidence.json> [--out DIR] [--format LIST] [--json]

Re-judges saved evidence with the current rules and scoring; no network.`;

export async function runRescore(argv: string[], io: { stdout: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, format: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) { throw new UsageError((err as Error).message.split('\n')[0]); }
  if (parsed.values.help) { io.stdout.write(RESCORE_HELP + '\n'); return EXIT.ok; }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) throw new UsageError('rescore needs one evidence file: agentready rescore evidence.json');
  const evidence = await loadEvidence(file);
  const { judge } = await loadRuleSet();
  const result = judge(evidence);
  const files = parsed.values.out ? await writeOutputs(result, evidence, parsed.values.out, formatsFrom(parsed.values.format)) : [];
  if (parsed.values.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else io.stdout.write(renderSummary(result, { color: io.isTTY && !process.env.NO_COLOR, files: files.map((f) => f.path) }) + '\n');
  return EXIT.ok;
}

export async function loadEvidence(file: string): Promise<Evidence> {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (err) { throw new UsageError(`${path.basename(file)} is not JSON: ${(err as Error).message}`); }
  const parsed = Evidence.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path.basename(file)} is not agentready evidence: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
