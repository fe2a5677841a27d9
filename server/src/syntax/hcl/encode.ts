/**
 * Pure helpers of the evaluator's functions: Terraform's `jsonencode` / `yamlencode` text of a
 * known value, and `cidrsubnet`.
 *
 * Sources: developer.hashicorp.com/terraform/language/functions/jsonencode (object attributes in
 * lexical order; Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029), .../yamlencode (block
 * style, strings quoted), .../cidrsubnet (the prefix's network address plus `netnum` shifted into the
 * `newbits` after the prefix; both IPv4 and IPv6).
 */
import { stringify } from 'yaml';
import type { HclValue } from './value';
import { DEEP, numberText } from './value';

/** Why `v` is not wholly known (an unknown or open part), or undefined when it is. */
export function notKnown(v: HclValue, depth = 0): string | undefined {
  if (depth > 64) return DEEP;
  switch (v.kind) {
    case 'unknown':
      return v.reason;
    case 'string':
      return v.holes?.[0]?.reason;
    case 'list':
      if (v.open) return v.open;
      for (const i of v.items) {
        const r = notKnown(i, depth + 1);
        if (r) return r;
      }
      return undefined;
    case 'object':
      if (v.open) return v.open;
      for (const e of v.entries) {
        const r = notKnown(e.value, depth + 1);
        if (r) return r;
      }
      return undefined;
    default:
      return undefined;
  }
}

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** The value as plain data with object keys in lexical order (callers check `notKnown` first). */
export function toPlain(v: HclValue, depth = 0): Plain {
  if (depth > 64) return null;
  switch (v.kind) {
    case 'bool':
    case 'number':
    case 'string':
      return v.value;
    case 'list':
      return v.items.map((i) => toPlain(i, depth + 1));
    case 'object': {
      const last = new Map<string, HclValue>();
      for (const e of v.entries) last.set(e.key, e.value);
      // No prototype: a `__proto__` key is an ordinary key here.
      const out = Object.create(null) as { [k: string]: Plain };
      for (const k of [...last.keys()].sort()) out[k] = toPlain(last.get(k) as HclValue, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

export function jsonText(p: Plain): string {
  return JSON.stringify(p, (_k, x: unknown) =>
    typeof x === 'number' && Number.isInteger(x) && Math.abs(x) > Number.MAX_SAFE_INTEGER ? numberText(x) : x,
  )
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function yamlText(p: Plain): string {
  return stringify(p, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
}

// ---------------------------------------------------------------------------------------------
// cidrsubnet

function parseIp(s: string): { bits: 32 | 128; n: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    let n = 0n;
    for (const p of s.split('.')) {
      const b = Number(p);
      if (b > 255) return undefined;
      n = (n << 8n) | BigInt(b);
    }
    return { bits: 32, n };
  }
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.length > 39) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return undefined;
  let n = 0n;
  for (const g of [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return { bits: 128, n };
}

function formatIp(bits: 32 | 128, n: bigint): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const g: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) g.push(((n >> s) & 0xffffn).toString(16));
  // The longest run of two or more zero groups becomes `::` (RFC 5952, as Go's net.IP prints).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}

/** `cidrsubnet(prefix, newbits, netnum)`, or an error message. */
export function cidrSubnet(prefix: string, newbits: number, netnum: number): string | { error: string } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(prefix);
  const ip = m ? parseIp(m[1] as string) : undefined;
  if (!m || !ip) return { error: `cidrsubnet: invalid CIDR prefix "${prefix}"` };
  const len = Number(m[2]);
  if (len > ip.bits) return { error: `cidrsubnet: invalid CIDR prefix "${prefix}"` };
  if (!Number.isInteger(newbits) || newbits < 0 || !Number.isInteger(netnum) || netnum < 0)
    return { error: 'cidrsubnet: newbits and netnum must be whole numbers, not negative' };
  const newLen = len + newbits;
  if (newLen > ip.bits) return { error: `cidrsubnet: not enough bits to add ${newbits} to /${len}` };
  if (BigInt(netnum) >= 1n << BigInt(newbits))
    return { error: `cidrsubnet: ${netnum} does not fit in ${newbits} bits` };
  const width = BigInt(ip.bits);
  const mask = ((1n << width) - 1n) ^ ((1n << (width - BigInt(len))) - 1n);
  const net = (ip.n & mask) | (BigInt(netnum) << (width - BigInt(newLen)));
  return `${formatIp(ip.bits, net)}/${newLen}`;
}
