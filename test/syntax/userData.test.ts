/**
 * Node user data: AL2 bootstrap.sh, MIME multipart (LF and CRLF, base64 parts), nodeadm
 * NodeConfig, Bottlerocket TOML, base64 as a whole; problems for malformed input.
 */
import { strict as assert } from 'node:assert';
import { applyInsertion, load, parse } from './helpers';

describe('syntax: AL2 bootstrap.sh user data', () => {
  const { model, at, text } = load('al2-user-data.sh');
  const node = model.nodes[0];
  const call = node?.userData?.parts[0]?.bootstrap[0];

  it('finds the one real invocation (not the comment, not the test)', () => {
    assert.equal(model.nodes.length, 1);
    assert.equal(node?.kind, 'user-data');
    assert.equal(node?.userData?.parts[0]?.bootstrap.length, 1);
    assert.equal(at(call?.span), '/etc/eks/bootstrap.sh');
    assert.equal(node?.amiFamily?.value, 'AL2');
  });

  it('reads flags across line continuations and quoting, keeping variables', () => {
    assert.equal(call?.clusterName?.value, '$CLUSTER');
    assert.equal(at(call?.clusterName?.span), '$CLUSTER');
    assert.deepEqual(
      call?.flags.map((f) => [f.name, at(f.nameSpan), f.value?.value, at(f.value?.span)]),
      [
        ['--b64-cluster-ca', '--b64-cluster-ca', 'LS0tLS1CRUdJTi...', 'LS0tLS1CRUdJTi...'],
        [
          '--apiserver-endpoint',
          '--apiserver-endpoint',
          'https://ABCD.gr7.us-west-2.eks.amazonaws.com',
          'https://ABCD.gr7.us-west-2.eks.amazonaws.com',
        ],
        ['--use-max-pods', '--use-max-pods', 'false', 'false'],
        [
          '--kubelet-extra-args',
          '--kubelet-extra-args',
          '--node-labels=role=web --max-pods=110',
          '--node-labels=role=web --max-pods=110',
        ],
      ],
    );
    assert.equal(at(call?.useMaxPods?.span), 'false');
    assert.equal(call?.maxPods?.origin, 'kubelet-flag');
    assert.equal(call?.maxPods?.value, 110);
    assert.equal(at(call?.maxPods?.span), '110');
    assert.deepEqual(node?.maxPods, [call?.maxPods]);
  });

  it('offers a flag insertion right after the command word', () => {
    const after = applyInsertion(text, call?.flagInsert, { name: '--use-max-pods', value: 'false' });
    assert.ok(after.includes('/etc/eks/bootstrap.sh --use-max-pods false "$CLUSTER" \\\n'));
  });

  it('reads --max-pods N (separate word) and double-quoted escapes', () => {
    const { model: m, at: a } = parse(
      '#!/bin/bash\nexec /etc/eks/bootstrap.sh c --kubelet-extra-args "--max-pods 17 --node-labels=\\"x\\""; echo done\n',
      'file:///x.sh',
    );
    const c = m.nodes[0]?.userData?.parts[0]?.bootstrap[0];
    assert.equal(c?.kubeletExtraArgs?.value, '--max-pods 17 --node-labels="x"');
    assert.equal(a(c?.maxPods?.span), '17');
    assert.equal(c?.maxPods?.value, 17);
  });

  it('reports an unterminated quote as invalid-user-data', () => {
    const { model: m, at: a } = parse(
      "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=3\n",
      'file:///u.sh',
    );
    assert.deepEqual(
      m.problems.map((p) => [p.code, a(p.span)]),
      [['invalid-user-data', "'"]],
    );
  });
});

describe('syntax: MIME multipart user data', () => {
  const { model, at } = load('user-data.mime');
  const node = model.nodes[0];
  const [nc, sh] = node?.userData?.parts ?? [];

  it('splits parts by boundary and reads content types', () => {
    assert.equal(node?.userData?.format, 'mime');
    assert.deepEqual(
      node?.userData?.parts.map((p) => [p.kind, p.contentType, p.embed]),
      [
        ['nodeconfig', 'application/node.eks.aws', undefined],
        ['shell', 'text/x-shellscript; charset="us-ascii"', 'base64'],
      ],
    );
    assert.deepEqual(model.problems, []);
    assert.equal(node?.amiFamily?.value, 'AL2023');
  });

  it('locates NodeConfig maxPods, maxPodsExpression and --max-pods flags', () => {
    assert.equal(at(nc?.nodeConfig?.maxPods?.span), '110');
    assert.equal(nc?.nodeConfig?.maxPods?.origin, 'nodeadm-config');
    assert.equal(
      at(nc?.nodeConfig?.maxPodsExpression?.span),
      '"((default_enis - 1) * (ips_per_eni - 1)) + 2"',
    );
    assert.equal(
      nc?.nodeConfig?.maxPodsExpression?.expression,
      '((default_enis - 1) * (ips_per_eni - 1)) + 2',
    );
    assert.equal(at(nc?.nodeConfig?.flagMaxPods?.span), '58');
    assert.equal(nc?.nodeConfig?.flagMaxPods?.value, 58);
  });

  it('decodes base64 parts and points their values at the encoded blob', () => {
    const call = sh?.bootstrap[0];
    assert.equal(call?.maxPods?.value, 20);
    assert.equal(call?.maxPods?.embed, 'base64');
    assert.match(at(call?.maxPods?.span) ?? '', /^IyEvYmluL2Jhc2gK[A-Za-z0-9+/]+=*$/);
    assert.equal(call?.flagInsert?.embed, 'base64');
    assert.deepEqual(
      node?.maxPods.map((m) => [m.origin, m.value]),
      [
        ['nodeadm-config', 110],
        ['nodeadm-expression', undefined],
        ['kubelet-flag', 58],
        ['kubelet-flag', 20],
      ],
    );
  });

  it('handles CRLF line breaks and quoted boundaries, inserting with CRLF', () => {
    const text = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="==MYBOUNDARY=="',
      '',
      '--==MYBOUNDARY==',
      'Content-Type: application/node.eks.aws',
      '',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  kubelet:',
      '    config:',
      '      shutdownGracePeriod: 30s',
      '',
      '--==MYBOUNDARY==--',
      '',
    ].join('\r\n');
    const { model: m } = parse(text, 'file:///user-data.txt');
    const part = m.nodes[0]?.userData?.parts[0];
    assert.equal(part?.kind, 'nodeconfig');
    assert.deepEqual(m.problems, []);
    const after = applyInsertion(text, part?.nodeConfig?.maxPodsInsert, { value: '29' });
    assert.ok(
      after.includes('      shutdownGracePeriod: 30s\r\n      maxPods: 29\r\n'),
      JSON.stringify(after),
    );
    const again = parse(after, 'file:///user-data.txt').model.nodes[0];
    assert.equal(again?.maxPods[0]?.value, 29);
  });

  it('reports a multipart message without a boundary and a missing closing delimiter', () => {
    const noBoundary = parse('MIME-Version: 1.0\nContent-Type: multipart/mixed\n\nhello\n', 'file:///a.mime');
    assert.deepEqual(
      noBoundary.model.problems.map((p) => [p.code, p.severity]),
      [['invalid-user-data', 'error']],
    );
    const unclosed = parse(
      'Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n/etc/eks/bootstrap.sh c\n',
      'file:///b.mime',
    );
    assert.deepEqual(
      unclosed.model.problems.map((p) => [p.code, p.severity]),
      [['invalid-user-data', 'warning']],
    );
    assert.equal(unclosed.model.nodes[0]?.userData?.parts[0]?.bootstrap.length, 1);
  });

  it('reports a base64 part that is not base64', () => {
    const { model: m, at: a } = parse(
      'Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\nnot base64!\n--B--\n',
      'file:///c.mime',
    );
    assert.deepEqual(
      m.problems.map((p) => [p.code, a(p.span)]),
      [['invalid-user-data', 'not base64!']],
    );
  });

  it('reads user data that is base64 as a whole', () => {
    const inner = '#!/bin/bash\n/etc/eks/bootstrap.sh demo --use-max-pods false\n';
    const b64 = Buffer.from(inner).toString('base64');
    const { model: m, at: a } = parse(`${b64}\n`, 'file:///userdata.txt');
    const call = m.nodes[0]?.userData?.parts[0]?.bootstrap[0];
    assert.equal(call?.useMaxPods?.value, 'false');
    assert.equal(call?.useMaxPods?.embed, 'base64');
    assert.equal(a(call?.useMaxPods?.span), b64);
  });
});

describe('syntax: Bottlerocket TOML', () => {
  it('locates max-pods with a quoted key and a trailing comment', () => {
    const { model, at } = load('bottlerocket.toml');
    const br = model.nodes[0]?.userData?.parts[0]?.bottlerocket;
    assert.equal(at(br?.maxPods?.span), '110');
    assert.equal(br?.maxPods?.value, 110);
    assert.equal(br?.maxPodsInsert, undefined);
    assert.equal(model.nodes[0]?.amiFamily?.value, 'Bottlerocket');
  });

  it('reads dotted keys under [settings] and inserts next to them', () => {
    const text =
      '[settings]\nkubernetes.cluster-name = "c"\n\n[settings.host-containers.admin]\nenabled = true\n';
    const { model, at } = parse(text, 'file:///br.toml');
    const br = model.nodes[0]?.userData?.parts[0]?.bottlerocket;
    assert.equal(br?.maxPods, undefined);
    const after = applyInsertion(text, br?.maxPodsInsert, { value: '58' });
    assert.equal(
      after,
      '[settings]\nkubernetes.cluster-name = "c"\nkubernetes.max-pods = 58\n\n[settings.host-containers.admin]\nenabled = true\n',
    );
    const again = parse(after, 'file:///br.toml');
    assert.equal(again.at(again.model.nodes[0]?.maxPods[0]?.span), '58');
    void at;
  });

  it('inserts under [settings.kubernetes] and reports TOML errors with positions', () => {
    const text =
      '[settings.kubernetes]\ncluster-name = "c"\n\n[settings.kubernetes.node-labels]\nrole = "web"\n';
    const { model } = parse(text, 'file:///br.toml');
    const after = applyInsertion(text, model.nodes[0]?.userData?.parts[0]?.bottlerocket?.maxPodsInsert, {
      value: '7',
    });
    assert.equal(
      after,
      '[settings.kubernetes]\ncluster-name = "c"\nmax-pods = 7\n\n[settings.kubernetes.node-labels]\nrole = "web"\n',
    );
    const bad = parse('[settings.kubernetes]\nmax-pods = [1,\n', 'file:///bad.toml');
    assert.equal(bad.model.problems[0]?.code, 'invalid-user-data');
    assert.ok((bad.model.problems[0]?.span.start ?? 0) >= '[settings.kubernetes]\n'.length);
  });
});

describe('syntax: standalone NodeConfig YAML', () => {
  it('is a user-data node with the nodeadm origins and an insertion point', () => {
    const text = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: c\n';
    const { model, at } = parse(text, 'file:///nodeconfig.yaml');
    const node = model.nodes[0];
    assert.equal(node?.kind, 'user-data');
    assert.equal(at(node?.span), 'NodeConfig');
    assert.equal(node?.amiFamily?.value, 'AL2023');
    const after = applyInsertion(text, node?.maxPodsInsert, { value: '20' });
    assert.equal(after, `${text}  kubelet:\n    config:\n      maxPods: 20\n`);
  });
});
