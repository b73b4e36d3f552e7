// An agentready run on a Node.js older than it supports says so in one line (it used to crash
// with ERR_UNKNOWN_FILE_EXTENSION or a syntax error). Debian's own node (v20 here) is such a Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/agentready.js', import.meta.url));
const OLD = ['/usr/bin/node', '/usr/bin/nodejs'].find((p) => {
  if (!existsSync(p)) return false;
  const [major, minor] = execFileSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
  return major! < 22 || (major === 22 && minor! < 12);
});

test('an unsupported Node.js gets one line naming the version needed, and exit 1', (t) => {
  if (!OLD) { t.skip('no Node.js older than 22.12 on this machine'); return; }
  for (const args of [['scan', '--help'], ['scan', 'http://127.0.0.1:9/mcp']]) {
    const r: SpawnSyncReturns<string> = spawnSync(OLD as string, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^agentready: needs Node\.js 22\.12 or newer; this is Node\.js \d+\.\d+\.\d+ \(.+\)\n$/);
    assert.equal(r.stdout, '');
  }
});
