// The browser rules check the artifact's shape without zod (browserShape.ts); the zod schema
// (browserArtifact.ts) stays the full contract. What the schema accepts, the check must accept,
// and the malformed artifacts the rules must not read are refused by both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserArtifact } from '../../src/contract/browserArtifact.ts';
import { browserArtifactProblem } from '../../src/contract/browserShape.ts';
import { artifact, blocked, bstep, sessionOk } from '../browser/fixtures.ts';

const valid = [
  artifact(sessionOk()),
  artifact([blocked('initialize'), bstep('initialized', { outcome: 'skipped', reason: 'initialize did not succeed' })]),
  artifact([bstep('challenge', { status: 401, readable: { 'www-authenticate': null }, wireHeaders: {} })], { flow: 'auth-only', authRequired: true }),
  artifact([], { available: false, unavailableReason: 'no Chromium', flow: 'none' }),
];

test('browserShape: every artifact the zod schema accepts passes the structural check', () => {
  for (const a of valid) {
    assert.equal(BrowserArtifact.safeParse(a).success, true, 'fixture is valid by the schema');
    assert.equal(browserArtifactProblem(a), undefined, JSON.stringify(a).slice(0, 200));
  }
});

test('browserShape: malformed artifacts are refused by both, with the path of the problem', () => {
  const good = valid[0]!;
  const cases: [unknown, RegExp][] = [
    [null, /\(root\)/],
    [{ available: 'yes', steps: 3 }, /available/],
    [{ ...good, flow: 'session-ish' }, /flow/],
    [{ ...good, steps: 'none' }, /steps: not an array/],
    [{ ...good, steps: [{ name: 'nope' }] }, /steps\.0\.name/],
    [{ ...good, steps: [{ ...good.steps[0], outcome: 'fine' }] }, /steps\.0\.outcome/],
    [{ ...good, steps: [{ ...good.steps[0], status: '200' }] }, /steps\.0\.status/],
    [{ ...good, steps: [{ ...good.steps[0], readable: 'x' }] }, /steps\.0\.readable/],
  ];
  for (const [raw, where] of cases) {
    assert.equal(BrowserArtifact.safeParse(raw).success, false, `the schema refuses ${JSON.stringify(raw).slice(0, 80)}`);
    assert.match(browserArtifactProblem(raw) ?? '', where);
  }
});
