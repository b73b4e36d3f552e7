// The HTML report in real Chromium: opened from disk with no network at all, no console
// errors or CSP violations, gauges and failing rules as in the Result, accessible (axe),
// usable without JavaScript and on a phone, and inert in front of hostile server data.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { writeReports } from '../../reports/index.ts';
import { launchChromium, requireBrowser, type BrowserSlot } from './browser.ts';
import { OUTPUT_DIR, reportCases, type ReportCase } from './cases.ts';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let slot: BrowserSlot | undefined;
before(async () => { slot = await launchChromium(); });
after(async () => { if (slot && 'browser' in slot) await slot.browser.close(); });

/** Writes all formats for a case under .test-output/reports/<case>/ and returns the report's file URL. */
async function writeCase(c: ReportCase): Promise<{ url: string; dir: string }> {
  const dir = fileURLToPath(new URL(`${c.name}/`, OUTPUT_DIR));
  await writeReports(c.result, c.evidence, dir, ['html', 'json', 'md', 'sarif', 'junit']);
  return { url: pathToFileURL(`${dir}report.html`).href, dir };
}

interface Watched { page: Page; requests: string[]; errors: string[]; dialogs: string[]; close(): Promise<void> }

/** A fresh page that records every request, console error, page error, CSP violation and dialog. */
async function openWatched(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext(options);
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  // Block anything that is not the report itself, and remember that it was attempted.
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors, dialogs, close: () => context.close() };
}

const cases = reportCases();

describe('HTML report in Chromium', () => {
  for (const c of cases) {
    test(`${c.name}: offline, error-free, and shows the Result`, async (t) => {
      const browser = requireBrowser(t, slot);
      if (!browser) return;
      const { url, dir } = await writeCase(c);
      const w = await openWatched(browser, url, { viewport: { width: 1280, height: 900 } });
      try {
        assert.deepEqual([...new Set(w.requests)], [url], 'the only request is the report file itself');
        assert.deepEqual(w.errors, [], 'no console errors or CSP violations');
        assert.deepEqual(w.dialogs, [], 'no dialogs');

        const gauges = await w.page.$$eval('[data-gauge]', (els) => els.map((e) => ({
          key: (e as HTMLElement).dataset.gauge, text: e.querySelector('.gauge-value')?.textContent, name: e.querySelector('title')?.textContent,
        })));
        assert.deepEqual(gauges.map((g) => g.key), ['overall', 'D2', 'D7', 'D8']);
        for (const g of gauges) {
          const score = c.result.scores[g.key as 'overall'];
          assert.equal(g.text, score === null ? '—' : String(score), `gauge ${g.key}`);
          assert.ok(g.name?.includes(score === null ? 'not judged' : `${score} out of 100`), `gauge ${g.key} has a text alternative`);
        }

        const failedIds = await w.page.$$eval('#failed [data-rule-id]', (els) => els.map((e) => (e as HTMLElement).dataset.ruleId));
        const expected = c.result.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
        assert.deepEqual([...failedIds].sort(), [...expected].sort(), 'failing rules listed under Failed');
        for (const cap of c.result.caps) {
          assert.ok((await w.page.textContent('#scores'))?.includes(`capped at ${cap.max} by ${cap.ruleId}`), 'cap shown');
        }
        assert.equal(await w.page.isVisible('[data-toolbar]'), true, 'the inline script ran (toolbar shown)');

        // Rule → exchange links land on the opened exchange.
        const link = w.page.locator('.exchange-refs a').first();
        if (c.evidence && (await link.count())) {
          const href = await link.getAttribute('href');
          await w.page.locator('details.rule', { has: link }).first().evaluate((d) => { (d as HTMLDetailsElement).open = true; });
          await link.click();
          // hashchange fires asynchronously after the click
          await w.page.waitForFunction((id) => (document.getElementById(id) as HTMLDetailsElement | null)?.open === true, href?.slice(1) ?? '', { timeout: 2000 });
        }

        const shot = `${dir}report.png`;
        await w.page.screenshot({ path: shot, fullPage: true });
        t.diagnostic(`screenshot: ${shot}`);
      } finally {
        await w.close();
      }
    });

    test(`${c.name}: axe finds no serious or critical violations (light and dark)`, async (t) => {
      const browser = requireBrowser(t, slot);
      if (!browser) return;
      const { url } = await writeCase(c);
      for (const colorScheme of ['light', 'dark'] as const) {
        // axe is injected as a script, which the report's CSP forbids: bypass CSP for this check only.
        const w = await openWatched(browser, url, { bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
        try {
          await w.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
          await w.page.addScriptTag({ content: AXE_SOURCE });
          const violations = await w.page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
            const res = await axe.run(document, { resultTypes: ['violations'] });
            return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
          });
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const minor = violations.filter((v) => !serious.includes(v));
          assert.equal(serious.length, 0, `${colorScheme}: ${JSON.stringify(serious, null, 2)}`);
          if (minor.length) t.diagnostic(`${colorScheme}: minor/moderate: ${minor.map((v) => v.id).join(', ')}`);
        } finally {
          await w.close();
        }
      }
    });
  }

  test('the axe harness is not vacuous: it catches a known violation', async (t) => {
    const browser = requireBrowser(t, slot);
    if (!browser) return;
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.setContent('<!doctype html><html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>');
      await page.addScriptTag({ content: AXE_SOURCE });
      const ids = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => v.id);
      });
      assert.ok(ids.includes('image-alt'), ids.join(', '));
    } finally {
      await context.close();
    }
  });

  test('readable on a phone and without JavaScript', async (t) => {
    const browser = requireBrowser(t, slot);
    if (!browser) return;
    const c = cases.find((x) => x.name === 'flawed') ?? cases[0];
    const { url, dir } = await writeCase(c);
    const phone = await openWatched(browser, url, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    try {
      await phone.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `no horizontal scrolling (overflow ${overflow}px)`);
      const shot = `${dir}report-phone.png`;
      await phone.page.screenshot({ path: shot });
      t.diagnostic(`phone screenshot: ${shot}`);
    } finally {
      await phone.close();
    }
    const noJs = await openWatched(browser, url, { javaScriptEnabled: false });
    try {
      assert.equal(await noJs.page.isVisible('[data-toolbar]'), false, 'enhancements stay hidden');
      const firstFailed = c.result.rules.find((r) => r.status === 'fail');
      if (firstFailed) {
        const rule = noJs.page.locator(`[data-rule-id="${firstFailed.id}"]`);
        await rule.locator('summary').click();
        assert.equal(await rule.locator('.detail').isVisible(), true, 'native <details> opens without JS');
      }
    } finally {
      await noJs.close();
    }
  });

  test('hostile server data is shown as text and never runs', async (t) => {
    const browser = requireBrowser(t, slot);
    if (!browser) return;
    const c = cases.find((x) => x.name === 'hostile');
    assert.ok(c);
    const { url } = await writeCase(c);
    const w = await openWatched(browser, url);
    try {
      await w.page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      await w.page.waitForTimeout(100);
      assert.deepEqual(w.dialogs, [], 'no alert() ran');
      assert.deepEqual(w.errors, []);
      const facts = await w.page.evaluate(() => ({
        scripts: document.scripts.length,
        imgs: document.querySelectorAll('img').length,
        onerror: document.querySelectorAll('[onerror]').length,
        javascriptLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
        text: document.body.innerText,
      }));
      assert.equal(facts.scripts, 1, 'only the report’s own script');
      assert.equal(facts.imgs, 0);
      assert.equal(facts.onerror, 0);
      assert.equal(facts.javascriptLinks, 0);
      assert.ok(facts.text.includes('<script>alert(1)</script>'), 'shown literally');
      assert.ok(facts.text.includes('"><img src=x onerror=alert(1)>'), 'shown literally');
      // JSON bodies show an escape as the six characters \u001b, which is harmless text; a raw ESC must not survive
      assert.ok(!facts.text.includes('\u001b') && !/(?<!\\u001b)\[31m/.test(facts.text), 'terminal escapes stripped');
      assert.ok(!facts.text.includes('sk-live-this-should-never-show'), 'credentials masked');
    } finally {
      await w.close();
    }
  });
});
