// Preloaded (`node --import`) into npm-packaged servers that call `listen(PORT)` without a
// host (server-everything: `app.listen(process.env.PORT || 3001)`), which would bind every
// interface. It pins any host-less TCP listen to 127.0.0.1 and changes nothing else, so the
// package still runs exactly as its README says, only on loopback.
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

function isPort(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
  const first = args[0];
  if (args.length === 0 || typeof first === 'function') {
    args.unshift(0, LOOPBACK); // listen() / listen(cb): an ephemeral port, on loopback
  } else if (isPort(first) && typeof args[1] !== 'string') {
    args.splice(1, 0, LOOPBACK); // listen(port[, backlog][, cb])
  } else if (first !== null && typeof first === 'object' && 'port' in first && !('host' in first) && !('path' in first)) {
    args[0] = { ...(first as object), host: LOOPBACK }; // listen({ port })
  }
  return (originalListen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof originalListen;
