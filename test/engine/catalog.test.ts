import { strict as assert } from 'node:assert';
import {
  catalogFromFile,
  decodeEntry,
  defaultCatalog,
  editDistance,
  parseCatalogFile,
  serializeCatalogFile,
  suggestNames,
  withOverrides,
} from '../../server/src/engine';

describe('engine/catalog', () => {
  const cat = defaultCatalog();

  it('holds all 1,391 published types with provenance and no load problems', () => {
    assert.equal(cat.size, 1391);
    assert.deepEqual(cat.problems, []);
    assert.match(cat.source, /vpc_ip_resource_limit\.go/);
    assert.ok(!Number.isNaN(Date.parse(cat.generatedAt)));
  });

  const rows: [string, number, number, string, boolean, number | null, boolean | null, number | null][] = [
    // name, ENIs, IPv4/ENI, hypervisor, bare metal, branch, trunking, vCPUs (figures from instance-limits.csv)
    ['t3.small', 3, 4, 'nitro', false, 0, false, 2], // t3 not trunking-compatible
    ['m5.large', 3, 10, 'nitro', false, 9, true, 2],
    ['m5.4xlarge', 8, 30, 'nitro', false, 54, true, 16],
    ['c5.18xlarge', 15, 50, 'nitro', false, 107, true, 72],
    ['r6g.medium', 2, 4, 'nitro', false, 4, true, 1],
    ['p5.48xlarge', 2, 50, 'nitro', false, 120, true, 192], // 32 cards x 2 ENIs, default card 0 has 2
    ['m5.metal', 15, 50, 'unknown', true, 120, true, 96], // metal reports no hypervisor
    ['mac1.metal', 8, 30, 'unknown', true, 6, true, null], // no vCPU source
    ['trn2.3xlarge', 2, 15, 'nitro', false, null, null, null], // no branch or vCPU source
    ['i4i.large', 3, 10, 'nitro', false, 0, false, 2], // discrepancy: controller 0/false kept
  ];
  for (const [name, enis, ips, hv, bm, branch, trunk, vcpus] of rows) {
    it(`${name}: ${enis} ENIs x ${ips} IPv4, ${hv}${bm ? ', metal' : ''}`, () => {
      const e = cat.lookup(name);
      assert.ok(e);
      assert.equal(e.enis, enis);
      assert.equal(e.ipv4PerEni, ips);
      assert.equal(e.hypervisor, hv);
      assert.equal(e.bareMetal, bm);
      assert.equal(e.branchInterfaces, branch);
      assert.equal(e.trunkingCompatible, trunk);
      assert.equal(e.vcpus, vcpus);
      assert.equal(e.origin, 'catalog');
      assert.ok(cat.isPublished(name));
    });
  }

  it('records p5.48xlarge network cards (32 cards x 2 ENIs)', () => {
    const e = cat.lookup('p5.48xlarge');
    assert.equal(e?.networkCardEnis.length, 32);
    assert.ok(e?.networkCardEnis.every((n) => n === 2));
  });

  it('notes the i4i.large branch-interface discrepancy', () => {
    assert.match(cat.lookup('i4i.large')?.notes.join(' ') ?? '', /karpenter.*9/i);
  });

  it('counts the data gaps (22 without vCPUs: 28 in the reference, 6 filled from eksctl; 19 without branch data)', () => {
    assert.equal(cat.list().filter((e) => e.vcpus === null).length, 22); // 28 - p3.{2,8,16}xlarge - f1.{2,4,16}xlarge
    assert.equal(cat.list().filter((e) => e.branchInterfaces === null).length, 19);
    // hypervisor split: nitro 1,150 / xen 80 / unknown 161
    assert.equal(cat.list().filter((e) => e.hypervisor === 'nitro').length, 1150);
    assert.equal(cat.list().filter((e) => e.hypervisor === 'xen').length, 80);
    assert.equal(cat.list().filter((e) => e.bareMetal).length, 160);
    // trunking: 1,268 compatible, 104 not, 19 without data
    assert.equal(cat.list().filter((e) => e.trunkingCompatible === true).length, 1268);
    assert.equal(cat.list().filter((e) => e.trunkingCompatible === false).length, 104);
  });

  it('lists in natural order', () => {
    const names = cat.list().map((e) => e.name);
    assert.ok(names.indexOf('m5.large') < names.indexOf('m5.xlarge'));
    assert.ok(names.indexOf('m5.2xlarge') < names.indexOf('m5.12xlarge'));
  });

  describe('did-you-mean', () => {
    const cases: [string, string][] = [
      ['m5.larg', 'm5.large'], // one deletion
      ['M5.Large', 'm5.large'], // case
      ['m5.lrage', 'm5.large'], // transposition
      ['m5.huge', 'm5.large'], // same family, closest size
      ['c7gflex.large', 'c7i-flex.large'], // two edits (g→i, insert -)
    ];
    for (const [input, expected] of cases) {
      it(`suggests ${expected} for ${input}`, () => {
        const r = cat.resolve(input);
        assert.equal(r.found, false);
        if (!r.found) {
          assert.ok(r.suggestions.includes(expected), `${r.suggestions.join(',')}`);
          assert.match(r.note, /Did you mean/);
        }
      });
    }
    it('never throws on garbage', () => {
      for (const g of ['', ' ', '...', 'x'.repeat(500), '☃.large', '\u0000']) {
        const r = cat.resolve(g);
        assert.equal(r.found, false);
      }
      assert.deepEqual(suggestNames('', ['a.b']), []);
    });
    const dist: [string, string, number][] = [
      ['abc', 'abc', 0],
      ['abc', 'acb', 1], // one transposition
      ['kitten', 'sitting', 3], // k→s, e→i, +g
    ];
    for (const [a, b, d] of dist)
      it(`editDistance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));
  });

  describe('withOverrides', () => {
    it('adds a new type in object form and one in array form', () => {
      const r = withOverrides(cat, {
        'x9.large': { enis: 3, ipv4PerEni: 10, hypervisor: 'nitro', vcpus: 2 },
        'x9.xlarge': [4, 15, 'nitro', false, 0, [4], 18, true, 4, 'arm64'],
      });
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.applied, ['x9.large', 'x9.xlarge']);
      assert.equal(r.catalog.size, 1393); // 1,391 + 2
      assert.equal(r.catalog.lookup('x9.large')?.origin, 'override');
      assert.equal(r.catalog.isPublished('x9.large'), false);
      assert.equal(r.catalog.lookup('x9.xlarge')?.branchInterfaces, 18);
    });
    it('partially overrides a known type', () => {
      const r = withOverrides(cat, { 'm5.large': { vcpus: 4 } });
      assert.deepEqual(r.problems, []);
      const e = r.catalog.lookup('m5.large');
      assert.equal(e?.vcpus, 4);
      assert.equal(e?.enis, 3); // kept from base
      assert.equal(cat.lookup('m5.large')?.vcpus, 2); // base untouched
    });
    it('accepts a whole catalog document', () => {
      const r = withOverrides(cat, { types: { 'x9.large': { enis: 2, ipv4PerEni: 4 } } });
      assert.deepEqual(r.applied, ['x9.large']);
    });
    const bad: [string, unknown, RegExp][] = [
      ['x9.large', { enis: 3 }, /ipv4PerEni.*required/],
      ['x9.large', { enis: -1, ipv4PerEni: 10 }, /"enis" must be an integer/],
      ['x9.large', { enis: 2.5, ipv4PerEni: 10 }, /"enis"/],
      ['x9.large', { enis: 'three', ipv4PerEni: 10 }, /"enis"/],
      ['x9.large', { enis: 3, ipv4PerEni: 10, hypervisor: 'kvm' }, /hypervisor/],
      ['x9.large', { enis: 3, ipv4PerEni: 10, colour: 'red' }, /unknown field "colour"/],
      ['x9.large', [3, 10], /array form needs 10 values/],
      ['x9.large', 'm5.large', /array or an object/],
      ['x9.large', { enis: 3, ipv4PerEni: 10, networkCardEnis: [4] }, /must equal "enis"/],
      ['X9 LARGE', { enis: 3, ipv4PerEni: 10 }, /not a valid instance type name/],
      ['x9.large', null, /array or an object/],
    ];
    for (const [name, entry, re] of bad) {
      it(`reports ${JSON.stringify(entry)} for ${name} without throwing`, () => {
        const r = withOverrides(cat, { [name]: entry, 'ok9.large': { enis: 2, ipv4PerEni: 4 } });
        assert.equal(r.problems.length >= 1, true);
        assert.match(r.problems.join('\n'), re);
        assert.ok(r.catalog.lookup('ok9.large'), 'good entries still applied');
        assert.equal(r.catalog.lookup(name), name === 'x9.large' ? undefined : undefined);
      });
    }
    it('reports a non-object override set', () => {
      assert.equal(withOverrides(cat, 42).problems.length, 1);
      assert.equal(withOverrides(cat, undefined).problems.length, 0);
    });
  });

  describe('catalog file round trip', () => {
    it('serializes and parses back identically', () => {
      const entries = cat.list().slice(0, 20);
      const text = serializeCatalogFile({ source: 's', generatedAt: '2026-01-01T00:00:00Z' }, entries);
      const parsed = parseCatalogFile(JSON.parse(text));
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(
        parsed.entries.map((e) => e.name),
        entries.map((e) => e.name),
      );
      const again = catalogFromFile(JSON.parse(text));
      assert.deepEqual(again.lookup(entries[0].name), entries[0]);
    });
    it('rejects a file with different fields, reporting it', () => {
      const r = parseCatalogFile({ fields: ['a'], types: {} });
      assert.match(r.problems.join(), /fields/);
      assert.deepEqual(parseCatalogFile('nope').problems, ['catalog must be a JSON object']);
    });
    it('decodeEntry keeps notes and never throws on odd input', () => {
      assert.deepEqual(decodeEntry('a.b', undefined, 'override').problems.length, 1);
      assert.ok(
        decodeEntry('a.b', { enis: 1, ipv4PerEni: 2 }, 'override', undefined, ['n']).entry?.notes.includes(
          'n',
        ),
      );
    });
  });
});
