/** Client-side check of the IP security form: an IPv4/IPv6 address, optionally with a CIDR prefix. */
function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(value: string): boolean {
  if (!value || value.split('::').length > 2) return false;
  let text = value;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    // IPv4-mapped tail such as ::ffff:192.0.2.1 counts as two groups.
    if (!isIpv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    extra = 1;
  }
  const group = /^[0-9a-f]{1,4}$/i;
  if (text.includes('::')) {
    const [head, tail] = text.split('::') as [string, string];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    return [...h, ...t].every((g) => group.test(g)) && h.length + t.length + extra <= 7;
  }
  const groups = text.split(':');
  return groups.length + extra === 8 && groups.every((g) => group.test(g));
}

export function ipVersion(value: string): 4 | 6 | null {
  const v = value.trim();
  if (isIpv4(v)) return 4;
  if (isIpv6(v)) return 6;
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
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
