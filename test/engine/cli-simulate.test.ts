import { strict as assert } from 'node:assert';
import { runSimulate } from '../../server/src/cli/commands/simulate';
import { defaultCatalog } from '../../server/src/engine';

const cat = defaultCatalog();
const run = (...a: string[]) => runSimulate(a, cat);

describe('cli: simulate', () => {
  it('prints a steady-state table per pod count', () => {
    const r = run('--instance-type', 'm5.large', '--pods', '0,2,10');
    assert.equal(r.exitCode, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^\d/.test(l));
    // pods, ENIs, IPs held, free, subnet addresses
    assert.match(rows[0], /^0\s+1\s+9\s+9\s+10/); // 1 ENI, 9 IPs, 9 free, 1 + 9 addresses
    assert.match(rows[1], /^2\s+2\s+18\s+16\s+20/); // 7 free < 9 → 2 ENIs
    assert.match(rows[2], /^10\s+3\s+27\s+17\s+30\s+cannot grow/); // ENI limit reached
    assert.match(r.stdout, /warm targets in force: WARM_ENI_TARGET/);
    // what a steady state is: a fresh node, pods placed densely, a lower bound
    assert.match(r.stdout, /fresh node with these pods placed densely[^\n]*a lower bound/);
    const json = JSON.parse(run('--instance-type', 'm5.large', '--pods', '2', '--json').stdout) as {
      scope: string;
    };
    assert.match(json.scope, /lower bound/);
  });
  it('prefix mode shows prefixes (IPs)', () => {
    const r = run(
      '--instance-type',
      'm5.large',
      '--env',
      'ENABLE_PREFIX_DELEGATION=true',
      '--pods',
      '20',
      '--max-pods',
      '110',
    );
    assert.match(r.stdout, /\n20\s+1\s+3 \(48\)\s+28/); // ceil(20/16) + 1 = 3 prefixes, 48 - 20 free
  });
  it('shows ignored settings', () => {
    const r = run('--instance-type', 'm5.large', '--env', 'WARM_IP_TARGET=3', '--pods', '0');
    assert.match(r.stdout, /ignored: WARM_ENI_TARGET/);
  });
  it('burst timeline', () => {
    const r = run('--instance-type', 'm5.large', '--burst', '100', '--over', '10', '--nodes', '4');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /100 pods over 10 s on 4 x m5\.large/);
    assert.match(r.stdout, /wait for an IP \(s\): mean/);
    assert.match(r.stdout, /EC2 calls: AssignPrivateIpAddresses 4, CreateNetworkInterface 8/); // see simulate.test
  });
  it('--json (steady state and burst)', () => {
    const a = JSON.parse(run('--instance-type', 'm5.large', '--pods', '2', '--json').stdout) as {
      steadyState: { enis: number }[];
    };
    assert.equal(a.steadyState[0].enis, 2);
    const b = JSON.parse(
      run('--instance-type', 'm5.large', '--burst', '10', '--over', '5', '--json').stdout,
    ) as {
      waits: { count: number };
    };
    assert.equal(b.waits.count, 10);
  });
  it('exit 1 when aws-node would not start', () => {
    const r = run(
      '--instance-type',
      'm5.large',
      '--env',
      'ENABLE_PREFIX_DELEGATION=true',
      '--env',
      'WARM_PREFIX_TARGET=0',
    );
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /does not start/);
  });
  const usage: [string[], RegExp][] = [
    [[], /--instance-type is required/],
    [['--instance-type', 'm5.large', '--env', 'NOEQUALS'], /NAME=VALUE/],
    [['--instance-type', 'm5.large', '--burst', '10'], /go together/],
    [['--instance-type', 'm5.large', '--pods', '1,x'], /--pods must be an integer/],
    [
      ['--instance-type', 'm5.large', '--pods', '1', '--burst', '5', '--over', '5'],
      /either --pods or --burst/,
    ],
    [['--instance-type', 'm5.large', '--cni-version', 'x'], /not a version/],
    [['--instance-type', 'm5.larg'], /Did you mean "m5\.large"/],
  ];
  for (const [argv, re] of usage) {
    it(`usage error: ${argv.join(' ') || '(none)'}`, () => {
      const r = run(...argv);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, re);
    });
  }
});
