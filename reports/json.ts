// The Result as JSON: the machine-readable report and the input of `rescore`/`merge`.
// Validated first, so a malformed Result fails here rather than in whoever reads the file.
import { Evidence } from '../src/contract/evidence.ts';
import { Result } from '../src/contract/result.ts';

export function renderJson(result: Result): string {
  return `${JSON.stringify(Result.parse(result), null, 2)}\n`;
}

export function renderEvidenceJson(evidence: Evidence): string {
  return `${JSON.stringify(Evidence.parse(evidence), null, 2)}\n`;
}
