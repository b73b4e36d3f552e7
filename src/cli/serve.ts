// agentready serve — being built (see the issue); dispatch is wired in main.ts.
import { UsageError } from './errors.ts';

export async function runServe(_argv: string[], _io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean }): Promise<number> {
  throw new UsageError('serve is not available yet');
}
