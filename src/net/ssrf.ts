// SSRF policy for scans strangers ask for (the web form): refuse targets that resolve to
// loopback, private, link-local, unique-local, CGNAT or metadata addresses. The check runs
// inside the connector's DNS lookup, so the address checked is the address connected to
// (no DNS-rebinding window), and again on every redirect hop.
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { BlockedTargetError } from './errors.ts';

const ALLOWED_RANGES = new Set(['unicast']);

/** Why an address may not be scanned, or undefined when it may. */
export function forbiddenAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (ALLOWED_RANGES.has(range)) return undefined;
  const names: Record<string, string> = {
    loopback: 'a loopback address', private: 'a private address', linkLocal: 'a link-local address (includes cloud metadata 169.254.169.254)',
    uniqueLocal: 'a unique-local address', carrierGradeNat: 'a carrier-grade NAT address', unspecified: 'the unspecified address',
    broadcast: 'a broadcast address', multicast: 'a multicast address', reserved: 'a reserved address',
  };
  return `${address} is ${names[range] ?? `in the ${range} range`}`;
}

/** Check a URL's host when it is an IP literal (lookup is not called for those). */
export function checkLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const why = forbiddenAddressReason(host);
    if (why) throw new BlockedTargetError(`refused: ${why}`);
  }
}

type LookupCb = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that refuses forbidden addresses. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCb): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    for (const a of list) {
      const why = forbiddenAddressReason(a.address);
      if (why) return callback(Object.assign(new BlockedTargetError(`refused: ${hostname} resolves to ${why}`), { code: 'AGENTREADY_BLOCKED' }), []);
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
