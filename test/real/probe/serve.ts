// Starts one SDK-family launcher and keeps it up until SIGTERM/SIGINT, printing its URL.
// node test/real/probe/serve.ts startEverythingStreamable
import * as family from '../servers/sdkFamily.ts';
import type { RealServer } from '../servers/types.ts';

const name = process.argv[2] ?? '';
const start = (family as unknown as Record<string, () => Promise<RealServer>>)[name];
if (typeof start !== 'function') {
  console.error(`unknown launcher ${name}`);
  process.exit(2);
}
const server = await start();
console.log(server.url);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
