/** `vpc-cni-lint check` with a committed `.vpc-cni-lint.yaml`: the config applies per file, flags win over it. */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

const DAEMONSET = path.resolve(__dirname, '..', 'fixtures', 'cases', 'unknown-env-var', 'daemonset.yaml');

/** A repository: aws-node with two misspelt env vars (also under vendor/), user data with max-pods 110. */
export function repoWithConfig(config: string, name = '.vpc-cni-lint.yaml'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-config-cli-'));
  for (const d of ['.git', 'nodes', 'vendor']) mkdirSync(path.join(dir, d));
  copyFileSync(DAEMONSET, path.join(dir, 'aws-node.yaml'));
  copyFileSync(DAEMONSET, path.join(dir, 'vendor', 'aws-node.yaml'));
  writeFileSync(
    path.join(dir, 'nodes', 'user-data.sh'),
    '#!/bin/bash\n/etc/eks/bootstrap.sh demo \\\n  --use-max-pods false \\\n  --kubelet-extra-args "--max-pods=110"\n',
  );
  writeFileSync(path.join(dir, name), config);
  return dir;
}

const CONFIG = 'rules:\n  unknown-env-var: hint\ndefaultInstanceTypes: [m5.large]\nignore: [vendor/]\n';

interface JsonFinding {
  file: string;
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
}

async function findings(args: string[]): Promise<{ exitCode: number; items: JsonFinding[]; stderr: string }> {
  const r = await runCli(['check', '--format', 'json', ...args]);
  return {
    exitCode: r.exitCode,
    stderr: r.stderr,
    items: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings,
  };
}

const rel = (dir: string, items: JsonFinding[]) =>
  items.map((f) => `${path.relative(dir, f.file)} ${f.severity} ${f.code}`);

describe('cli: check with a project config', () => {
  it('applies rules, defaultInstanceTypes and ignore from the nearest config file', async () => {
    const dir = repoWithConfig(CONFIG);
    const r = await findings([dir]);
    assert.deepEqual(rel(dir, r.items), [
      'aws-node.yaml hint unknown-env-var',
      'aws-node.yaml hint unknown-env-var',
      'nodes/user-data.sh error max-pods-exceeds-ip-capacity',
    ]);
    assert.match(r.items[2]?.message ?? '', /max-pods 110 exceeds what m5\.large can address: 29/);
    assert.equal(r.exitCode, 1);
  });

  it('without the config the same repository reads with the defaults', async () => {
    const dir = repoWithConfig('# nothing configured\n');
    const r = await findings([dir]);
    assert.deepEqual(rel(dir, r.items), [
      'aws-node.yaml warning unknown-env-var',
      'aws-node.yaml warning unknown-env-var',
      'vendor/aws-node.yaml warning unknown-env-var',
      'vendor/aws-node.yaml warning unknown-env-var',
    ]);
  });

  it('lets flags win over the config; the ignore patterns apply to a file that is named too', async () => {
    const dir = repoWithConfig(CONFIG);
    const r = await findings([
      '--rule',
      'unknown-env-var=error',
      '--default-instance-types',
      'm5.xlarge',
      dir,
      path.join(dir, 'vendor', 'aws-node.yaml'),
    ]);
    assert.deepEqual(rel(dir, r.items), [
      'aws-node.yaml error unknown-env-var',
      'aws-node.yaml error unknown-env-var',
      'nodes/user-data.sh error max-pods-exceeds-ip-capacity',
    ]);
    assert.match(r.items[2]?.message ?? '', /m5\.xlarge can address: 58/);
  });

  it('reports a bad key in the config file at its position, once, and keeps the rest', async () => {
    const dir = repoWithConfig(`${CONFIG}cniVersoin: v1.19.0\n`);
    const r = await runCli(['check', dir]);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.filter((l) => l.includes('invalid-config')).length, 1, r.stdout);
    assert.ok(
      lines.some((l) =>
        l.endsWith(
          `.vpc-cni-lint.yaml:5:1 error invalid-config unknown key "cniVersoin"; did you mean "cniVersion"?`,
        ),
      ),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => l.includes('hint unknown-env-var')),
      'the valid keys still apply',
    );
    assert.equal(r.exitCode, 1);
  });

  it('reads .vpc-cni-lint.json and instance types it describes', async () => {
    const dir = repoWithConfig(
      JSON.stringify({
        defaultInstanceTypes: ['x9.large'],
        instanceTypes: { 'x9.large': { enis: 4, ipv4PerEni: 15 } },
      }),
      '.vpc-cni-lint.json',
    );
    const r = await findings([path.join(dir, 'nodes')]);
    // 4 ENIs x (15 - 1) + 2 = 58 pods addressable; max-pods 110 exceeds it.
    assert.deepEqual(rel(dir, r.items), ['nodes/user-data.sh error max-pods-exceeds-ip-capacity']);
    assert.match(r.items[0]?.message ?? '', /x9\.large can address: 58/);
  });

  it('assumes the config cniVersion where no file states the version', async () => {
    const dir = repoWithConfig('cniVersion: v1.8.0\n');
    const patch = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: { name: aws-node, namespace: kube-system }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: aws-node',
      '          env:',
      '            - name: ENABLE_PREFIX_DELEGATION',
      '              value: "true"',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'nodes', 'aws-node-patch.yaml'), patch);
    const r = await findings([path.join(dir, 'nodes')]);
    const tooOld = r.items.filter((f) => f.code === 'cni-version-too-old');
    assert.equal(tooOld.length, 1, JSON.stringify(r.items));
    assert.match(
      tooOld[0]!.message,
      /CNI v1\.8\.0 \(assumed by the project config's cniVersion\) ignores ENABLE_PREFIX_DELEGATION/,
    );
    // A file that states its version keeps it: the full DaemonSet (image v1.19.2 in the fixture) is not affected.
    const stated = await findings([path.join(dir, 'aws-node.yaml')]);
    assert.deepEqual(
      stated.items.filter((f) => f.code === 'cni-version-too-old'),
      [],
    );
  });

  it('gives the same findings on worker threads (each thread applies the config in force per file)', async () => {
    const dir = repoWithConfig(`${CONFIG}cniVersion: v1.8.0\n`);
    const one = await runCli(['check', '--format', 'json', '--jobs', '1', dir]);
    const two = await runCli(['check', '--format', 'json', '--jobs', '2', dir]);
    assert.equal(two.stdout, one.stdout);
    assert.match(one.stdout, /"severity": "hint",\s+"code": "unknown-env-var"/);
  });

  it('re-checks cached files when the config changes (its hash is part of the cache key)', async () => {
    const dir = repoWithConfig(CONFIG);
    const cache = path.join(dir, 'cache.json');
    const first = await findings(['--cache-location', cache, dir]);
    writeFileSync(path.join(dir, '.vpc-cni-lint.yaml'), CONFIG.replace('hint', 'off'));
    const second = await findings(['--cache-location', cache, dir]);
    assert.equal(first.items.filter((f) => f.code === 'unknown-env-var').length, 2);
    assert.deepEqual(
      second.items.filter((f) => f.code === 'unknown-env-var'),
      [],
    );
  });

  it('checks the subnets and node counts of nodeGroups at the node group of that name', async () => {
    const dir = repoWithConfig(
      'nodeGroups:\n  general:\n    subnets:\n      - { cidr: 10.0.0.0/27, nodes: 12 }\n      - { cidr: 10.0.16.0/20, nodes: 12 }\n',
    );
    writeFileSync(
      path.join(dir, 'nodes', 'cluster.yaml'),
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: { name: demo, region: us-west-2 }\nmanagedNodeGroups:\n  - name: general\n    instanceType: m5.large\n  - name: other\n    instanceType: m5.large\n',
    );
    const r = await findings([path.join(dir, 'nodes', 'cluster.yaml')]);
    // m5.large idle, default CNI settings: 1 ENI with 9 secondary IPs + its primary = 10 addresses a node;
    // 12 nodes = 120 > 27 usable in a /27 (32 - 5); a /20 (4091 usable) holds them.
    assert.deepEqual(
      r.items.map((f) => [f.code, f.severity, f.range.start.line, f.message]),
      [
        [
          'warm-pool-exhausts-subnet',
          'error',
          4,
          'managed node group "general": 12 idle nodes of m5.large take 120 addresses (10 each: 1 ENI holding 9 secondary IPs, plus 1 ENI primary address) but 10.0.0.0/27 has 27 usable (32 - 5 reserved by AWS) (with default CNI settings). The subnet and node count are the project config\'s nodeGroups.',
        ],
      ],
    );
  });
  it("keeps each cluster of the config's clusters to its own settings", async () => {
    // prod turns prefix delegation on; dev's nodes (m5.large, max-pods 110) do not see it once the config
    // says which folder is which cluster: m5.large without prefixes addresses 29 pods, with them 110 fits.
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-config-clusters-'));
    for (const d of ['.git', 'envs/prod', 'envs/dev']) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(
      path.join(dir, 'envs', 'prod', 'aws-node.yaml'),
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: aws-node, namespace: kube-system }\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2\n          env:\n            - { name: ENABLE_PREFIX_DELEGATION, value: "true" }\n',
    );
    writeFileSync(
      path.join(dir, 'envs', 'dev', 'user-data.sh'),
      '#!/bin/bash\n/etc/eks/bootstrap.sh dev --use-max-pods false --kubelet-extra-args "--max-pods=110"\n',
    );
    const codes = async () =>
      rel(dir, (await findings([dir])).items).filter((l) => l.includes('max-pods-exceeds-ip-capacity'));
    writeFileSync(path.join(dir, '.vpc-cni-lint.yaml'), 'defaultInstanceTypes: [m5.large]\n');
    // One unnamed cluster: prod's prefix delegation reaches dev's node.
    assert.deepEqual(await codes(), []);
    writeFileSync(
      path.join(dir, '.vpc-cni-lint.yaml'),
      'defaultInstanceTypes: [m5.large]\nclusters:\n  - { name: prod, paths: [envs/prod/] }\n  - { name: dev, paths: [envs/dev/] }\n',
    );
    assert.deepEqual(await codes(), ['envs/dev/user-data.sh error max-pods-exceeds-ip-capacity']);
  });
});
