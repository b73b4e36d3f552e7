// A stdio MCP server with framing faults, chosen by argument:
//   pretty   — answers pretty-printed over several lines
//   latin1   — the tools/list answer carries a Latin-1 byte (invalid UTF-8)
//   blank    — an empty line after every answer
//   refuse   — initialize offering 2025-11-25 is refused with an error (older ones work)
// It exits when stdin ends.
import readline from 'node:readline';

const mode = new Set(process.argv.slice(2));
const write = (m: object) => {
  let text = mode.has('pretty') ? JSON.stringify(m, null, 2) : JSON.stringify(m);
  let bytes = Buffer.from(text + '\n', 'utf8');
  if (mode.has('latin1') && text.includes('"tools"')) {
    text = text.replace('café', 'caf\u0000');
    bytes = Buffer.from(text + '\n', 'utf8');
    bytes[bytes.indexOf(0)] = 0xe9; // "é" in Latin-1: not UTF-8
  }
  process.stdout.write(bytes);
  if (mode.has('blank')) process.stdout.write('\n');
};
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let m: { id?: number; method?: string; params?: { protocolVersion?: string } };
  try { m = JSON.parse(line); } catch { return; }
  if (m.id === undefined) return;
  if (m.method === 'initialize') {
    if (mode.has('refuse') && m.params?.protocolVersion === '2025-11-25') {
      write({ jsonrpc: '2.0', id: m.id, error: { code: -32602, message: 'Unsupported protocol version' } });
      return;
    }
    write({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'sloppy', version: '0.0.1' } } });
  } else if (m.method === 'tools/list') {
    write({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'café', inputSchema: { type: 'object' } }] } });
  } else if (m.method === 'ping') write({ jsonrpc: '2.0', id: m.id, result: {} });
  else write({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } });
});
process.stdin.on('end', () => process.exit(0));
