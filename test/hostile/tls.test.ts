// Redirects off https: a trusted https endpoint (a throwaway CA-less self-signed
// certificate, trusted through NODE_EXTRA_CA_CERTS in a child process) that redirects
// every request to plain http. The scanner must refuse to follow, and say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { rawHttp, respond } from './harness.ts';

const run = promisify(execFile);

function selfSigned(dir: string): { key: string; cert: string; certFile: string } | undefined {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

test('hostile: https endpoint redirecting to plain http is refused, not followed', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pem = selfSigned(dir);
  if (!pem) { t.skip('openssl is not available'); return; }

  let plainRequests = 0;
  const plain = await rawHttp((s) => { plainRequests++; respond(s, 200, { 'content-type': 'application/json' }, '{}'); });
  const https = await rawHttp((s, req) => {
    respond(s, req.n % 2 ? 307 : 301, { location: plain.url }, '');
  }, { tls: { key: pem.key, cert: pem.cert } });
  try {
    const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'scanChild.ts'), https.url, '6000'], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: pem.certFile }, timeout: 20_000,
    });
    const out = JSON.parse(stdout) as { wallMs: number; era: string; unreachableReason: string; transcript: { url: string; label: string; error?: { kind: string; message: string } }[]; escaped: unknown[] };
    assert.deepEqual(out.escaped, []);
    assert.ok(out.wallMs <= 6000 + 1500);
    assert.equal(out.era, 'fail');
    const refused = out.transcript.filter((x) => x.error?.kind === 'redirect' && /https to plain http refused/.test(x.error.message));
    assert.ok(refused.length > 0, JSON.stringify(out.transcript.map((x) => x.error)));
    assert.equal(plainRequests, 0, 'the http target was never contacted');
    assert.ok(out.transcript.every((x) => !x.url.startsWith(plain.url)), 'no exchange to the http target');
  } finally {
    await https.close();
    await plain.close();
  }
});
