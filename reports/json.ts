// The Result as JSON: the machine-readable report and the input of `rescore`/`merge`.
// Not parsed with the schemas on the way out: our own judge and gather build these, the test
// suite holds them to the schemas (every real server's and flaw's scan), and a schema pass here
// would make every scan load zod (~0.1 s). Readers (rescore, merge, the web UI) validate.
import type { Evidence } from '../src/contract/evidence.ts';
import type { Result } from '../src/contract/result.ts';

export function renderJson(result: Result): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export function renderEvidenceJson(evidence: Evidence): string {
  return `${JSON.stringify(evidence, null, 2)}\n`;
}
