// 2026-07-28-only servers answer GET and DELETE with 405.
import { SESSION_REVISIONS } from '../../src/contract/constants.ts';
import { defineRule, spec } from '../../src/contract/rule.ts';
import { idList, statusText } from '../_lib/index.ts';

export default defineRule({
  id: 'stateless-get-delete-405',
  dimension: 'D2',
  level: 'SHOULD',
  eras: ['2026-07-28'],
  title: 'GET and DELETE answer 405 on a stateless server',
  failureTitle: 'GET or DELETE is not answered 405 on a stateless server',
  description:
    'Older session-era clients open a GET stream and DELETE their session; a 2026-07-28-only server should answer both ' +
    'with `405 Method Not Allowed` so those clients carry on without them. A 404 or 400 makes them believe the session ' +
    'died and reconnect in a loop.',
  specRefs: [
    { label: 'Earlier Streamable HTTP revisions (2026-07-28)', url: spec.streamableHttp07('earlier-streamable-http-revisions') },
  ],
  outcomes: {
    both405: { status: 'pass', score: 1, summary: 'GET and DELETE were answered 405.' },
    one405: {
      status: 'warn', score: 0.5,
      summary: 'Only one of GET and DELETE was answered 405.',
      fix: 'Answer both GET and DELETE on the MCP endpoint with `405 Method Not Allowed` (and `Allow: POST`) when you serve only 2026-07-28.',
    },
    neither405: {
      status: 'warn', score: 0.3,
      summary: 'Neither GET nor DELETE was answered 405 (of those that got a response).',
      fix: 'Answer GET and DELETE on the MCP endpoint with `405 Method Not Allowed` (and `Allow: POST`); do not open streams, mint or echo session ids for them.',
    },
    sessionEraToo: {
      status: 'na',
      summary: 'The server also speaks a session revision, where GET and DELETE are legitimately used.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'GET and DELETE were not probed or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const spoken = evidence.probes.era.revisions.filter((r) => SESSION_REVISIONS.includes(r));
    if (spoken.length) return { outcome: 'sessionEraToo', detail: `The server also accepted ${spoken.join(', ')}.` };
    // "supports only this revision" is not shown when initialize met a login
    if (evidence.probes.era.sessionAuthBlocked) return { outcome: 'sessionEraToo', detail: 'initialize was answered 401/403: the server may speak a session revision behind its login, where GET and DELETE are used.' };
    const d = evidence.probes.discover;
    const status = (o: { exchangeId: string; status?: number } | undefined) => o?.status ?? exchange(o?.exchangeId)?.response?.status;
    const gs = status(d?.get);
    const ds = status(d?.delete);
    const detail = `GET → ${d?.get ? statusText({ ...d.get, status: gs }, exchange(d.get.exchangeId)) : 'not sent'}; ` +
      `DELETE → ${d?.delete ? statusText({ ...d.delete, status: ds }, exchange(d.delete.exchangeId)) : 'not sent'}.`;
    const exchanges = idList(d?.get?.exchangeId, d?.delete?.exchangeId);
    // A GET answered with neither a stream nor 405 is get-stream-or-405's finding (one root cause, one finding).
    const getJudgedElsewhere = typeof gs === 'number' && gs !== 405 && gs !== 200;
    const observed = [getJudgedElsewhere ? undefined : gs, ds].filter((s): s is number => typeof s === 'number');
    if (!observed.length) return { outcome: 'unobserved', detail, exchanges };
    const ok = observed.filter((s) => s === 405).length;
    if (ok === observed.length && observed.length === 2) return { outcome: 'both405', detail, exchanges };
    if (ok === observed.length) return { outcome: 'both405', detail: `${detail} (only one was observed)`, exchanges };
    if (ok > 0) return { outcome: 'one405', detail, exchanges };
    return { outcome: 'neither405', detail, exchanges };
  },
});
