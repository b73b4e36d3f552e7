// agentready merge — being built (see the issue); dispatch is wired in main.ts.
import { UsageError } from './errors.ts';

export async function runMerge(_argv: string[], _io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  throw new UsageError('merge is not available yet');
}
