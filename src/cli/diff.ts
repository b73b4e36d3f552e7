// agentready diff — being built (see the issue); dispatch is wired in main.ts.
import { UsageError } from './errors.ts';

export async function runDiff(_argv: string[], _io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  throw new UsageError('diff is not available yet');
}
