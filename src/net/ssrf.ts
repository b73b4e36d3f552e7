// SSRF policy for scans strangers ask for (the web form): only public unicast addresses may
// be connected to. IPv4 must be in ipaddr.js's `unicast` range (not loopback, private,
// link-local/metadata, CGNAT, reserved…); IPv6 must be global unicast (2000::/3) and not one
// of its special blocks — which refuses every form that embeds an IPv4 address (IPv4-mapped
// and -compatible ::/96, NAT64 64:ff9b::/96 and /48, 6to4 2002::/16, Teredo 2001::/32), since
// the host or a translator on the path may turn those into a private IPv4 destination. The
// check runs inside the connector's DNS lookup, so the address checked is the address
// connected to (no DNS-rebinding window), and again on every redirect hop.
//
// A refusal says only that the target is not public: what a name resolved to would turn the
// refusal into a probe of the scanner's internal DNS. The details go to the
// `agentready:ssrf-refused` diagnostics channel, for the server's log.
import dc from 'node:diagnostics_channel';
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { BlockedTargetError } from './errors.ts';

/** The one refusal text: the same for a private literal, a private name and a missing name. */
export const REFUSED_NOT_PUBLIC = 'refused: the target is not a public internet address';

/** What was refused and why, published for the log only (never shown to the requester). */
export interface RefusalDetail { host: string; address?: string; reason: string }
export const refusalChannel = dc.channel('agentready:ssrf-refused');

export function reportRefusal(detail: RefusalDetail): void {
  if (refusalChannel.hasSubscribers) refusalChannel.publish(detail);
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address', private: 'a private address', linkLocal: 'a link-local address (includes cloud metadata 169.254.169.254)',
  uniqueLocal: 'a unique-local address', carrierGradeNat: 'a carrier-grade NAT address', unspecified: 'the unspecified address',
  broadcast: 'a broadcast address', multicast: 'a multicast address', reserved: 'a reserved address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address', rfc6145: 'an IPv4-translated IPv6 address', rfc6052: 'a NAT64 address (embeds IPv4)',
  '6to4': 'a 6to4 address (embeds IPv4)', teredo: 'a Teredo address (embeds IPv4)',
};

/** Why an address may not be scanned (for the log), or undefined when it may. */
export function forbiddenAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  const ip = ipaddr.parse(address);
  const range = ip.range();
  if (ip.kind() === 'ipv4') {
    return range === 'unicast' ? undefined : `${address} is ${RANGE_NAMES[range] ?? `in the ${range} range`}`;
  }
  const v6 = ip as ipaddr.IPv6;
  if (range === 'unicast' && v6.match(GLOBAL_UNICAST_V6)) return undefined;
  if (range === 'unicast') {
    // ::/96 (IPv4-compatible) and everything else outside 2000::/3 that ipaddr.js calls unicast
    const parts = v6.parts;
    const compatible = parts.slice(0, 6).every((p) => p === 0);
    return `${address} is ${compatible ? 'an IPv4-compatible IPv6 address (embeds IPv4)' : 'outside IPv6 global unicast (2000::/3)'}`;
  }
  return `${address} is ${RANGE_NAMES[range] ?? `in the ${range} range`}`;
}

/** Check a URL's host when it is an IP literal (lookup is not called for those). */
export function checkLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const why = forbiddenAddressReason(host);
    if (why) {
      reportRefusal({ host, address: host, reason: why });
      throw new BlockedTargetError(REFUSED_NOT_PUBLIC);
    }
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
      if (why) {
        reportRefusal({ host: hostname, address: a.address, reason: why });
        return callback(Object.assign(new BlockedTargetError(REFUSED_NOT_PUBLIC), { code: 'AGENTREADY_BLOCKED' }), []);
      }
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
