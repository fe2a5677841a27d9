/**
 * The cluster model: which cluster each CNI settings source and node definition belongs to, and the
 * property that checking clusters together gives the same findings as checking each alone.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  analyze,
  buildClusterModel,
  buildWorkspaceContext,
  contextAt,
  defaultSettings,
  hover,
  inlayHints,
  type ClusterModel,
} from '../../server/src/analysis';
import { runCli } from '../../server/src/cli/main';
import { parseDocument } from '../../server/src/syntax';
import { analyseFiles, catalogWith } from '../helpers/analyze';

const CASES = path.resolve(__dirname, '..', 'fixtures', 'cases');

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const f = path.join(dir, n);
      return statSync(f).isDirectory() ? filesOf(f) : [f];
    })
    .filter((f) => !/\.(md|expect)$|settings\.json$|\.fix-\d+\./.test(f))
    .sort();
}

const read = (files: string[]) => files.map((uri) => ({ uri, text: readFileSync(uri, 'utf8') }));
const describeAll = (r: ReturnType<typeof analyseFiles>) =>
  r
    .flatMap((f) => f.findings.map((x) => `${f.uri}:${x.span.start}-${x.span.end} ${x.code}: ${x.message}`))
    .sort();

/** Models of in-memory documents, and the membership (cluster names) of their items. */
function model(
  docs: Record<string, string>,
  roots: string[] = [],
): { cm: ClusterModel; names: Record<string, string[]> } {
  const parsed = Object.entries(docs).map(([uri, text]) => ({ uri, model: parseDocument(text, { uri }) }));
  const cm = buildClusterModel(parsed, {
    rootOf: (u) => roots.find((r) => u.startsWith(r + '/')) ?? '',
  });
  const names: Record<string, string[]> = {};
  for (const p of parsed)
    for (const item of [...p.model.cni, ...p.model.nodes]) {
      const m = cm.membershipOf(p.uri, item);
      const label = 'kind' in item ? (item.name?.value ?? item.kind) : item.format;
      names[`${p.uri}#${label}`] = (m?.candidates ?? []).map((k) => cm.clusters.get(k)?.name ?? '(unnamed)');
    }
  return { cm, names };
}

const NODEPOOL = (cls: string) => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: pool-${cls}
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: ${cls}
`;
const EKSCTL = (name: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${name}
managedNodeGroups:
  - name: ng-${name}
    instanceType: m5.large
`;

describe('cluster model: membership', () => {
  it('links items by the cluster names their formats state', () => {
    const { names } = model({
      '/r/a/cluster.yaml': EKSCTL('alpha'),
      '/r/b/cluster.yaml': EKSCTL('beta'),
      // Discovery tag, getting-started role name, bootstrap.sh argument, nodeadm spec.cluster.name.
      '/r/k/tagged.yaml': `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: tagged
spec:
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: beta
`,
      '/r/k/role.yaml': `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: role
spec:
  role: "KarpenterNodeRole-alpha"
`,
      '/r/k/pool.yaml': NODEPOOL('tagged'),
      '/r/nodes/user-data.sh':
        '#!/bin/bash\n/etc/eks/bootstrap.sh beta --kubelet-extra-args "--max-pods=20"\n',
      '/r/nodes/nodeconfig.yaml': `apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: alpha
  kubelet:
    config:
      maxPods: 20
`,
      '/r/cni/aws-node.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
spec:
  template:
    spec:
      containers:
        - name: aws-node
          env:
            - name: CLUSTER_NAME
              value: beta
`,
    });
    assert.deepEqual(names['/r/k/tagged.yaml#tagged'], ['beta']);
    assert.deepEqual(names['/r/k/role.yaml#role'], ['alpha']);
    // A NodePool takes its node class's cluster.
    assert.deepEqual(names['/r/k/pool.yaml#pool-tagged'], ['beta']);
    assert.deepEqual(names['/r/nodes/user-data.sh#user-data'], ['beta']);
    assert.deepEqual(names['/r/nodes/nodeconfig.yaml#user-data'], ['alpha']);
    assert.deepEqual(names['/r/cni/aws-node.yaml#daemonset'], ['beta']);
    assert.deepEqual(names['/r/a/cluster.yaml#ng-alpha'], ['alpha']);
  });

  it('resolves Terraform and CloudFormation references to the cluster defined in the same file', () => {
    const { names } = model({
      '/r/tf/main.tf.json': JSON.stringify({
        resource: {
          aws_eks_cluster: { main: { name: 'tf-prod' } },
          aws_eks_node_group: {
            ng: { cluster_name: '${aws_eks_cluster.main.name}', instance_types: ['m5.large'] },
          },
          aws_eks_addon: {
            other: { cluster_name: '${var.cluster}', addon_name: 'vpc-cni', configuration_values: '{}' },
          },
        },
      }),
      '/r/cfn/nodes.yaml': `Parameters:
  ClusterName:
    Type: String
    Default: cfn-prod
Resources:
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref ClusterName
      NodegroupName: cfn-nodes
      InstanceTypes: [m5.large]
`,
    });
    assert.deepEqual(names['/r/tf/main.tf.json#ng'], ['tf-prod']);
    // An unknown variable names no cluster: the add-on takes the file's cluster.
    assert.deepEqual(names['/r/tf/main.tf.json#addon-config'], ['tf-prod']);
    assert.deepEqual(names['/r/cfn/nodes.yaml#cfn-nodes'], ['cfn-prod']);
  });

  it('uses the folder structure, the directive, and repository roots', () => {
    const { names } = model(
      {
        '/w/repo1/clusters/a/cluster.yaml': EKSCTL('a'),
        '/w/repo1/clusters/a/nodes/pool.yaml': NODEPOOL('x'),
        '/w/repo1/clusters/b/cluster.yaml': EKSCTL('b'),
        '/w/repo1/shared/pool.yaml': NODEPOOL('y'),
        '/w/repo1/shared/pinned.yaml': `# vpc-cni-lint: cluster=b\n${NODEPOOL('z')}`,
        // Same name in another repository: another cluster.
        '/w/repo2/cluster.yaml': EKSCTL('a'),
        '/w/repo3/pool.yaml': NODEPOOL('w'),
      },
      ['/w/repo1', '/w/repo2', '/w/repo3'],
    );
    assert.deepEqual(names['/w/repo1/clusters/a/nodes/pool.yaml#pool-x'], ['a']);
    assert.deepEqual(names['/w/repo1/shared/pool.yaml#pool-y'], ['a', 'b']);
    assert.deepEqual(names['/w/repo1/shared/pinned.yaml#pool-z'], ['b']);
    assert.deepEqual(names['/w/repo3/pool.yaml#pool-w'], ['(unnamed)']);
    const { cm } = model({ '/w/repo1/c.yaml': EKSCTL('a'), '/w/repo2/c.yaml': EKSCTL('a') }, [
      '/w/repo1',
      '/w/repo2',
    ]);
    assert.equal([...cm.clusters.values()].filter((c) => c.name === 'a').length, 2);
  });

  it('keeps the context object of a cluster whose members did not change', () => {
    const docs = {
      '/r/a/cluster.yaml': EKSCTL('a'),
      '/r/b/cluster.yaml': EKSCTL('b'),
    };
    const parsed = Object.entries(docs).map(([uri, text]) => ({ uri, model: parseDocument(text, { uri }) }));
    const first = buildClusterModel(parsed);
    const edited = parsed.map((p) =>
      p.uri === '/r/b/cluster.yaml'
        ? { uri: p.uri, model: parseDocument(EKSCTL('b').replace('m5.large', 'm5.xlarge')) }
        : p,
    );
    const second = buildClusterModel(edited, {}, first);
    const ctx = (cm: ClusterModel, name: string) =>
      [...cm.clusters.values()].find((c) => c.name === name)?.context;
    assert.equal(ctx(second, 'a'), ctx(first, 'a'));
    assert.notEqual(ctx(second, 'b'), ctx(first, 'b'));
  });
});

describe('cluster model: together = each alone', () => {
  const partitions: Array<[string, string[]]> = [
    ['clusters-monorepo-eksctl', ['clusters/prod', 'clusters/staging']],
    ['clusters-terraform-roots', ['envs/prod', 'envs/dev']],
    ['clusters-two-repositories', ['platform-a', 'platform-b']],
  ];
  for (const [name, parts] of partitions) {
    it(`${name}: the findings of all clusters checked together are those of each checked alone`, () => {
      const dir = path.join(CASES, name);
      const roots = name === 'clusters-two-repositories' ? parts.map((p) => path.join(dir, p)) : [];
      const together = describeAll(analyseFiles(read(filesOf(dir)), {}, undefined, roots));
      const alone = parts.flatMap((p) => describeAll(analyseFiles(read(filesOf(path.join(dir, p)))))).sort();
      assert.deepEqual(together, alone);
      // The fixture is meaningful: one bag of files (every setting applies to every node) differs.
      const files = read(filesOf(dir)).map((f) => ({ ...f, model: parseDocument(f.text, { uri: f.uri }) }));
      const bag = buildWorkspaceContext(files);
      const bagFindings = files
        .flatMap((f) =>
          analyze({ ...f, workspace: bag, catalog: catalogWith(), settings: defaultSettings }).map(
            (x) => `${f.uri}:${x.span.start}-${x.span.end} ${x.code}: ${x.message}`,
          ),
        )
        .sort();
      assert.notDeepEqual(bagFindings, together);
    });
  }

  it('check: two repositories (with .git folders) give the findings of each checked alone', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-repos-'));
    for (const r of ['platform-a', 'platform-b']) {
      cpSync(path.join(CASES, 'clusters-two-repositories', r), path.join(tmp, r), { recursive: true });
      mkdirSync(path.join(tmp, r, '.git'));
    }
    const check = async (...args: string[]) => {
      const out = await runCli(['check', ...args, '--format', 'json']);
      return (
        JSON.parse(out.stdout) as { findings: Array<{ file: string; code: string; message: string }> }
      ).findings
        .map((f) => `${path.relative(tmp, f.file)} ${f.code}: ${f.message}`)
        .sort();
    };
    // The parent folder as one argument: the .git folders still separate them.
    const together = await check(tmp);
    const alone = [
      ...(await check(path.join(tmp, 'platform-a'))),
      ...(await check(path.join(tmp, 'platform-b'))),
    ].sort();
    assert.deepEqual(together, alone);
    assert.ok(together.some((f) => f.startsWith(path.join('platform-a', 'karpenter'))));
    assert.ok(!together.some((f) => f.startsWith(path.join('platform-b', 'karpenter'))));
  });
});

describe('cluster model: paths as written', () => {
  it('check: a relative folder argument gives the findings of the absolute one', async () => {
    const abs = path.resolve(__dirname, '..', '..', 'examples');
    const rel = path.relative(process.cwd(), abs);
    const run = async (p: string) =>
      (
        JSON.parse((await runCli(['check', p, '--format', 'json'])).stdout) as {
          findings: Array<{ file: string; code: string; message: string }>;
        }
      ).findings
        .map((f) => `${path.resolve(f.file)} ${f.code}: ${f.message}`)
        .sort();
    assert.deepEqual(await run(rel), await run(abs));
  });
});

describe('cluster model: hovers and inlay hints', () => {
  it('name the cluster and the file whose settings they used', () => {
    const dir = path.join(CASES, 'clusters-monorepo-eksctl');
    const files = read(filesOf(dir)).map((f) => ({ ...f, model: parseDocument(f.text, { uri: f.uri }) }));
    const cm = buildClusterModel(files);
    const pool = files.find((f) => f.uri.endsWith(path.join('prod', 'karpenter.yaml')));
    assert.ok(pool);
    const offset = pool.text.indexOf('c7g.medium') + 2;
    const ctx = contextAt({ ...pool, catalog: catalogWith(), settings: defaultSettings }, cm, offset);
    assert.ok(ctx);
    const h = hover(ctx, offset);
    assert.match(
      h?.markdown ?? '',
      /With the CNI settings of cluster "prod" \(cluster\.yaml\): \*\*98 pods\*\*/,
    );
    const hints = inlayHints(ctx, { start: 0, end: pool.text.length });
    assert.ok(
      hints.some((x) => /cluster "prod" \(cluster\.yaml\)/.test(x.tooltip ?? '')),
      JSON.stringify(hints),
    );
    const staging = files.find((f) => f.uri.endsWith(path.join('staging', 'karpenter.yaml')));
    assert.ok(staging);
    const sctx = contextAt({ ...staging, catalog: catalogWith(), settings: defaultSettings }, cm, offset);
    assert.ok(sctx);
    assert.match(
      hover(sctx, offset)?.markdown ?? '',
      /With the CNI settings of cluster "staging" \(cluster\.yaml\): \*\*8 pods\*\*/,
    );
  });
});
