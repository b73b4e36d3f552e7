// Nothing listens: a port that was just released. Connect fails at once (ECONNREFUSED).
import net from 'node:net';
import type { Hostile } from '../harness.ts';

export async function start(): Promise<Hostile> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return { url: `http://127.0.0.1:${port}/mcp`, close: async () => {} };
}
