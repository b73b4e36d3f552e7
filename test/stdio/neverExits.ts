// A stdio MCP server that will not die: it ignores the end of stdin and traps SIGTERM,
// and it has started a grandchild (printed to stderr as "grandchild <pid>") in its process
// group. Only SIGKILL to the group ends them both. Hand-written JSON-RPC, one line each.
// With PID_FILE set, it writes "<own pid> <grandchild pid>" there.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import readline from 'node:readline';

const grandchild = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.error(`grandchild ${grandchild.pid}`);
// tests that must find the processes before the scan ends ask for their pids in a file
if (process.env.PID_FILE) writeFileSync(process.env.PID_FILE, `${process.pid} ${grandchild.pid}\n`);
process.on('SIGTERM', () => console.error('SIGTERM ignored'));
setInterval(() => {}, 1000);

const send = (m: object) => process.stdout.write(JSON.stringify(m) + '\n');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let m: { id?: number; method?: string; params?: { protocolVersion?: string } };
  try { m = JSON.parse(line); } catch { return; }
  if (m.id === undefined) return;
  if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'never-exits', version: '0.0.1' } } });
  else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [] } });
  else if (m.method === 'ping') send({ jsonrpc: '2.0', id: m.id, result: {} });
  else send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } });
});
