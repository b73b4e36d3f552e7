// agentready merge <dir>... --out DIR: joins batch shard outputs into one manifest, index and
// summary, copying each endpoint's report folder (see src/batch/merge.ts for why copying).
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../contract/errors.ts';
import { failUnderFlag } from './command.ts';
import { loadAssertionConfig } from './config.ts';
import { evaluateAssertions, hasAssertions } from './assertions.ts';
import { executeMerge, planMerge, readMergeInput } from './merge.ts';
import { buildManifest, writeBatchOutputs } from './manifest.ts';
import { assertionLines, displayPath, renderBatchText } from './terminal.ts';

export const MERGE_HELP = `Usage: agentready merge <dir> <dir>... --out DIR [options]

Joins the outputs of sharded batch runs (agentready batch --shard i/n) into one output:
every endpoint's report folder is copied into DIR, and results.jsonl, manifest.json,
index.html and summary.md are written for the whole set. An endpoint present in more than
one input (overlapping shards) is an error.

Options:
  -o, --out DIR        where the merged output goes (required; not one of the inputs)
      --config FILE    assertions (default: ./agentready.config.json if present)
      --no-config      ignore ./agentready.config.json
      --fail-under N   every endpoint's overall score must be at least N
      --json           print the merged manifest.json to stdout (nothing else on stdout)
  -q, --quiet          no warnings on stderr
  -h, --help           this help

Exit codes: 0 merged (assertions passed), 1 an assertion failed, 2 bad usage or input.`;

type IO = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean };

export async function runMerge(argv: string[], io: IO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        out: { type: 'string', short: 'o' }, config: { type: 'string' }, 'no-config': { type: 'boolean' }, 'fail-under': { type: 'string' },
        json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) { io.stdout.write(MERGE_HELP + '\n'); return EXIT.ok; }
  if (!parsed.positionals.length) throw new UsageError('merge needs the batch output directories to join: agentready merge out-1 out-2 --out merged');
  if (!v.out) throw new UsageError('merge needs --out DIR (a new directory for the merged output)');
  const failUnder = failUnderFlag(v['fail-under']);
  if (v.config !== undefined && v['no-config']) throw new UsageError('--config and --no-config exclude each other');
  const config = await loadAssertionConfig({ configFile: v.config, noConfig: v['no-config'] });

  const inputs = [];
  for (const dir of parsed.positionals) inputs.push(await readMergeInput(dir));
  const plan = planMerge(inputs, v.out);
  const done = await executeMerge(plan, v.out);
  const warn = (s: string) => { if (!v.quiet) io.stderr.write(`agentready: merge: ${s}\n`); };
  for (const w of [...plan.warnings, ...done.warnings]) warn(w);

  const assertions = hasAssertions(config, failUnder) ? evaluateAssertions(done.entries, config, failUnder) : null;
  const first = inputs.find((i) => i.manifest)?.manifest;
  const manifest = buildManifest(done.entries, {
    shard: null,
    mergedFrom: inputs.map((i) => ({ dir: i.dir, shard: i.shard, endpoints: i.entries.length })),
    options: first?.options ?? {},
    assertions,
  });
  const files = await writeBatchOutputs(v.out, manifest);
  if (v.json) {
    io.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
    if (assertions && !assertions.ok) io.stderr.write(assertionLines(assertions).join('\n') + '\n');
  } else {
    const headline = `agentready merge — ${manifest.totals.endpoints} endpoint${manifest.totals.endpoints === 1 ? "" : "s"} from ${inputs.length} output${inputs.length === 1 ? "" : "s"} into ${v.out}`;
    io.stdout.write(renderBatchText(manifest, { color: io.isTTY && !process.env.NO_COLOR, headline, files: [files.index, files.summary, files.manifest].map(displayPath) }) + '\n');
  }
  return assertions && !assertions.ok ? EXIT.assertion : EXIT.ok;
}
