import ipaddr from 'ipaddr.js';
import type { IpSecurity } from '@app/db';

/** An address or a range: its network address (host bits cleared) and the prefix length. */
export interface IpRange {
  family: 4 | 6;
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

/**
 * Parses an IPv4/IPv6 address or CIDR range strictly (ipaddr.js's four-part dotted decimal and RFC 4291
 * forms only, a decimal prefix within bounds, no zone id); null when it is not one. IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) is read as the IPv4 address it carries.
 */
export function parseIpRange(input: string): IpRange | null {
  const parts = input.trim().split('/');
  if (parts.length > 2) return null;
  const [text, prefixText] = parts;
  if (text.includes('%') || !(ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text)))) return null;
  let address: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(text);
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() && prefix >= 96) {
    address = address.toIPv4Address();
    prefix -= 96;
  }
  const network = address instanceof ipaddr.IPv4 ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`);
  return { family: network.kind() === 'ipv4' ? 4 : 6, address: network, prefix };
}

/** Canonical text: `10.0.0.0/8`, `2001:db8::/32`; a single address has no prefix. */
export function formatIpRange(range: IpRange): string {
  const address = range.address.toString(); // RFC 5952 for IPv6
  return range.prefix === (range.family === 4 ? 32 : 128) ? address : `${address}/${range.prefix}`;
}

/** True when `ip` (an address) lies in `range`. */
export function rangeContains(range: IpRange, ip: IpRange): boolean {
  if (range.family !== ip.family) return false;
  return (ip.address as ipaddr.IPv4).match(range.address as ipaddr.IPv4, range.prefix);
}

export function ipRuleView(rule: IpSecurity, now = new Date()) {
  return {
    id: rule.id,
    ipOrCidr: rule.ipOrCidr,
    status: rule.status,
    reason: rule.reason,
    expireAt: rule.expireAt?.toISOString() ?? null,
    expired: rule.expireAt !== null && rule.expireAt <= now,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
