import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultCatalog, withOverrides } from '../../server/src/engine';
import {
  comparisonClean,
  compareWithTable,
  formatComparison,
  parseMaxPodsTable,
} from '../../scripts/check-catalog';
import { archOf, buildFromDescribe } from '../../scripts/gen-catalog';
import { importReferenceCsv, splitCsvLine } from '../../scripts/import-reference-csv';

const fixture = (f: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures', f), 'utf8')) as unknown;

describe('scripts', () => {
  describe('check-catalog comparison', () => {
    const cat = withOverrides(defaultCatalog(), {}).catalog;
    it('reports differences, missing types on both sides and bad lines', () => {
      const table = [
        '# comment',
        'm5.large 29', // 3 x (10-1) + 2 = 29: matches
        't3.small 12', // ours 3 x (4-1) + 2 = 11: differs
        'zz1.nano 4', // not in the catalog
        'garbage line here',
        '',
      ].join('\n');
      const c = compareWithTable(cat, table);
      assert.equal(c.matching, 1);
      assert.deepEqual(c.differences, [{ type: 't3.small', ours: 11, published: 12 }]);
      assert.deepEqual(c.missingFromCatalog, ['zz1.nano']);
      assert.equal(c.missingFromTable.length, 1389); // 1,391 - m5.large - t3.small
      assert.deepEqual(c.badLines, [{ line: 5, text: 'garbage line here' }]);
      assert.equal(comparisonClean(c), false);
      assert.match(formatComparison(c), /DIFF t3\.small: ours 11, published 12/);
    });
    it('parses tabs and trailing spaces', () => {
      assert.deepEqual([...parseMaxPodsTable('a1.large\t29  \n').entries], [['a1.large', 29]]);
    });
  });

  describe('import-reference-csv', () => {
    const header =
      'instance_type,enis,ipv4_per_eni,hypervisor,bare_metal,branch_interfaces,trunking_compatible,default_network_card,network_cards,network_card_max_enis,eni_max_pods,vcpus,arch,branch_source,vcpu_source';
    it('converts rows, keeping blanks as unknown and noting i4i.large', () => {
      const csv = [
        header,
        'm5.large,3,10,nitro,false,9,true,0,1,0:3,29,2,amd64,x,y',
        'mac1.metal,8,30,unknown,true,6,true,0,1,0:8,234,,,x,',
        'i4i.large,3,10,nitro,false,0,false,0,1,0:3,29,2,amd64,x,y',
        'p5.48xlarge,2,50,nitro,false,120,true,0,2,0:2;1:2,100,192,amd64,x,y',
      ].join('\n');
      const r = importReferenceCsv(csv);
      assert.deepEqual(r.problems, []);
      const [m5, mac, i4i, p5] = r.entries;
      assert.equal(m5.enis, 3);
      assert.equal(mac.vcpus, null);
      assert.equal(mac.arch, null);
      assert.equal(mac.hypervisor, 'unknown');
      assert.equal(i4i.notes.length, 1);
      assert.deepEqual(p5.networkCardEnis, [2, 2]);
    });
    it('reports missing columns and bad rows', () => {
      assert.match(importReferenceCsv('instance_type,enis\nm5.large,3').problems.join(), /lacks columns/);
      const bad = importReferenceCsv(`${header}\nm5.large,x,10,nitro,false,9,true,0,1,0:3,29,2,amd64,,`);
      assert.match(bad.problems.join(), /"enis"/);
    });
    it('splits quoted CSV cells', () => {
      assert.deepEqual(splitCsvLine('a,"b,c","d""e"'), ['a', 'b,c', 'd"e']);
    });
  });

  describe('gen-catalog from describe-instance-types output', () => {
    const docs = [
      fixture('describe-instance-types.region-a.json'),
      fixture('describe-instance-types.region-b.json'),
    ];
    const base = defaultCatalog();
    it('merges regions and keeps branch data from the base', () => {
      const r = buildFromDescribe(docs, base, { dropMissing: true });
      assert.deepEqual(r.problems, []);
      const by = new Map(r.entries.map((e) => [e.name, e]));
      assert.equal(by.size, 5); // m5.large (both files), m5.metal, zz9.24xlarge, t2.medium, i4i.large
      assert.equal(by.get('m5.large')?.branchInterfaces, 9); // kept from base
      assert.equal(by.get('m5.metal')?.hypervisor, 'unknown'); // no Hypervisor in describe output
      assert.equal(by.get('m5.metal')?.bareMetal, true);
      assert.equal(by.get('t2.medium')?.vcpus, 2); // no VCpuInfo in fixture → kept from base
      assert.equal(by.get('t2.medium')?.arch, 'amd64'); // i386 + x86_64
      const zz = by.get('zz9.24xlarge');
      assert.equal(zz?.enis, 4); // default card 0 has 4 of the 8 total
      assert.deepEqual(zz?.networkCardEnis, [4, 4]);
      assert.equal(zz?.branchInterfaces, null); // new type: unknown
      assert.equal(zz?.arch, 'arm64');
      assert.ok(r.notes['i4i.large']); // discrepancy note carried over
      assert.ok(r.warnings.some((w) => /dropped/.test(w)));
    });
    it('keeps base types absent from the describe output by default', () => {
      const r = buildFromDescribe(docs, base);
      assert.equal(r.entries.length, 1392); // 1,391 + zz9.24xlarge
    });
    it('reports cross-region disagreement and malformed documents', () => {
      const changed = JSON.parse(JSON.stringify(docs[1])) as {
        InstanceTypes: { NetworkInfo: Record<string, unknown> }[];
      };
      changed.InstanceTypes[0].NetworkInfo.Ipv4AddressesPerInterface = 11;
      const r = buildFromDescribe([docs[0], changed, { nope: 1 }, { InstanceTypes: [{}] }]);
      assert.match(r.problems.join('\n'), /m5\.large: figures differ/);
      assert.match(r.problems.join('\n'), /no "InstanceTypes" list/);
      assert.match(r.problems.join('\n'), /without InstanceType/);
    });
    const arch: [unknown, string | null][] = [
      [['x86_64'], 'amd64'],
      [['arm64'], 'arm64'],
      [['arm64_mac'], 'arm64'],
      [[], null],
      ['x86_64', null], // not a list
    ];
    for (const [a, v] of arch) it(`archOf(${JSON.stringify(a)}) = ${v}`, () => assert.equal(archOf(a), v));
  });
});
