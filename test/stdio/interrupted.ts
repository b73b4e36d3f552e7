// A scanner process for the interrupt test: scans `neverExits.ts` with a long exit grace,
// so the test can SIGINT it while the child is still alive. Usage: node interrupted.ts PID_FILE
import { scanStdio } from '../../src/engine/scanStdio.ts';

const pidFile = process.argv[2] ?? '';
await scanStdio({
  command: `"${process.execPath}" test/stdio/neverExits.ts`,
  env: { PID_FILE: pidFile },
  options: { exitGraceMs: 30_000, termGraceMs: 30_000, deadlineMs: 120_000 },
  onProgress: (e) => { if (e.probe === 'stdio-shutdown' && e.phase === 'start') console.log('shutting down'); },
});
console.log('scan finished (unexpected: the test interrupts it first)');
