// `agentready batch` keeps hundreds of scans in flight in one process, and two settings that
// only take effect when a process starts decide much of its memory:
// - V8 sizes its young generation from the machine's memory: two 64 MB semi-spaces on 16 GB
//   or more, ~140 MB committed once hundreds of scans keep it busy. 16 MB semi-spaces hold a
//   batch's short-lived garbage just as well (bench/RESULTS.md).
// - glibc gives threads that allocate their own malloc arenas (up to 8 per core). The scanning
//   thread, the report worker and V8's helper threads then fragment several, ~50–80 MB more
//   RSS at the peak; two arenas are enough for two busy threads.
// So batch re-executes itself once, in place (process.execve: same PID, same stdio, nothing
// printed yet), with both set. Settings the user chose (`--max-semi-space-size` in the Node
// options, MALLOC_ARENA_MAX in the environment) are kept; AGENTREADY_NO_RETUNE=1 turns it off.
// Where process.execve is missing (Node < 22.15, Windows) the batch runs as started.

export const TUNED_MARK = 'AGENTREADY_RETUNED';
export const OPT_OUT = 'AGENTREADY_NO_RETUNE';
export const BATCH_NODE_FLAGS = ['--max-semi-space-size=16'];
export const BATCH_ENV: Record<string, string> = { MALLOC_ARENA_MAX: '2' };

export interface RuntimePlan { flags: string[]; env: Record<string, string> }

/** What to add to this process's start-up for a batch, or undefined when nothing (or when it was done). */
export function batchRuntimePlan(execArgv: readonly string[], env: NodeJS.ProcessEnv): RuntimePlan | undefined {
  if (env[TUNED_MARK] || env[OPT_OUT] === '1') return undefined;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  // V8 takes --max_semi_space_size as well as --max-semi-space-size
  const spelled = given.map((g) => g.replace(/_/g, '-'));
  const flags = BATCH_NODE_FLAGS.filter((f) => {
    const name = f.split('=')[0]!;
    return !spelled.some((g) => g === name || g.startsWith(`${name}=`));
  });
  const added = Object.fromEntries(Object.entries(BATCH_ENV).filter(([k]) => env[k] === undefined));
  if (flags.length === 0 && Object.keys(added).length === 0) return undefined;
  return { flags, env: added };
}

/**
 * Re-executes this process with the batch runtime when it lacks it. Returns only when no
 * re-exec happens (already tuned, opted out, user settings cover it, or no process.execve).
 */
export function retuneForBatch(): void {
  const plan = batchRuntimePlan(process.execArgv, process.env);
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (!plan || typeof execve !== 'function' || process.platform === 'win32') return;
  const args = [process.execPath, ...process.execArgv, ...plan.flags, ...process.argv.slice(1)];
  try {
    execve.call(process, process.execPath, args, { ...process.env, ...plan.env, [TUNED_MARK]: '1' });
  } catch {
    // execve refused (a sandbox, an exotic platform): the batch runs with the defaults
  }
}
