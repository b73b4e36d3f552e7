// 2026-07-28: header/body mismatch → 400 + -32020; unknown method → 404 + -32601.
import { defineRule, spec } from '../../src/contract/rule.ts';
import { authMasked, idList, statusText } from '../_lib/index.ts';

type Obs = { exchangeId: string; status?: number; error?: string; errorCode?: number } | undefined;
type Grade = 'ok' | 'codeWrong' | 'statusWrong' | 'missing';

function grade(o: Obs, status: number, code: number): Grade {
  if (!o || typeof o.status !== 'number') return 'missing';
  if (o.status !== status) return 'statusWrong';
  return o.errorCode === code ? 'ok' : 'codeWrong';
}

export default defineRule({
  id: 'stateless-header-validation',
  dimension: 'D2',
  level: 'MUST',
  eras: ['2026-07-28'],
  title: 'Request headers are validated against the body',
  failureTitle: 'Request headers are not validated as 2026-07-28 requires',
  description:
    'In 2026-07-28 load balancers and gateways route on `Mcp-Method`/`Mcp-Name` headers while the server executes the ' +
    'body; a server that accepts a mismatch lets a request be routed as one method and run as another. The exact ' +
    'status + code pairs (400/-32020, 404/-32601) are also how dual-era clients tell a modern server from a legacy one.',
  specRefs: [
    { label: 'Server validation (2026-07-28)', url: spec.streamableHttp07('server-validation') },
    { label: 'Protocol version header: unknown methods (2026-07-28)', url: spec.streamableHttp07('protocol-version-header') },
    { label: 'Backward compatibility (2026-07-28)', url: spec.streamableHttp07('backward-compatibility') },
  ],
  outcomes: {
    valid: { status: 'pass', score: 1, summary: 'Header mismatch → 400/-32020 and unknown method → 404/-32601.' },
    validWhereSeen: {
      status: 'pass', score: 1,
      summary: 'The one case that got an answer was refused as required; the other got none (or met the login), so it is not judged.',
    },
    codesMissing: {
      status: 'warn', score: 0.6,
      summary: 'The HTTP statuses are right, but the JSON-RPC error codes are missing or wrong.',
      fix: 'Include the JSON-RPC error in the body: `-32020` (HeaderMismatch) with the 400 for header/body mismatches, `-32601` (Method not found) with the 404 for unknown methods; clients use the code to tell a modern server from a legacy 404/400.',
    },
    partlyWrong: {
      status: 'fail', score: 0.4,
      summary: 'One of the two validation cases is answered with the wrong HTTP status.',
      fix: 'Reject a request whose `Mcp-Method`/`Mcp-Name`/`MCP-Protocol-Version` header is missing or differs from the body with `400` + error `-32020`, and an unknown method with `404` + error `-32601`.',
    },
    wrongStatus: {
      status: 'fail', score: 0,
      summary: 'Neither header mismatches nor unknown methods get the statuses 2026-07-28 requires.',
      fix: 'Validate `Mcp-Method`, `Mcp-Name` and `MCP-Protocol-Version` against the body before dispatch: mismatch or missing → `400` + JSON-RPC error `-32020`; unknown method → `404` + `-32601`.',
    },
    unobserved: {
      status: 'na', unobserved: true,
      summary: 'The header-validation probes were not sent or got no response.',
    },
  },
  judge({ evidence, exchange }) {
    const d = evidence.probes.discover;
    const hm = d?.headerMismatch;
    const um = d?.unknownMethod;
    const withStatus = (o: Obs) => (o && typeof o.status !== 'number' ? { ...o, status: exchange(o.exchangeId)?.response?.status } : o);
    const hmo = withStatus(hm);
    const umo = withStatus(um);
    const g1 = grade(hmo, 400, -32020);
    const g2 = grade(umo, 404, -32601);
    const line = (name: string, o: Obs, want: string) => o
      ? `${name} → ${statusText(o, exchange(o.exchangeId))}${o.errorCode !== undefined ? ` (error ${o.errorCode})` : ' (no error code)'}, expected ${want}`
      : `${name}: not sent`;
    const detail = `${line('Mcp-Method header mismatch', hmo, '400/-32020')}; ${line('unknown method', umo, '404/-32601')}.`;
    const exchanges = idList(hm?.exchangeId, um?.exchangeId);
    // a 401 to a request without credentials is the login's answer, not the validation's
    const masked = (o: Obs, g: Grade): Grade => (o && g === 'statusWrong' && authMasked(evidence, exchange(o.exchangeId), o.status) ? 'missing' : g);
    const m1 = masked(hmo, g1);
    const m2 = masked(umo, g2);
    const grades = [m1, m2].filter((g) => g !== 'missing');
    const data = { headerMismatch: m1, unknownMethod: m2 };
    const loginNote = m1 !== g1 || m2 !== g2 ? ' (a 401 for want of credentials is the login\'s answer, not judged)' : '';
    if (!grades.length) return { outcome: 'unobserved', detail: `${detail}${loginNote}`, exchanges, data };
    const wrong = grades.filter((g) => g === 'statusWrong').length;
    if (wrong === grades.length) return { outcome: 'wrongStatus', detail, exchanges, data };
    if (wrong > 0) return { outcome: 'partlyWrong', detail, exchanges, data };
    if (grades.includes('codeWrong')) return { outcome: 'codesMissing', detail, exchanges, data };
    // both cases seen and right, or only one: say which
    return { outcome: grades.length === 2 ? 'valid' : 'validWhereSeen', detail: `${detail}${loginNote}`, exchanges, data };
  },
});
