// One Chromium for a whole test file, and the rule about when a browser test may be skipped:
// under CI (process.env.CI set) a browser that cannot be launched FAILS the test; elsewhere the
// test is skipped with the reason shown, never reported as passed.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { createBrowserProvider } from '../../src/browser/provider.ts';
import type { BrowserProvider } from '../../src/browser/types.ts';

let shared: BrowserProvider | undefined;
let reason: Promise<string | undefined> | undefined;

export function sharedProvider(): BrowserProvider {
  shared ??= createBrowserProvider();
  return shared;
}

export async function closeSharedProvider(): Promise<void> {
  const p = shared;
  shared = undefined;
  reason = undefined;
  await p?.close();
}

/**
 * The provider when a browser can run; otherwise fails (CI) or skips (elsewhere) the test with
 * the reason, and returns undefined so the test body stops.
 */
export async function browserOrSkip(t: TestContext): Promise<BrowserProvider | undefined> {
  const provider = sharedProvider();
  reason ??= provider.unavailableReason();
  const why = await reason;
  if (why === undefined) return provider;
  if (process.env.CI) assert.fail(`CI requires a browser for this test, but none could be launched: ${why}`);
  t.skip(`no browser: ${why}`);
  return undefined;
}
