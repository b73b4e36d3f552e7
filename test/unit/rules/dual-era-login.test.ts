// A dual-era server whose server/discover is open and whose initialize is behind a login
// (@apify/actors-mcp-server scanned without a token): the scan hears only 2026-07-28, and the
// 401s of that login must not be judged as the stateless era's protocol failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRule } from '../../../src/engine/judge.ts';
import { eraArtifact } from '../../../src/engine/scan.ts';
import { evidence, exchange } from '../../fixtures/evidence.ts';
import notification202 from '../../../rules/D2/notification-202.ts';
import statelessHeaderValidation from '../../../rules/D2/stateless-header-validation.ts';
import getStreamOr405 from '../../../rules/D2/get-stream-or-405.ts';
import statelessGetDelete405 from '../../../rules/D2/stateless-get-delete-405.ts';
import type { Probes } from '../../../src/contract/evidence.ts';

const challenge = { 'www-authenticate': 'Bearer error="invalid_token", error_description="API token missing"', 'content-type': 'application/json' };
const discover: Probes['discover'] = {
  attempted: true, answered: true, exchangeId: 'd', status: 200, supportedVersions: ['2026-07-28', '2025-11-25'],
  headerMismatch: { exchangeId: 'hm', status: 400, errorCode: -32020 },
  unknownMethod: { exchangeId: 'um', status: 401, errorCode: -32001 },
  get: { exchangeId: 'g', status: 404 },
  delete: { exchangeId: 'del', status: 404 },
};
const initialize: Probes['initialize'] = { attempted: true, attempts: [{ requestedVersion: '2025-11-25', exchangeId: 'i', status: 401 }], ok: false, sessionIdSamples: [] };
const transcript = [
  exchange({ id: 'd', response: { status: 200 } }),
  exchange({ id: 'i', response: { status: 401, headers: challenge } }),
  exchange({ id: 'n', response: { status: 401, headers: challenge, bodyBytes: 80 } }),
  exchange({ id: 'hm', response: { status: 400 } }),
  exchange({ id: 'um', response: { status: 401, headers: challenge } }),
  exchange({ id: 'g', response: { status: 404 } }),
];

test('eraArtifact: initialize behind a login while server/discover answers marks the session era as behind the login', () => {
  const era = eraArtifact({ discover, initialize }, transcript);
  assert.deepEqual(era.revisions, ['2026-07-28']);
  assert.equal(era.sessionAuthBlocked, true);
  assert.equal(era.authBlocked, false);
  // a server that answered initialize 400 (no session era at all) is not marked
  assert.equal(eraArtifact({ discover, initialize: { ...initialize, attempts: [{ requestedVersion: '2025-11-25', exchangeId: 'i', status: 400 }] } }, transcript).sessionAuthBlocked, undefined);
});

test('the login\'s 401s are not the stateless era\'s failures', () => {
  const era = eraArtifact({ discover, initialize }, transcript);
  const ev = evidence({ era, discover, initialize, initialized: { attempted: true, exchangeId: 'n', status: 401, bodyBytes: 80 } }, transcript);
  const verdict = (rule: Parameters<typeof judgeRule>[0]) => { const r = judgeRule(rule, ev); return `${r.status}/${r.outcome}`; };
  assert.equal(verdict(notification202), 'na/authMasked');
  assert.equal(verdict(statelessHeaderValidation), 'pass/validWhereSeen');
  assert.equal(verdict(getStreamOr405), 'na/unobserved');
  assert.equal(verdict(statelessGetDelete405), 'na/sessionEraToo');
  // the same answers from a server with no login at all are judged
  const open = evidence({ era: { ...era, sessionAuthBlocked: undefined }, discover: { ...discover, unknownMethod: { exchangeId: 'um2', status: 400 } }, initialized: { attempted: true, exchangeId: 'n2', status: 400 } },
    [exchange({ id: 'n2', response: { status: 400 } }), exchange({ id: 'um2', response: { status: 400 } }), exchange({ id: 'g', response: { status: 404 } }), exchange({ id: 'hm', response: { status: 400 } })]);
  assert.equal(judgeRule(notification202, open).status, 'fail');
  assert.equal(judgeRule(statelessHeaderValidation, open).outcome, 'partlyWrong');
  assert.equal(judgeRule(getStreamOr405, open).outcome, 'notFoundOrBadRequest');
});
