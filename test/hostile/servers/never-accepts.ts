// Connect never completes: a listening socket whose accept queue is full and never
// drained. A child process listens with backlog 1 and then blocks its event loop forever,
// so nothing ever calls accept(); we fill the kernel's accept queue ourselves, after
// which Linux drops further SYNs and the scanner's connect() hangs in SYN-SENT.
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { Hostile } from '../harness.ts';

const CHILD = `
const net = require('node:net');
const s = net.createServer();
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  require('node:fs').writeSync(1, s.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // block forever: never accept
});`;

function tryConnect(port: number, ms: number): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('error', () => {});
    const timer = setTimeout(() => { s.destroy(); resolve(undefined); }, ms);
    s.once('connect', () => { clearTimeout(timer); resolve(s); });
  });
}

export async function start(): Promise<Hostile> {
  const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d; const m = /^(\d+)\n/.exec(out); if (m) resolve(Number(m[1])); });
    child.once('exit', (code) => reject(new Error(`never-accepts child exited (${code})`)));
  });
  // fill the accept queue (backlog + 1 on Linux) until a connect no longer completes
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const s = await tryConnect(port, 300);
    if (!s) break;
    fillers.push(s);
  }
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      for (const s of fillers) s.destroy();
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}
