import { strict as assert } from 'node:assert';
import { runMaxPods } from '../../server/src/cli/commands/maxPods';
import { defaultCatalog, withOverrides } from '../../server/src/engine';

const cat = defaultCatalog();
const run = (...a: string[]) => runMaxPods(a, cat);
const base = (t: string) => ['--instance-type', t, '--cni-version', '1.19.0'];

describe('cli: max-pods', () => {
  const rows: [string[], string][] = [
    [base('m5.large'), '29'], // 3 x (10-1) + 2 = 29 < 110
    [[...base('m5.large'), '--cni-prefix-delegation-enabled'], '110'], // min(3 x 9 x 16 + 2 = 434, 110)
    [[...base('m5.large'), '--cni-prefix-delegation-enabled', '--show-max-allowed'], '434'],
    [[...base('m5.large'), '--cni-custom-networking-enabled'], '20'], // (3-1) x 9 + 2
    [[...base('m5.large'), '--cni-max-eni', '2'], '20'], // min(2,3) x 9 + 2
    [[...base('m5.large'), '--cni-max-eni=1', '--cni-custom-networking-enabled'], '2'], // (1-1) x 9 + 2
    [base('m5.4xlarge'), '110'], // 8 x 29 + 2 = 234, 16 vCPUs → 110
    [[...base('m5.4xlarge'), '--show-max-allowed'], '234'],
    [base('c5.18xlarge'), '250'], // 737, 72 vCPUs → 250
    [['--instance-type', 'm5.large', '--cni-version', '1.8.0', '--cni-prefix-delegation-enabled'], '29'], // < 1.9
    [
      ['--instance-type', 'm5.large', '--cni-version=v1.19.2-eksbuild.1', '--cni-prefix-delegation-enabled'],
      '110',
    ],
    [[...base('m5.metal'), '--cni-prefix-delegation-enabled', '--show-max-allowed'], '737'], // not "nitro"
    [[...base('r6g.medium'), '--cni-prefix-delegation-enabled'], '98'], // min(2 x 3 x 16 + 2, 110)
    // extension: CNI capacity with security groups for pods
    [[...base('m5.large'), '--security-groups-for-pods'], '20'], // (3-1) x 9 + 2, trunk slot
    [
      [
        ...base('m5.large'),
        '--security-groups-for-pods',
        '--cni-prefix-delegation-enabled',
        '--show-max-allowed',
      ],
      '290',
    ], // (3-1) x 144 + 2
    [[...base('m5.large'), '--security-groups-for-pods', '--cni-prefix-delegation-enabled'], '110'], // min(290, 110)
    [
      [
        ...base('m5.metal'),
        '--security-groups-for-pods',
        '--cni-prefix-delegation-enabled',
        '--show-max-allowed',
      ],
      '10978',
    ], // (15-1) x 49 x 16 + 2: CNI does PD on metal
    [[...base('t3.small'), '--security-groups-for-pods'], '8'], // CNI 1.19 < 1.20.4 still reserves the trunk slot: (3-1) x 3 + 2
    [['--instance-type', 't3.small', '--cni-version', '1.20.4', '--security-groups-for-pods'], '11'], // not trunk-compatible: 3 x 3 + 2
  ];
  for (const [argv, out] of rows) {
    it(`${argv.join(' ')} → ${out}`, () => {
      const r = run(...argv);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, `${out}\n`);
      assert.equal(r.stderr, '');
    });
  }

  const usage: [string[], RegExp][] = [
    [[], /--instance-type is required/],
    [['--instance-type', 'm5.large'], /--cni-version is required/],
    [[...base('m5.large'), '--cni-max-eni', 'two'], /--cni-max-eni must be an integer/],
    [[...base('m5.large'), '--bogus'], /unknown option --bogus/],
    [['--instance-type', 'm5.large', '--cni-version', 'latest'], /not a version/],
    [[...base('m5.large'), '--json=yes'], /takes no value/],
    [['m5.large'], /unexpected argument/],
    [[...base('m5.larg')], /Did you mean "m5\.large"/],
  ];
  for (const [argv, re] of usage) {
    it(`usage error: ${argv.join(' ') || '(none)'}`, () => {
      const r = run(...argv);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, re);
    });
  }

  it('--explain adds the steps after the number', () => {
    const r = run(...base('m5.large'), '--cni-prefix-delegation-enabled', '--explain');
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '110');
    assert.match(r.stdout, /prefix formula = 3 x \(\(10 - 1\) x 16\) \+ 2 -> 434/);
    assert.match(r.stdout, /max pods = min\(434, 110\) -> 110/);
    assert.match(r.stdout, /source: awslabs\/amazon-eks-ami/);
  });

  it('--json gives every tool with explanations', () => {
    const r = run(...base('m5.large'), '--cni-prefix-delegation-enabled', '--json');
    const j = JSON.parse(r.stdout) as {
      value: number;
      semantics: string;
      tools: Record<string, { value: number | null; explanation: { steps: unknown[] } }>;
    };
    assert.equal(j.value, 110);
    assert.equal(j.semantics, 'max-pods-calculator');
    assert.equal(j.tools.cni.value, 434); // 3 x 9 x 16 + 2
    assert.equal(j.tools['al2023-nodeadm'].value, 29); // no PD awareness
    assert.equal(j.tools['eks-auto-mode'].value, 110);
    assert.ok(j.tools.karpenter.explanation.steps.length > 0);
  });

  it('--help', () => {
    const r = run('--help');
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /Usage: vpc-cni-lint max-pods/);
  });

  it('uses the catalog it is given (overrides)', () => {
    const c = withOverrides(cat, {
      'x9.large': { enis: 4, ipv4PerEni: 10, hypervisor: 'nitro', vcpus: 2 },
    }).catalog;
    assert.equal(runMaxPods(base('x9.large'), c).stdout, '38\n'); // 4 x 9 + 2
  });
});
