// Start one hostile server by name and print its URL, for trying the CLI by hand:
//   node test/hostile/serve.ts slowloris-body   →   agentready scan <url> --deadline 5
import { HOSTILE_SERVERS } from './servers/index.ts';

const name = process.argv[2];
const start = name ? HOSTILE_SERVERS[name] : undefined;
if (!start) {
  process.stderr.write(`usage: node test/hostile/serve.ts <name>\nnames: ${Object.keys(HOSTILE_SERVERS).join(', ')}\n`);
  process.exit(2);
}
const server = await start();
process.stdout.write(`${server.url}\n`);
process.on('SIGINT', () => { void server.close().then(() => process.exit(0)); });
