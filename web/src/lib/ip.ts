/**
 * Client-side check of the IP security form: an IPv4/IPv6 address, optionally with a CIDR prefix. The same
 * library and the same strictness as the server (services/auth ip-rules.ts): dotted decimal with four parts,
 * RFC 4291 IPv6, a decimal prefix within bounds.
 */
import ipaddr from 'ipaddr.js';

export function ipVersion(value: string): 4 | 6 | null {
  const v = value.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(v)) return 4;
  if (v.includes(':') && !v.includes('%') && ipaddr.IPv6.isValid(v)) return 6;
  return null;
}

export function isIpOrCidr(input: string | null | undefined): boolean {
  const value = (input ?? '').trim();
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const version = ipVersion(address);
  if (version === null) return false;
  if (slash === -1) return true;
  const prefix = value.slice(slash + 1);
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
