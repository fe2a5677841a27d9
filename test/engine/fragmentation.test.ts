import { strict as assert } from 'node:assert';
import {
  formatIpv4,
  formatIpv4Cidr,
  nextPrefix,
  parseIpv4,
  parseIpv4Cidr,
  subnetFragmentation,
  suggestReservation,
  usageFromStrings,
} from '../../server/src/engine/fragmentation';

/** `count` addresses from `start` (dotted) stepping by `step`. */
function ips(start: string, count: number, step = 1): string[] {
  const base = parseIpv4(start)!;
  return Array.from({ length: count }, (_, i) => formatIpv4(base + i * step));
}

interface Row {
  name: string;
  cidr: string;
  ips: string[];
  prefixes: string[];
  /** Expected counts, each with its arithmetic. */
  used: number;
  free: number;
  freeBlocks: number;
  scattered: number;
  fragmented: boolean;
  largest?: string;
}

const rows: Row[] = [
  {
    name: 'empty /24: 256 − 5 reserved; blocks 0 and 15 hold reserved addresses',
    cidr: '10.0.0.0/24',
    ips: [],
    prefixes: [],
    used: 0,
    free: 256 - 5, // 251
    freeBlocks: 16 - 2, // 14
    scattered: 251 - 14 * 16, // 27 = 12 in block 0 + 15 in block 15
    fragmented: false,
    largest: '10.0.0.64/26', // blocks 4–7 (blocks 0–3 hold .0–.3; 8–15 hold .255)
  },
  {
    name: 'one IP in each of blocks 1–14 of a /24: 222 free addresses, no free /28',
    cidr: '10.0.0.0/24',
    ips: ips('10.0.0.20', 14, 16), // .20, .36, …, .228
    prefixes: [],
    used: 14,
    free: 256 - 5 - 14, // 237
    freeBlocks: 0,
    scattered: 237, // all free addresses are scattered
    fragmented: true,
  },
  {
    name: 'prefixes 10.0.0.16/28 and 10.0.0.32/28 plus 3 IPs in block 3',
    cidr: '10.0.0.0/24',
    ips: ['10.0.0.48', '10.0.0.49', '10.0.0.50'],
    prefixes: ['10.0.0.16/28', '10.0.0.32/28'],
    used: 2 * 16 + 3, // 35
    free: 256 - 5 - 35, // 216
    freeBlocks: 16 - 2 - 2 - 1, // 11 (blocks 4–14)
    scattered: 216 - 11 * 16, // 40 = 12 (block 0) + 13 (block 3) + 15 (block 15)
    fragmented: false,
    largest: '10.0.0.64/26',
  },
  {
    name: 'duplicates, reserved addresses and outsiders are not double counted',
    cidr: '10.0.1.0/26',
    ips: ['10.0.1.0', '10.0.1.3', '10.0.1.20', '10.0.1.20', '10.0.2.7'],
    prefixes: ['10.0.1.16/28', '10.0.0.0/28'],
    // .0 and .3 are reserved (not used); .20 lies in the prefix .16/28; 10.0.2.7 and 10.0.0.0/28 are outside
    used: 16,
    free: 64 - 5 - 16, // 43
    freeBlocks: 4 - 2 - 1, // 1 (block 2: .32–.47)
    scattered: 43 - 16, // 27 = 12 (block 0) + 15 (block 3)
    fragmented: false,
    largest: '10.0.1.32/28',
  },
  {
    name: 'a /28 subnet can never hold a prefix: its one block has the reserved addresses',
    cidr: '192.168.0.16/28',
    ips: [],
    prefixes: [],
    used: 0,
    free: 16 - 5, // 11
    freeBlocks: 0,
    scattered: 11,
    fragmented: true,
  },
  {
    name: 'full /27: every non-reserved address taken',
    cidr: '172.16.0.32/27',
    ips: ips('172.16.0.36', 27), // .36 – .62
    prefixes: [],
    used: 27, // 32 − 5
    free: 0,
    freeBlocks: 0,
    scattered: 0,
    fragmented: false,
  },
];

describe('engine/fragmentation', () => {
  describe('subnetFragmentation (table)', () => {
    for (const r of rows) {
      it(r.name, () => {
        const { usage, unreadable } = usageFromStrings(r.ips, r.prefixes);
        assert.equal(unreadable, 0);
        const f = subnetFragmentation(r.cidr, usage);
        assert.equal(f.ok, true);
        assert.equal(f.used, r.used, 'used');
        assert.equal(f.free, r.free, 'free');
        assert.equal(f.freeBlocks, r.freeBlocks, 'freeBlocks');
        assert.equal(f.scatteredFree, r.scattered, 'scattered');
        assert.equal(f.size, f.used + f.free + f.awsReserved, 'size = used + free + reserved');
        assert.equal(nextPrefix(f).fragmented, r.fragmented, 'fragmented');
        assert.equal(f.largestFreeRange ? formatIpv4Cidr(f.largestFreeRange) : undefined, r.largest);
      });
    }
    it('counts outsiders and overlaps', () => {
      const { usage } = usageFromStrings(
        ['10.0.1.0', '10.0.1.20', '10.0.1.20', '10.0.2.7'],
        ['10.0.1.16/28', '10.0.0.0/28'],
      );
      const f = subnetFragmentation('10.0.1.0/26', usage);
      assert.equal(f.outside, 2); // 10.0.2.7 and 10.0.0.0/28
      assert.equal(f.overlaps, 2); // .20 twice, then the prefix over .20
    });
  });

  describe('bad input never throws', () => {
    for (const cidr of [
      '',
      'x',
      '10.0.0.1/24',
      '10.0.0.0/33',
      '10.0.0.0/8',
      '10.0.0.0/29',
      '::/64',
      '10.0.0/24',
    ]) {
      it(JSON.stringify(cidr), () => {
        const f = subnetFragmentation(cidr, { ips: [], prefixes: [] });
        assert.equal(f.ok, false);
        assert.ok(f.problem);
        assert.equal(f.freeBlocks, 0);
        assert.equal(nextPrefix(f).canGetPrefix, false);
        assert.equal(suggestReservation(f, { ips: [], prefixes: [] }, 1), undefined);
      });
    }
    it('NaN and out-of-range numbers count as outside', () => {
      const f = subnetFragmentation('10.0.0.0/24', {
        ips: [NaN, -1, 2 ** 40],
        prefixes: [{ base: NaN, length: 28 }],
      });
      assert.equal(f.outside, 4);
      assert.equal(f.used, 0);
    });
    it('parsers', () => {
      assert.equal(parseIpv4('10.0.0.256'), undefined);
      assert.equal(parseIpv4('1.2.3'), undefined);
      assert.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
      assert.equal(formatIpv4(2 ** 32 - 1), '255.255.255.255');
      assert.deepEqual(parseIpv4Cidr('10.0.0.17/28', false), { base: parseIpv4('10.0.0.16'), length: 28 });
      assert.equal(parseIpv4Cidr('10.0.0.17/28'), undefined);
    });
  });

  describe('nextPrefix', () => {
    it('3 free blocks serve 3 of 5 nodes asking at once', () => {
      // /24 with blocks 1–11 taken by prefixes: free blocks 12, 13, 14
      const prefixes = Array.from({ length: 11 }, (_, i) => `10.0.0.${16 * (i + 1)}/28`);
      const f = subnetFragmentation('10.0.0.0/24', usageFromStrings([], prefixes).usage);
      assert.equal(f.freeBlocks, 14 - 11); // 3
      const d = nextPrefix(f, 5);
      assert.equal(d.canGetPrefix, false);
      assert.equal(d.nodesServed, 3);
      assert.equal(nextPrefix(f, 3).canGetPrefix, true);
      assert.equal(d.fragmented, false);
    });
    it('full subnet is full, not fragmented', () => {
      const f = subnetFragmentation('172.16.0.32/27', usageFromStrings(ips('172.16.0.36', 27), []).usage);
      assert.deepEqual(nextPrefix(f), { canGetPrefix: false, fragmented: false, full: true, nodesServed: 0 });
    });
  });

  describe('suggestReservation (table)', () => {
    const cases: Array<{
      name: string;
      cidr: string;
      ips: string[];
      prefixes: string[];
      want: number;
      length: number;
      free?: string;
      leastUsed?: [string, number];
      tooLarge?: boolean;
    }> = [
      {
        name: '3 prefixes in an empty /24 → /26 (4 blocks, the next power of two); first free aligned /26 is .64',
        cidr: '10.0.0.0/24',
        ips: [],
        prefixes: [],
        want: 3,
        length: 28 - 2, // 2^2 = 4 ≥ 3
        free: '10.0.0.64/26',
      },
      {
        name: '1 prefix in a subnet with one free block → that block',
        cidr: '10.0.1.0/26',
        ips: ['10.0.1.20'],
        prefixes: ['10.0.1.16/28'],
        want: 1,
        length: 28,
        free: '10.0.1.32/28',
      },
      {
        name: 'fragmented /24 (one IP per block 1–14) → the /28 with fewest taken addresses: 1 IP in block 1',
        cidr: '10.0.0.0/24',
        ips: ips('10.0.0.20', 14, 16),
        prefixes: [],
        want: 1,
        length: 28,
        leastUsed: ['10.0.0.16/28', 1], // block 0 has 4 reserved → ranked last
      },
      {
        name: 'fragmented, 2 prefixes: /27 aligned ranges hold 2 IPs each except those with reserved ones',
        cidr: '10.0.0.0/24',
        ips: ips('10.0.0.20', 14, 16),
        prefixes: [],
        want: 2,
        length: 27,
        leastUsed: ['10.0.0.32/27', 2], // blocks 2–3: .36 and .52
      },
      {
        name: '8 prefixes in a /24 → /25 = half the subnet, always holds a reserved address',
        cidr: '10.0.0.0/24',
        ips: [],
        prefixes: [],
        want: 8,
        length: 25,
        tooLarge: true,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { usage } = usageFromStrings(c.ips, c.prefixes);
        const f = subnetFragmentation(c.cidr, usage);
        const s = suggestReservation(f, usage, c.want);
        assert.ok(s);
        assert.equal(s.length, c.length);
        assert.equal(s.blocks, 2 ** (28 - c.length));
        assert.equal(s.tooLarge, c.tooLarge ?? false);
        assert.equal(s.cidr ? formatIpv4Cidr(s.cidr) : undefined, c.free);
        assert.deepEqual(
          s.leastUsed ? [formatIpv4Cidr(s.leastUsed.cidr), s.leastUsed.taken] : undefined,
          c.leastUsed,
        );
        if (c.free)
          assert.equal(
            s.command('subnet-1'),
            `aws ec2 create-subnet-cidr-reservation --subnet-id subnet-1 --reservation-type prefix --cidr ${c.free}`,
          );
      });
    }
    it('0 prefixes: no suggestion', () => {
      const f = subnetFragmentation('10.0.0.0/24', { ips: [], prefixes: [] });
      assert.equal(suggestReservation(f, { ips: [], prefixes: [] }, 0), undefined);
    });
  });

  it('a /16 with 34,812 addresses: no free block', () => {
    const base = parseIpv4('10.1.0.0')!;
    // every address of the first half, and one address in each block of the second half
    const list: number[] = [];
    for (let o = 4; o < 32768; o++) list.push(base + o);
    for (let o = 32768; o < 65536; o += 16) list.push(base + o + 5);
    const f = subnetFragmentation('10.1.0.0/16', { ips: list, prefixes: [] });
    assert.equal(f.used, 32768 - 4 + 2048); // 32,764 + one per block of the second half
    assert.equal(f.freeBlocks, 0);
    assert.equal(f.free, 65536 - 5 - f.used); // 30,719
  });
});
