/**
 * Node definitions: Karpenter EC2NodeClass / NodePool, EKS Auto Mode NodeClass, eksctl node
 * groups, CloudFormation launch templates; half-typed and broken YAML.
 */
import { strict as assert } from 'node:assert';
import { applyInsertion, load, parse } from './helpers';

describe('syntax: Karpenter', () => {
  const { model, at, text } = load('karpenter.yaml');
  const [nodeClass, pool, brClass] = model.nodes;

  it('skips the Deployment and reads both node classes and the pool', () => {
    assert.deepEqual(
      model.nodes.map((n) => [n.kind, at(n.name?.span)]),
      [
        ['karpenter-ec2nodeclass', 'default'],
        ['karpenter-nodepool', 'general'],
        ['karpenter-ec2nodeclass', 'bottlerocket'],
      ],
    );
    assert.deepEqual(model.cni, []);
    assert.deepEqual(model.problems, []);
  });

  it('reads the AMI alias, podsPerCore and user data of an EC2NodeClass', () => {
    assert.equal(nodeClass?.amiFamily?.value, 'AL2023');
    assert.equal(at(nodeClass?.amiFamily?.span), 'al2023@latest');
    assert.equal(nodeClass?.podsPerCore?.value, 10);
    assert.equal(at(nodeClass?.podsPerCore?.span), '10');
    assert.equal(nodeClass?.userData?.format, 'mime');
    assert.equal(nodeClass?.userData?.parts[0]?.kind, 'nodeconfig');
    assert.deepEqual(nodeClass?.maxPods, []);
  });

  it('inserts kubelet.maxPods into the EC2NodeClass', () => {
    const after = applyInsertion(text, nodeClass?.maxPodsInsert, { value: '58' });
    assert.ok(after.includes('  kubelet:\n    podsPerCore: 10\n    maxPods: 58\n  userData: |\n'));
    const again = parse(after).model.nodes[0];
    assert.equal(again?.maxPods[0]?.value, 58);
    assert.equal(again?.maxPods[0]?.origin, 'karpenter-kubelet');
  });

  it('inserts maxPods into a NodeConfig inside the block-scalar MIME user data', () => {
    const part = nodeClass?.userData?.parts[0];
    const after = applyInsertion(text, part?.nodeConfig?.maxPodsInsert, { value: '42' });
    assert.ok(
      after.includes('          clusterDNS: [10.100.0.10]\n          maxPods: 42\n    --//--\n'),
      after,
    );
    const again = parse(after).model.nodes[0];
    assert.deepEqual(
      again?.maxPods.map((m) => [m.origin, m.value]),
      [['nodeadm-config', 42]],
    );
  });

  it('reads NodePool requirements, instance types and the node class reference', () => {
    assert.deepEqual(
      pool?.requirements.map((r) => [at(r.key.span), r.operator, r.values.map((v) => at(v.span))]),
      [
        ['node.kubernetes.io/instance-type', 'In', ['"m5.large"', '"m5.xlarge"']],
        ['karpenter.k8s.aws/instance-family', 'In', ['c6i']],
      ],
    );
    assert.deepEqual(
      pool?.instanceTypes.map((t) => t.value),
      ['m5.large', 'm5.xlarge'],
    );
    assert.equal(at(pool?.nodeClassRef?.name.span), 'default');
    assert.equal(pool?.nodeClassRef?.group, 'karpenter.k8s.aws');
    assert.equal(pool?.nodeClassRef?.kind, 'EC2NodeClass');
  });

  it('reads a CEL maxPods and Bottlerocket user data max-pods', () => {
    assert.deepEqual(
      brClass?.maxPods.map((m) => [m.origin, m.value, m.expression, at(m.span)]),
      [
        [
          'karpenter-kubelet',
          undefined,
          "self.instance_type.startsWith('t3') ? 30 : 110",
          `"self.instance_type.startsWith('t3') ? 30 : 110"`,
        ],
        ['bottlerocket', 42, undefined, '42'],
      ],
    );
    assert.equal(brClass?.amiFamily?.value, 'Bottlerocket');
    assert.equal(brClass?.maxPodsInsert, undefined);
  });
});

describe('syntax: EKS Auto Mode NodeClass', () => {
  it('reads ipv4PrefixSize and pod subnets', () => {
    const { model, at } = load('cni-objects.yaml');
    const auto = model.nodes.find((n) => n.kind === 'auto-mode-nodeclass');
    assert.equal(at(auto?.autoMode?.ipv4PrefixSize?.span), '"32"');
    assert.equal(auto?.autoMode?.ipv4PrefixSize?.value, '32');
    assert.equal(auto?.autoMode?.podSubnets, true);
  });

  it('ignores a NodeClass of another API group', () => {
    const { model } = parse('apiVersion: example.com/v1\nkind: NodeClass\nmetadata: {name: x}\n');
    assert.deepEqual(model.nodes, []);
  });
});

describe('syntax: eksctl node groups', () => {
  const { model, at } = load('eksctl-cluster.yaml');

  it('reads instance types, AMI family, maxPodsPerNode and bootstrap commands', () => {
    const [al2, sel, self] = model.nodes;
    assert.deepEqual(
      model.nodes.map((n) => [n.kind, at(n.name?.span)]),
      [
        ['eksctl-managed-nodegroup', 'ng-al2'],
        ['eksctl-managed-nodegroup', 'ng-select'],
        ['eksctl-nodegroup', 'self'],
      ],
    );
    assert.deepEqual(
      al2?.instanceTypes.map((t) => at(t.span)),
      ['m5.large', 'c6i.xlarge'],
    );
    assert.equal(al2?.amiFamily?.value, 'AL2');
    assert.equal(at(al2?.amiFamily?.span), 'AmazonLinux2');
    assert.deepEqual(
      al2?.maxPods.map((m) => [m.origin, m.value, at(m.span)]),
      [
        ['eksctl-max-pods-per-node', 110, '110'],
        ['kubelet-flag', 58, '58'],
      ],
    );
    const call = al2?.userData?.parts[0]?.bootstrap[0];
    assert.equal(at(call?.useMaxPods?.span), 'false');
    assert.equal(at(call?.kubeletExtraArgs?.span), '--max-pods=58 --node-labels=a=b');
    assert.deepEqual(
      sel?.requirements.map((r) => [at(r.key.span), r.operator, r.values.map((v) => at(v.span))]),
      [
        ['vCPUs', 'eksctl-instance-selector', ['2']],
        ['memory', 'eksctl-instance-selector', ['"8"']],
      ],
    );
    assert.deepEqual(
      self?.instanceTypes.map((t) => at(t.span)),
      ['t3.medium'],
    );
    assert.equal(self?.userData?.parts[0]?.embed, 'yaml-double-quoted');
  });
});

describe('syntax: CloudFormation launch templates', () => {
  const { model, at } = load('cfn-template.yaml');

  it('reads InstanceType and Fn::Base64 + !Sub user data in place', () => {
    const lt = model.nodes.find((n) => at(n.name?.span) === 'NodeLaunchTemplate');
    assert.equal(lt?.kind, 'launch-template');
    assert.deepEqual(
      lt?.instanceTypes.map((t) => at(t.span)),
      ['m5.large'],
    );
    assert.deepEqual(
      lt?.maxPods.map((m) => [m.value, at(m.span), m.embed]),
      [[29, '29', undefined]],
    );
    assert.equal(lt?.amiFamily?.value, 'AL2');
    assert.equal(at(lt?.userData?.parts[0]?.bootstrap[0]?.clusterName?.span), '${ClusterName}');
  });

  it('reads !Base64 Bottlerocket user data and inserts max-pods at the block indentation', () => {
    const { text } = load('cfn-template.yaml');
    const other = model.nodes.find((n) => at(n.name?.span) === 'OtherTemplate');
    assert.equal(other?.amiFamily?.value, 'Bottlerocket');
    const br = other?.userData?.parts[0]?.bottlerocket;
    const after = applyInsertion(text, br?.maxPodsInsert, { value: '17' });
    assert.ok(after.endsWith('          cluster-name = "demo"\n          max-pods = 17\n'), after);
  });
});

describe('syntax: broken and half-typed YAML', () => {
  const { model, at } = load('broken.yaml');

  it('reports yaml-syntax errors with positions and keeps what it could read', () => {
    assert.ok(model.problems.length >= 2);
    assert.ok(model.problems.every((p) => p.code === 'yaml-syntax' && p.severity === 'error'));
    assert.ok(model.problems.every((p) => p.span.end > p.span.start));
    const nodeClass = model.nodes[0];
    assert.equal(at(nodeClass?.maxPods[0]?.span), '11');
    const ds = model.cni[0];
    assert.equal(ds?.env[0]?.name, 'WARM_IP_TARGET');
  });

  it('keeps spans relative to the whole file across many documents', () => {
    const doc = (i: number): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n`;
    const eni =
      'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: zone-b\nspec:\n  subnet: subnet-b\n';
    const text = [doc(1), doc(2), eni, doc(3)].join('---\n');
    const { model: m, at: a } = parse(text);
    assert.deepEqual(
      m.eniConfigs.map((e) => [a(e.name.span), a(e.subnet?.span)]),
      [['zone-b', 'subnet-b']],
    );
  });

  it('reads an empty file, a lone marker and a comment-only file without findings', () => {
    for (const t of ['', '---', '# nothing\n', '---\n...\n']) {
      const { model: m } = parse(t);
      assert.equal(m.relevant, false);
      assert.deepEqual(m.problems, []);
    }
  });
});

describe('syntax: Terraform JSON', () => {
  const { model, at } = load('addons.tf.json');

  it('reads aws_eks_addon configuration_values through JSON string escapes', () => {
    const src = model.cni[0];
    assert.equal(src?.format, 'addon-config');
    assert.equal(at(src?.span), '"vpc_cni"');
    assert.equal(at(src?.cniVersion?.span), '"v1.19.2-eksbuild.1"');
    assert.deepEqual(
      src?.env.map((e) => [e.name, e.value, at(e.valueSpan), e.embed]),
      [
        ['ENABLE_PREFIX_DELEGATION', 'true', '\\"true\\"', 'yaml-double-quoted'],
        ['WARM_PREFIX_TARGET', '1', '\\"1\\"', 'yaml-double-quoted'],
      ],
    );
  });

  it('reads node groups and launch templates with base64 user data', () => {
    const [ng, lt] = model.nodes;
    assert.equal(ng?.kind, 'eks-managed-nodegroup');
    assert.deepEqual(
      ng?.instanceTypes.map((t) => t.value),
      ['m6i.large', 'm6i.xlarge'],
    );
    assert.equal(ng?.amiFamily?.value, 'AL2023');
    assert.equal(lt?.kind, 'launch-template');
    assert.equal(lt?.maxPods[0]?.value, 20);
    assert.equal(lt?.maxPods[0]?.embed, 'base64');
    assert.equal(lt?.amiFamily?.value, 'AL2');
  });
});
