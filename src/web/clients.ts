// Who a request comes from, for per-client limits: the client address (after the trusted
// proxy hops), with IPv6 taken per /64 — one subscriber usually holds a whole /64, and
// rotating through it must not buy a fresh share.
import ipaddr from 'ipaddr.js';

export const IPV6_CLIENT_PREFIX = 64;

/** The key per-client limits count under: the IPv4 address, or the IPv6 /64 it lies in. */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, IPV6_CLIENT_PREFIX / 16);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/${IPV6_CLIENT_PREFIX}`;
}

/**
 * Which proxies may say who the client is: the number of proxy hops in front of the server,
 * or the proxies' own addresses and CIDR ranges. The client is the first address in
 * X-Forwarded-For, read from the right, that is not a trusted proxy — never whatever the
 * client itself wrote at the left.
 */
export type TrustProxy = number | string[];

/** A trust-proxy setting as Fastify takes it (a hop count becomes a function: its types lack numbers). */
export function fastifyTrustProxy(trust: TrustProxy | false | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === undefined || trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/** Parses "2" or "10.0.0.0/8, ::1" (throws a message naming what is wrong). */
export function parseTrustProxy(raw: string): TrustProxy {
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error(`"${raw}" must be between 1 and 10 proxy hops`);
    return hops;
  }
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) throw new Error(`"${raw}" is neither a number of proxy hops nor a list of proxy addresses`);
  for (const e of entries) {
    if (!ipaddr.isValid(e) && !ipaddr.isValidCIDR(e)) {
      throw new Error(`"${e}" is not an IP address or CIDR range (give the number of proxy hops, or the proxies' addresses, e.g. 1 or 10.0.0.0/8,::1)`);
    }
  }
  return entries;
}
