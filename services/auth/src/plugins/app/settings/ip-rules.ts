import { isIP, SocketAddress } from 'node:net';
import { Prisma, type IpSecurity, type PrismaClient } from '@app/db';
import { ConflictError, NotFoundError } from '@app/service-kit';
import type { IpStatus } from '../../../schemas/settings.js';

/** An address or a range: the network's bytes (host bits cleared) and the prefix length. */
export interface IpRange {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function v6Bytes(address: string): Uint8Array {
  // Expand '::' and an embedded IPv4 tail; `address` has already passed net.isIP, so it is well formed.
  let text = address;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const value = parseInt(g, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function mask(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

const isV4Mapped = (b: Uint8Array) => b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/**
 * Parses an IPv4/IPv6 address or CIDR range strictly (net.isIP, decimal prefix within bounds); null when
 * it is not one. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is read as the IPv4 address it carries.
 */
export function parseIpRange(input: string): IpRange | null {
  const parts = input.trim().split('/');
  if (parts.length > 2) return null;
  const [address, prefixText] = parts;
  const family = address.includes('%') ? 0 : isIP(address);
  if (family !== 4 && family !== 6) return null;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  if (family === 4) return { family, bytes: mask(Uint8Array.from(address.split('.').map(Number)), prefix), prefix };
  const bytes = v6Bytes(address);
  if (isV4Mapped(bytes) && prefix >= 96) return { family: 4, bytes: mask(bytes.slice(12), prefix - 96), prefix: prefix - 96 };
  return { family, bytes: mask(bytes, prefix), prefix };
}

/** Canonical text: `10.0.0.0/8`, `2001:db8::/32`; a single address has no prefix. */
export function formatIpRange(range: IpRange): string {
  const address =
    range.family === 4
      ? [...range.bytes].join('.')
      : new SocketAddress({
          family: 'ipv6',
          address: Array.from({ length: 8 }, (_, i) => ((range.bytes[i * 2] << 8) | range.bytes[i * 2 + 1]).toString(16)).join(':'),
        }).address;
  return range.prefix === (range.family === 4 ? 32 : 128) ? address : `${address}/${range.prefix}`;
}

/** True when `ip` (an address) lies in `range`. */
export function rangeContains(range: IpRange, ip: IpRange): boolean {
  if (range.family !== ip.family) return false;
  const masked = mask(ip.bytes, range.prefix);
  return masked.every((b, i) => b === range.bytes[i]);
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

/** xl_ip_security. Callers publish `ipRulesChanged` after each write so every gateway reloads. */
export function ipRules(db: PrismaClient) {
  async function get(id: number): Promise<IpSecurity> {
    const rule = await db.ipSecurity.findUnique({ where: { id } });
    if (!rule) throw new NotFoundError('IP 规则不存在');
    return rule;
  }

  return {
    get,

    async page(filter: { status?: IpStatus; keyword?: string }, page: { skip: number; take: number }) {
      const where: Prisma.IpSecurityWhereInput = {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.keyword
          ? { OR: [{ ipOrCidr: { contains: filter.keyword, mode: 'insensitive' } }, { reason: { contains: filter.keyword, mode: 'insensitive' } }] }
          : {}),
      };
      const [rows, total] = await Promise.all([
        db.ipSecurity.findMany({ where, orderBy: { id: 'desc' }, skip: page.skip, take: page.take }),
        db.ipSecurity.count({ where }),
      ]);
      return { rows, total };
    },

    async create(data: { ipOrCidr: string; status: IpStatus; reason: string | null; expireAt: Date | null; createdBy: number | null }) {
      if (await db.ipSecurity.findUnique({ where: { ipOrCidr: data.ipOrCidr } })) throw new ConflictError('该 IP 规则已存在');
      try {
        return await db.ipSecurity.create({ data });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new ConflictError('该 IP 规则已存在');
        throw err;
      }
    },

    setStatus: (id: number, status: IpStatus) => db.ipSecurity.update({ where: { id }, data: { status } }),

    /** What the gateways enforce: banned and not yet expired. */
    activeBans: (now = new Date()) =>
      db.ipSecurity.findMany({
        where: { status: 'banned', OR: [{ expireAt: null }, { expireAt: { gt: now } }] },
        select: { ipOrCidr: true, expireAt: true },
        orderBy: { id: 'asc' },
      }),
  };
}
export type IpRules = ReturnType<typeof ipRules>;
