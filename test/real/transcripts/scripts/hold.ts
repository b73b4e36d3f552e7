// Starts one launcher and keeps it up until stdin closes / SIGTERM: node hold.ts <launcherName>
// Prints the URL on the first stdout line.
import * as gateways from '../../servers/gateways.ts';
import * as apps from '../../servers/apps.ts';
const g = { ...gateways, ...apps };
const name = process.argv[2] as keyof typeof g;
const start = g[name] as unknown as () => Promise<{ url: string; close(): Promise<void> }>;
const s = await start();
console.log(s.url);
let done = false;
const stop = async () => {
  if (done) return;
  done = true;
  await s.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
