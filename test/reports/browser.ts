// Launching Debian's Chromium for the HTML report tests, with an honest failure policy:
// a browser that cannot start fails the tests (always on CI); locally it may be skipped
// only by asking for it (AGENTREADY_SKIP_BROWSER=1), and then it is reported as skipped.
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AGENTREADY_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type BrowserSlot = { browser: Browser } | { error: string };

export async function launchChromium(): Promise<BrowserSlot> {
  try {
    return { browser: await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS }) };
  } catch (err) {
    return { error: `Chromium could not be launched from ${CHROMIUM_PATH}: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** The browser, or undefined after marking the test skipped; throws when skipping is not allowed. */
export function requireBrowser(t: TestContext, slot: BrowserSlot | undefined): Browser | undefined {
  if (slot && 'browser' in slot) return slot.browser;
  const reason = slot?.error ?? 'Chromium was not launched';
  if (process.env.CI) throw new Error(`${reason} (CI is set: browser tests must run)`);
  if (process.env.AGENTREADY_SKIP_BROWSER === '1') {
    t.skip(`${reason} (AGENTREADY_SKIP_BROWSER=1)`);
    return undefined;
  }
  throw new Error(`${reason}. Set AGENTREADY_SKIP_BROWSER=1 to skip the browser tests locally.`);
}
