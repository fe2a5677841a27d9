/**
 * CNI settings sources: the aws-node DaemonSet, Helm values, add-on configuration (file and
 * embedded strings), the amazon-vpc-cni ConfigMap. Every located value is checked by the
 * source text its span covers.
 */
import { strict as assert } from 'node:assert';
import { applyInsertion, load, parse } from './helpers';

describe('syntax: aws-node DaemonSet', () => {
  const { model, at, text } = load('daemonset-crlf.yaml');
  const ds = model.cni[0];

  it('finds one daemonset source anchored at metadata.name', () => {
    assert.equal(model.cni.length, 1);
    assert.equal(ds?.format, 'daemonset');
    assert.equal(at(ds?.span), 'aws-node');
    assert.equal(model.relevant, true);
    assert.deepEqual(model.problems, []);
  });

  it('locates env names, values (anchors and aliases), valueFrom and entries in a CRLF file', () => {
    const env = ds?.env ?? [];
    assert.deepEqual(
      env.map((e) => [e.name, at(e.nameSpan), e.value, at(e.valueSpan), e.valueFrom ?? false]),
      [
        ['WARM_ENI_TARGET', 'WARM_ENI_TARGET', '1', '"1"', false],
        ['MY_NODE_NAME', 'MY_NODE_NAME', undefined, undefined, true],
        ['WARM_IP_TARGET', 'WARM_IP_TARGET', '1', '*warm', false],
      ],
    );
    assert.equal(at(env[0]?.entrySpan), '- name: WARM_ENI_TARGET\r\n              value: &warm "1"');
    assert.equal(
      at(env[0]?.removalSpan),
      '            - name: WARM_ENI_TARGET\r\n              value: &warm "1"\r\n',
    );
    assert.equal(env[0]?.scalarKind, 'string');
  });

  it('reads the init container env and the image tag', () => {
    assert.deepEqual(
      ds?.initEnv.map((e) => [e.container, at(e.nameSpan), at(e.valueSpan)]),
      [['aws-vpc-cni-init', 'DISABLE_TCP_EARLY_DEMUX', '"false"']],
    );
    assert.equal(ds?.cniVersion?.value, 'v1.19.2-eksbuild.1');
    assert.equal(at(ds?.cniVersion?.span), 'v1.19.2-eksbuild.1');
  });

  it('inserts a new env entry with CRLF line breaks at the list indentation', () => {
    const after = applyInsertion(text, ds?.envInsert, { name: 'WARM_PREFIX_TARGET', value: '1' });
    assert.ok(
      after.includes(
        'value: *warm\r\n            - name: WARM_PREFIX_TARGET\r\n              value: "1"\r\n',
      ),
    );
    const again = parse(after).model.cni[0];
    assert.deepEqual(again?.env.map((e) => [e.name, e.value, e.scalarKind]).at(-1), [
      'WARM_PREFIX_TARGET',
      '1',
      'string',
    ]);
  });
});

describe('syntax: Helm values', () => {
  const { model, at, text } = load('helm-values.yaml');
  const src = model.cni[0];

  it('recognises chart values by shape and reads env, init.env, enableNetworkPolicy, image.tag', () => {
    assert.equal(src?.format, 'helm-values');
    assert.equal(at(src?.span), 'env');
    assert.deepEqual(
      src?.env.map((e) => [at(e.nameSpan), at(e.valueSpan), e.value, e.scalarKind]),
      [
        ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', '"true"', 'true', 'string'],
        ['WARM_ENI_TARGET', '1', '1', 'number'],
        ['ENABLE_PREFIX_DELEGATION', "'false'", 'false', 'string'],
      ],
    );
    assert.deepEqual(
      src?.initEnv.map((e) => [at(e.nameSpan), at(e.valueSpan)]),
      [['DISABLE_TCP_EARLY_DEMUX', '"true"']],
    );
    assert.equal(at(src?.enableNetworkPolicy?.span), 'true');
    assert.equal(at(src?.cniVersion?.span), 'v1.19.2');
  });

  it('gives whole-line removal spans, comments on the line included', () => {
    assert.equal(at(src?.env[1]?.removalSpan), '  WARM_ENI_TARGET: 1   # a number, not a string\n');
    assert.equal(at(src?.env[1]?.entrySpan), 'WARM_ENI_TARGET: 1');
  });

  it('inserts quoted env values into env and init.env', () => {
    const a = applyInsertion(text, src?.envInsert, { name: 'WARM_PREFIX_TARGET', value: '1' });
    assert.ok(a.endsWith('  ENABLE_PREFIX_DELEGATION: \'false\'\n  WARM_PREFIX_TARGET: "1"\n'));
    const b = applyInsertion(text, src?.initEnvInsert, { name: 'X_INIT', value: 'y' });
    const again = parse(b).model.cni[0];
    assert.deepEqual(
      again?.initEnv.map((e) => [e.name, e.value]),
      [
        ['DISABLE_TCP_EARLY_DEMUX', 'true'],
        ['X_INIT', 'y'],
      ],
    );
  });

  it('is not fooled by an ordinary Deployment env', () => {
    const dep = parse(
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - env:\n            - name: WARM_IP_TARGET\n              value: "1"\n',
    );
    assert.deepEqual(dep.model.cni, []);
    assert.equal(dep.model.relevant, false);
  });

  it('creates env under a values file that has none', () => {
    const { text: t, model: m } = parse('# vpc-cni-lint: kind=helm-values\nimage:\n  tag: v1.18.0\n');
    const src2 = m.cni[0];
    assert.equal(src2?.format, 'helm-values');
    const after = applyInsertion(t, src2?.envInsert, { name: 'WARM_IP_TARGET', value: '2' });
    assert.equal(
      after,
      '# vpc-cni-lint: kind=helm-values\nimage:\n  tag: v1.18.0\nenv:\n  WARM_IP_TARGET: "2"\n',
    );
  });
});

describe('syntax: add-on configuration values', () => {
  it('reads a JSON add-on configuration file and inserts JSON-style', () => {
    const { model, at, text } = load('addon-config.json');
    const src = model.cni[0];
    assert.equal(src?.format, 'addon-config');
    assert.deepEqual(
      src?.env.map((e) => [at(e.nameSpan), at(e.valueSpan)]),
      [
        ['"ENABLE_POD_ENI"', '"true"'],
        ['"POD_SECURITY_GROUP_ENFORCING_MODE"', '"standard"'],
      ],
    );
    // Flow-map removal takes the separating comma so the JSON stays valid.
    assert.equal(at(src?.env[0]?.removalSpan), '"ENABLE_POD_ENI": "true",\n    ');
    assert.equal(at(src?.env[1]?.removalSpan), ',\n    "POD_SECURITY_GROUP_ENFORCING_MODE": "standard"');
    const after = applyInsertion(text, src?.envInsert, { name: 'WARM_IP_TARGET', value: '3' });
    assert.deepEqual(JSON.parse(after).env, {
      ENABLE_POD_ENI: 'true',
      POD_SECURITY_GROUP_ENFORCING_MODE: 'standard',
      WARM_IP_TARGET: '3',
    });
    const init = applyInsertion(text, src?.initEnvInsert, { name: 'A', value: 'b' });
    assert.deepEqual(JSON.parse(init).init, { env: { A: 'b' } });
  });

  it('maps eksctl configurationValues in a block scalar back to the file', () => {
    const { model, at, text } = load('eksctl-cluster.yaml');
    const src = model.cni[0];
    assert.equal(src?.format, 'addon-config');
    assert.equal(at(src?.span), 'vpc-cni');
    assert.deepEqual(
      src?.env.map((e) => [e.name, at(e.nameSpan), at(e.valueSpan), e.embed]),
      [
        ['ENABLE_PREFIX_DELEGATION', '"ENABLE_PREFIX_DELEGATION"', '"true"', undefined],
        ['WARM_PREFIX_TARGET', '"WARM_PREFIX_TARGET"', '"1"', undefined],
      ],
    );
    assert.deepEqual(
      src?.initEnv.map((e) => at(e.nameSpan)),
      ['"DISABLE_TCP_EARLY_DEMUX"'],
    );
    assert.equal(at(src?.enableNetworkPolicy?.span), '"true"');
    assert.equal(at(src?.cniVersion?.span), 'v1.19.2-eksbuild.1');
    const after = applyInsertion(text, src?.envInsert, { name: 'WARM_IP_TARGET', value: '4' });
    const again = parse(after).model.cni[0];
    assert.deepEqual(again?.env.map((e) => [e.name, e.value]).at(-1), ['WARM_IP_TARGET', '4']);
  });

  it('maps JSON inside a double-quoted YAML string through its escapes', () => {
    const { model, at, text } = load('eksctl-quoted.yaml');
    const src = model.cni[0];
    assert.deepEqual(
      src?.env.map((e) => [e.name, e.value, at(e.nameSpan), at(e.valueSpan), e.embed]),
      [
        ['WARM_IP_TARGET', '5', '\\"WARM_IP_TARGET\\"', '\\"5\\"', 'yaml-double-quoted'],
        ['MINIMUM_IP_TARGET', '10', '\\"MINIMUM_IP_TARGET\\"', '\\"10\\"', 'yaml-double-quoted'],
      ],
    );
    assert.equal(src?.envInsert?.embed, 'yaml-double-quoted');
    const after = applyInsertion(text, src?.envInsert, { name: 'WARM_ENI_TARGET', value: '0' });
    assert.ok(after.includes('\\"MINIMUM_IP_TARGET\\":\\"10\\", \\"WARM_ENI_TARGET\\": \\"0\\"}}"'));
    const again = parse(after).model.cni[0];
    assert.deepEqual(
      again?.env.map((e) => e.name),
      ['WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'WARM_ENI_TARGET'],
    );
  });

  it('reads CloudFormation AWS::EKS::Addon ConfigurationValues in a single-quoted string', () => {
    const { model, at } = load('cfn-template.yaml');
    const src = model.cni[0];
    assert.equal(at(src?.span), 'VpcCni');
    assert.deepEqual(
      src?.env.map((e) => [at(e.nameSpan), at(e.valueSpan), e.embed]),
      [['"ENABLE_PREFIX_DELEGATION"', '"true"', 'yaml-single-quoted']],
    );
  });

  it('reports JSON errors inside configurationValues at their place in the file', () => {
    const text =
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\naddons:\n  - name: vpc-cni\n    configurationValues: |\n      {"env": {"WARM_IP_TARGET": "1",}\n';
    const { model } = parse(text);
    assert.ok(model.problems.length > 0);
    for (const p of model.problems) {
      assert.equal(p.code, 'yaml-syntax');
      assert.ok(p.span.start >= text.indexOf('{"env"'), `problem at ${p.span.start}`);
    }
  });
});

describe('syntax: CNI objects', () => {
  const { model, at } = load('cni-objects.yaml');

  it('reads the amazon-vpc-cni ConfigMap data', () => {
    const cm = model.cni.find((c) => c.format === 'configmap');
    assert.equal(at(cm?.span), 'amazon-vpc-cni');
    assert.deepEqual(
      cm?.configMapData?.map((d) => [at(d.key.span), at(d.value?.span)]),
      [['enable-network-policy-controller', '"true"']],
    );
  });

  it('reads ENIConfig and SecurityGroupPolicy', () => {
    assert.deepEqual(
      model.eniConfigs.map((e) => [at(e.name.span), at(e.subnet?.span)]),
      [['us-west-2a', 'subnet-0123456789abcdef0']],
    );
    assert.deepEqual(
      model.securityGroupPolicies.map((p) => at(p.name?.span)),
      ['db-access'],
    );
  });
});
