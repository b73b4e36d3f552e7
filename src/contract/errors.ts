// Exit codes are part of the interface (README › Exit codes).
export const EXIT = {
  ok: 0,
  /** an assertion (fail-under, config) failed */
  assertion: 1,
  /** bad usage or input: URL, list file, config, flags */
  usage: 2,
  /** the target could not be reached at all (the report still says why) */
  unreachable: 3,
  /** the scanner itself failed */
  internal: 4,
} as const;

/** Malformed user input: printed as one line, exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = EXIT.usage;
}
