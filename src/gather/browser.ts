// The real-browser check (issue 8) — being built. The scan calls probeBrowser when a
// browser is available; it returns the `browser` artifact or undefined.
import type { Probes } from '../evidence.ts';
import type { ScanContext } from './context.ts';

/** Supplies a browser context per scan; batch and serve share one browser across scans. */
export interface BrowserProvider {
  /** why no browser is available, or undefined when one is */
  unavailableReason(): Promise<string | undefined>;
}

export async function probeBrowser(_ctx: ScanContext, _probes: Partial<Probes>, _provider: BrowserProvider | undefined): Promise<unknown> {
  return undefined;
}
