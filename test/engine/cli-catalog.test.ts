import { strict as assert } from 'node:assert';
import { runCatalog } from '../../server/src/cli/commands/catalogCmd';
import { defaultCatalog, withOverrides } from '../../server/src/engine';

const cat = defaultCatalog();

describe('cli: catalog', () => {
  it('lists every type with its table max pods', () => {
    const r = runCatalog([], cat);
    assert.equal(r.exitCode, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1 + 1 + 1391); // provenance, header, types
    assert.match(lines[0], /1391 instance types; source: .*generated/);
    assert.ok(lines.some((l) => /^m5\.large\s+3\s+10\s+29\s+nitro\s+no\s+9\s+true\s+2\s+amd64$/.test(l))); // 3 x 9 + 2
  });
  it('shows one type in detail with notes', () => {
    const r = runCatalog(['--instance-type', 'i4i.large'], cat);
    assert.match(r.stdout, /max pods \(table\)\s+29 {2}= 3 x \(10 - 1\) \+ 2/);
    assert.match(r.stdout, /note: Upstream sources disagree/);
  });
  it('--json', () => {
    const one = JSON.parse(runCatalog(['--instance-type', 'p5.48xlarge', '--json'], cat).stdout) as {
      type: { enis: number; maxPods: number; networkCardEnis: number[] };
      source: string;
    };
    assert.equal(one.type.maxPods, 100); // 2 x 49 + 2
    assert.equal(one.type.networkCardEnis.length, 32);
    assert.ok(one.source.length > 0);
    const all = JSON.parse(runCatalog(['--json'], cat).stdout) as { types: unknown[] };
    assert.equal(all.types.length, 1391);
  });
  it('marks user overrides', () => {
    const c = withOverrides(cat, { 'x9.large': { enis: 2, ipv4PerEni: 4 } }).catalog;
    assert.match(runCatalog(['--instance-type', 'x9.large'], c).stdout, /origin\s+user override/);
  });
  const usage: [string[], RegExp][] = [
    [['--instance-type', 'm5.larg'], /Did you mean "m5\.large"/],
    [['--nope'], /unknown option/],
    [['--instance-type'], /needs a value/],
  ];
  for (const [argv, re] of usage) {
    it(`error: ${argv.join(' ')}`, () => {
      const r = runCatalog(argv, cat);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, re);
    });
  }
});
