/**
 * Subnet fragmentation: how many addresses of an IPv4 subnet are free, how many *aligned* /28 blocks are
 * entirely free (what EC2 needs to delegate a prefix), whether a node can get its next prefix, and which
 * subnet CIDR reservation (`aws ec2 create-subnet-cidr-reservation --reservation-type prefix`) would keep
 * room for the prefixes the nodes want. Pure; never throws; no I/O.
 *
 * Facts it rests on:
 * - AWS reserves 5 addresses of every subnet: the first four and the last (Amazon VPC User Guide,
 *   "Subnet CIDR blocks"); a subnet is /16 to /28.
 * - A delegated IPv4 prefix is a /28 aligned on 16 addresses, taken whole from the subnet; EC2 fails with
 *   `InsufficientCidrBlocks` when no aligned /28 is free even though single addresses are (amazon-vpc-cni-k8s
 *   issue #2749, docs/prefix-and-ip-target.md; domain.md §f). ipamd allocates /28 prefixes in PD mode
 *   (pkg/ipamd/ipamd.go tryAssignPrefixes; 16 IPs per prefix).
 * - A `prefix` subnet CIDR reservation keeps a range for prefixes: EC2 puts no secondary or primary
 *   address in it (CreateSubnetCidrReservation, ReservationType `prefix`), so prefixes there cannot be
 *   fragmented away by single addresses.
 *
 * Representation: one 16-bit word per aligned /28 block of the subnet (a subnet's base is aligned to its
 * size, ≥ 16), bit i = address `block*16 + i` is taken. A /16 subnet is 4,096 words (8 KB). Marking is one
 * operation per address or prefix; counting is one pass over the words: linear in the input plus the subnet.
 *
 * IPv6 (/80 prefixes in a /64) is not modelled: a /64 has 65,536 /80 blocks and fragmentation of it is not a
 * failure anyone reports; callers skip IPv6 subnets.
 *
 * @module
 */

/** Addresses in one delegated IPv4 prefix (/28). */
export const PREFIX_ADDRESSES = 16;
/** Addresses AWS reserves in every subnet: network + 3 (router, DNS, future) at the start, 1 at the end. */
export const AWS_RESERVED_START = 4;
export const AWS_RESERVED_END = 1;
/** Subnet sizes AWS allows (VPC User Guide). */
export const MIN_SUBNET_PREFIX = 16;
export const MAX_SUBNET_PREFIX = 28;

/** An IPv4 CIDR as numbers: base address (aligned) and prefix length. */
export interface Ipv4Cidr {
  base: number;
  length: number;
}

/** Parses dotted-quad IPv4 to an unsigned 32-bit number; undefined when not exactly four octets 0–255. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/**
 * Parses `a.b.c.d/n` (IPv4). `aligned`: the base must have no host bits (a subnet or prefix as AWS returns
 * it); otherwise the host bits are dropped. Undefined when not IPv4 CIDR syntax.
 */
export function parseIpv4Cidr(text: string, aligned = true): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIpv4(text.slice(0, slash));
  const lenText = text.slice(slash + 1).trim();
  if (addr === undefined || !/^\d{1,2}$/.test(lenText)) return undefined;
  const length = Number(lenText);
  if (length > 32) return undefined;
  const size = 2 ** (32 - length);
  const base = addr - (addr % size);
  if (aligned && base !== addr) return undefined;
  return { base, length };
}

export function formatIpv4Cidr(c: Ipv4Cidr): string {
  return `${formatIpv4(c.base)}/${c.length}`;
}

/** What is taken in a subnet: addresses (primary and secondary IPs) and delegated prefixes, as numbers. */
export interface SubnetUsage {
  /** Private IPv4 addresses of the interfaces in the subnet (primary and secondary), unsigned 32-bit. */
  ips: ArrayLike<number>;
  /** Delegated prefixes (normally /28) of those interfaces. */
  prefixes: ArrayLike<Ipv4Cidr> | readonly Ipv4Cidr[];
}

export interface FragmentationResult {
  /** False when the CIDR could not be read or is outside /16–/28; every count is then 0. */
  ok: boolean;
  problem?: string;
  cidr: string;
  /** Addresses in the subnet (2^(32−n)). */
  size: number;
  /** Addresses AWS reserves (5). */
  awsReserved: number;
  /** Addresses taken by interfaces: IPs and prefixes, each address once, reserved ones not counted. */
  used: number;
  /** size − awsReserved − used: what `AvailableIpAddressCount` should say. */
  free: number;
  /** Aligned /28 blocks in the subnet (size / 16). */
  blocks: number;
  /** Aligned /28 blocks that hold no taken and no reserved address: what EC2 can delegate. */
  freeBlocks: number;
  /** Free addresses outside free blocks: scattered, usable as secondary IPs but never as prefixes. */
  scatteredFree: number;
  /** Addresses and prefixes given that lie outside the subnet (ignored). */
  outside: number;
  /** Addresses given more than once, or inside a prefix also given (counted once). */
  overlaps: number;
  /** The largest aligned range (a power of two of /28 blocks) entirely free, if any. */
  largestFreeRange?: Ipv4Cidr;
  /** Per block, whether it is free (for pictures; one entry per /28). */
  blockFree: Uint8Array;
}

/** A result with nothing in it (bad CIDR). */
function empty(cidr: string, problem: string): FragmentationResult {
  return {
    ok: false,
    problem,
    cidr,
    size: 0,
    awsReserved: 0,
    used: 0,
    free: 0,
    blocks: 0,
    freeBlocks: 0,
    scatteredFree: 0,
    outside: 0,
    overlaps: 0,
    blockFree: new Uint8Array(0),
  };
}

function popcount16(w: number): number {
  let x = w - ((w >> 1) & 0x5555);
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0f0f;
  return (x + (x >> 8)) & 0x1f;
}

/** Word array of a subnet with its usage marked; the caller has checked the CIDR. */
interface Marked {
  words: Uint16Array;
  /** Bits set by the AWS reservation only. */
  reservedWords: Uint16Array;
  outside: number;
  overlaps: number;
}

function mark(subnet: Ipv4Cidr, usage: SubnetUsage): Marked {
  const size = 2 ** (32 - subnet.length);
  const nBlocks = size / PREFIX_ADDRESSES;
  const words = new Uint16Array(nBlocks);
  let outside = 0;
  let overlaps = 0;
  for (let i = 0; i < usage.ips.length; i++) {
    const a = usage.ips[i];
    const off = typeof a === 'number' ? a - subnet.base : NaN;
    if (!(off >= 0 && off < size)) {
      outside++;
      continue;
    }
    const w = off >>> 4;
    const bit = 1 << (off & 15);
    if (words[w] & bit) overlaps++;
    words[w] |= bit;
  }
  for (let i = 0; i < usage.prefixes.length; i++) {
    const p = usage.prefixes[i];
    if (!p || !(p.length >= 0 && p.length <= 32)) {
      outside++;
      continue;
    }
    const pSize = 2 ** (32 - p.length);
    const off = p.base - subnet.base;
    if (!(off >= 0 && off + pSize <= size)) {
      outside++;
      continue;
    }
    if (pSize >= PREFIX_ADDRESSES) {
      for (let w = off >>> 4; w < (off + pSize) >>> 4; w++) {
        if (words[w] !== 0) overlaps++;
        words[w] = 0xffff;
      }
    } else {
      for (let o = off; o < off + pSize; o++) {
        const bit = 1 << (o & 15);
        if (words[o >>> 4] & bit) overlaps++;
        words[o >>> 4] |= bit;
      }
    }
  }
  // AWS reservations after the usage, so addresses given in them count neither as used nor as overlaps.
  const reservedWords = new Uint16Array(nBlocks);
  reservedWords[0] |= (1 << AWS_RESERVED_START) - 1;
  reservedWords[nBlocks - 1] |= 1 << 15;
  return { words, reservedWords, outside, overlaps };
}

/**
 * Counts free addresses and free aligned /28 blocks of `cidr` under `usage`. IPv4 subnets /16–/28 only;
 * anything else gives `ok: false` with a problem and zero counts.
 */
export function subnetFragmentation(cidr: string, usage: SubnetUsage): FragmentationResult {
  const subnet = parseIpv4Cidr(cidr);
  if (!subnet) return empty(cidr, `"${cidr}" is not an IPv4 CIDR block with an aligned base`);
  if (subnet.length < MIN_SUBNET_PREFIX || subnet.length > MAX_SUBNET_PREFIX)
    return empty(
      cidr,
      `a subnet is /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX}; "${cidr}" is /${subnet.length}`,
    );
  const size = 2 ** (32 - subnet.length);
  const { words, reservedWords, outside, overlaps } = mark(subnet, usage);
  const blockFree = new Uint8Array(words.length);
  let usedBits = 0;
  let takenBits = 0;
  let freeBlocks = 0;
  for (let w = 0; w < words.length; w++) {
    const taken = words[w] | reservedWords[w];
    usedBits += popcount16(words[w] & ~reservedWords[w] & 0xffff);
    takenBits += popcount16(taken);
    if (taken === 0) {
      blockFree[w] = 1;
      freeBlocks++;
    }
  }
  const awsReserved = AWS_RESERVED_START + AWS_RESERVED_END;
  const free = size - takenBits;
  const result: FragmentationResult = {
    ok: true,
    cidr: formatIpv4Cidr(subnet),
    size,
    awsReserved,
    used: usedBits,
    free,
    blocks: words.length,
    freeBlocks,
    scatteredFree: free - freeBlocks * PREFIX_ADDRESSES,
    outside,
    overlaps,
    blockFree,
  };
  const largest = largestFreeRange(subnet, blockFree);
  if (largest) result.largestFreeRange = largest;
  return result;
}

/** The largest aligned run of 2^k free blocks (first one found for the largest k). */
function largestFreeRange(subnet: Ipv4Cidr, blockFree: Uint8Array): Ipv4Cidr | undefined {
  let best: Ipv4Cidr | undefined;
  // Runs of free blocks starting at aligned positions: a 2^k range at block b needs b % 2^k == 0.
  for (let k = 0; 2 ** k <= blockFree.length; k++) {
    const span = 2 ** k;
    let found = -1;
    for (let b = 0; b + span <= blockFree.length && found < 0; b += span) {
      let all = true;
      for (let i = b; i < b + span; i++)
        if (!blockFree[i]) {
          all = false;
          break;
        }
      if (all) found = b;
    }
    if (found < 0) break; // no 2^k range → no 2^(k+1) range either
    best = { base: subnet.base + found * PREFIX_ADDRESSES, length: 28 - k };
  }
  return best;
}

/** Whether a node can get its next /28 prefix from this subnet, and why not. */
export interface NextPrefixDecision {
  canGetPrefix: boolean;
  /** Free addresses exist but no free aligned /28: the fragmentation case (`InsufficientCidrBlocks`). */
  fragmented: boolean;
  /** The subnet has no free address at all (`InsufficientFreeAddressesInSubnet`). */
  full: boolean;
  /** Nodes that can get one more prefix each, if they ask at the same time (= free blocks). */
  nodesServed: number;
}

/**
 * Decides whether `nodes` nodes that each ask for one more prefix can get it: EC2 needs one free aligned
 * /28 per prefix (domain.md §f). A new ENI also needs a primary address; that is `free > 0`, which any free
 * block implies.
 */
export function nextPrefix(f: FragmentationResult, nodes = 1): NextPrefixDecision {
  const canGetPrefix = f.ok && f.freeBlocks >= Math.max(1, nodes);
  return {
    canGetPrefix,
    fragmented: f.ok && f.freeBlocks === 0 && f.free > 0,
    full: f.ok && f.free === 0,
    nodesServed: f.ok ? Math.min(f.freeBlocks, Math.max(0, nodes)) : 0,
  };
}

/** A `prefix` subnet CIDR reservation that keeps room for `prefixes` /28 prefixes. */
export interface ReservationSuggestion {
  /** The reservation's prefix length: the smallest power-of-two range holding the prefixes (≤ the subnet). */
  length: number;
  /** /28 blocks in it (2^(28 − length)). */
  blocks: number;
  /** An aligned range of that size that is entirely free now, when there is one. */
  cidr?: Ipv4Cidr;
  /**
   * When no free range of that size exists: the aligned range of that size with the fewest taken addresses
   * (never one holding AWS-reserved addresses when avoidable), and how many it holds. EC2 does not move
   * addresses, so those must be released (their pods moved or the ENIs detached) before the range is free.
   */
  leastUsed?: { cidr: Ipv4Cidr; taken: number };
  /** No range that large can ever be free in this subnet (half of it or more holds AWS-reserved addresses). */
  tooLarge: boolean;
  /** The command, with the CIDR when one is known (the subnet id is the caller's). */
  command: (subnetId: string) => string;
}

/**
 * Suggests a `prefix` reservation holding `prefixes` /28 prefixes in the subnet of `f` (from
 * `subnetFragmentation` with the same usage). Undefined when `f` is not ok or `prefixes` < 1.
 */
export function suggestReservation(
  f: FragmentationResult,
  usage: SubnetUsage,
  prefixes: number,
): ReservationSuggestion | undefined {
  if (!f.ok || !(prefixes >= 1)) return undefined;
  const subnet = parseIpv4Cidr(f.cidr);
  if (!subnet) return undefined;
  let k = 0;
  while (2 ** k < prefixes) k++;
  const blocks = 2 ** k;
  const length = 28 - k;
  // Every range of half the subnet or more holds an AWS-reserved address (the first four or the last).
  const tooLarge = length <= subnet.length + 1;
  const command = (cidr?: Ipv4Cidr) => (subnetId: string) =>
    `aws ec2 create-subnet-cidr-reservation --subnet-id ${subnetId} --reservation-type prefix --cidr ${
      cidr ? formatIpv4Cidr(cidr) : `<free aligned /${length}>`
    }`;
  if (tooLarge) return { length, blocks, tooLarge, command: command() };
  const { words, reservedWords } = mark(subnet, usage);
  let bestFree: number | undefined;
  let leastBase = -1;
  let leastTaken = Infinity;
  for (let b = 0; b + blocks <= words.length; b += blocks) {
    let taken = 0;
    let reserved = false;
    for (let i = b; i < b + blocks; i++) {
      taken += popcount16(words[i] | reservedWords[i]);
      if (reservedWords[i]) reserved = true;
    }
    if (taken === 0) {
      bestFree = b;
      break;
    }
    // A range with AWS-reserved addresses can never be emptied: rank it after every other.
    const score = reserved ? taken + 1e6 : taken;
    if (score < leastTaken) {
      leastTaken = score;
      leastBase = b;
    }
  }
  if (bestFree !== undefined) {
    const cidr = { base: subnet.base + bestFree * PREFIX_ADDRESSES, length };
    return { length, blocks, cidr, tooLarge, command: command(cidr) };
  }
  const cidr = { base: subnet.base + leastBase * PREFIX_ADDRESSES, length };
  const taken = leastTaken >= 1e6 ? leastTaken - 1e6 : leastTaken;
  return { length, blocks, leastUsed: { cidr, taken }, tooLarge, command: command() };
}

/** Convenience: usage from the strings the AWS CLI gives (`PrivateIpAddress`, `Ipv4Prefix`); bad ones are counted. */
export function usageFromStrings(
  ips: readonly string[],
  prefixes: readonly string[],
): { usage: SubnetUsage; unreadable: number } {
  const nums: number[] = [];
  const pfx: Ipv4Cidr[] = [];
  let unreadable = 0;
  for (const s of ips) {
    const n = parseIpv4(s);
    if (n === undefined) unreadable++;
    else nums.push(n);
  }
  for (const s of prefixes) {
    const c = parseIpv4Cidr(s);
    if (!c) unreadable++;
    else pfx.push(c);
  }
  return { usage: { ips: nums, prefixes: pfx }, unreadable };
}
