/** Templates: actions masked by placeholders of the same length; masked values are unknown. */
import { strict as assert } from 'node:assert';
import { maskTemplate, parseDocument, PLACEHOLDER } from '../../server/src/syntax';

const P = PLACEHOLDER;
const show = (s: string) => s.replaceAll(P, 'P');

function masked(text: string, format: 'yaml' | 'user-data' = 'yaml', fileName = 'x.yaml'): string {
  const m = maskTemplate(text, { format, fileName });
  assert.equal(m.text.length, text.length, 'masking keeps the length');
  for (let i = 0; i < text.length; i++)
    if (text[i] === '\n' || text[i] === '\r') assert.equal(m.text[i], text[i], 'line breaks stay');
  return show(m.text);
}

describe('syntax: template masking', () => {
  it('masks an action in value position, in a key, and inside a quoted string', () => {
    assert.equal(masked('maxPods: {{ .Values.maxPods }}\n'), `maxPods: ${'P'.repeat(21)}\n`);
    assert.equal(masked('{{ $k }}: {{ $v }}\n'), 'PPPPPPPP: PPPPPPPP\n');
    assert.equal(
      masked('role: "KarpenterNodeRole-{{ include "name" . }}"\n'),
      `role: "KarpenterNodeRole-${'P'.repeat('{{ include "name" . }}'.length)}"\n`,
    );
  });

  it('skips strings inside an action that contain }}', () => {
    assert.equal(masked('a: {{ "}}" }}x\n'), 'a: PPPPPPPPPPx\n');
  });

  it('blanks whole-line control actions (if/else/end/range/with/define, comments, assignments)', () => {
    const text = '{{- if .Values.x }}\na: 1\n{{- else }}\na: 2\n{{- end }}\n{{/* note */}}\n{{- $v := 1 }}\n';
    assert.equal(
      masked(text),
      text.replace(/\{\{[^\n]*\}\}/g, (m) => ' '.repeat(m.length)),
    );
  });

  it('shapes a whole-line output action like its neighbours', () => {
    // among sequence items: an unknown item
    assert.match(masked('reqs:\n  {{- include "r" . | nindent 2 }}\n  - key: a\n'), /^reqs:\n {2}- P+\n/);
    // among map entries: an unknown entry
    assert.match(masked('labels:\n  a: b\n  {{- include "l" . | nindent 2 }}\n'), /\n {2}P+: P\n$/);
    // the only content under a key: the key's unknown value
    assert.match(
      masked('values:\n  {{- toYaml .Values.zones | nindent 2 }}\nnext: 1\n'),
      /^values:\n {2}P+\n/,
    );
  });

  it('masks Go fmt verbs in YAML (not %%), and not in user data', () => {
    assert.equal(masked('maxPods: %d\nname: "%s-%%"\n'), 'maxPods: PP\nname: "PP-%%"\n');
    assert.equal(masked('printf "%s\\n" x\n', 'user-data', 'user-data.sh'), 'printf "%s\\n" x\n');
  });

  it('masks Terraform interpolation and directives in .tpl/.tftpl user data, keeping $${ escapes', () => {
    const text =
      '#!/bin/bash\n%{ if enable ~}\necho on\n%{ endif ~}\n/etc/eks/bootstrap.sh ${cluster} $${HOME}\n';
    assert.equal(
      masked(text, 'user-data', 'userdata.sh.tftpl'),
      '#!/bin/bash\n               \necho on\n           \n/etc/eks/bootstrap.sh PPPPPPPPPP $${HOME}\n',
    );
    // A plain shell script keeps its `${VAR}` (the shell expands it; not ours to mask).
    assert.equal(masked('echo ${HOME}\n', 'user-data', 'user-data.sh'), 'echo ${HOME}\n');
  });

  it('leaves text without actions alone', () => {
    const m = maskTemplate('a: b\n', { format: 'yaml' });
    assert.equal(m.template, undefined);
  });
});

describe('syntax: unknown values in templates', () => {
  it('a masked env value is unknown; a masked env name opens the env', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: aws-node',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: aws-node',
      '          env:',
      '            - name: ENABLE_PREFIX_DELEGATION',
      '              value: {{ .Values.pd | quote }}',
      '            {{- range $k, $v := .Values.env }}',
      '            - name: {{ $k }}',
      '              value: {{ $v | quote }}',
      '            {{- end }}',
      '',
    ].join('\n');
    const model = parseDocument(text, { uri: 'file:///chart/templates/daemonset.yaml' });
    assert.deepEqual(model.problems, []);
    const src = model.cni[0];
    assert.ok(src);
    assert.deepEqual(
      src.env.map((e) => [e.name, e.value, e.valueFrom, e.unknownReason]),
      [['ENABLE_PREFIX_DELEGATION', undefined, true, 'a template action']],
    );
    assert.equal(src.unknownEntries?.length, 1);
  });

  it('a NodePool whose requirements a template fills has an unknown selection', () => {
    const text = [
      'apiVersion: karpenter.sh/v1',
      'kind: NodePool',
      'metadata:',
      '  name: {{ .Values.name }}',
      '  labels:',
      '    {{- include "labels" . | nindent 4 }}',
      'spec:',
      '  template:',
      '    spec:',
      '      requirements:',
      '        {{- toYaml .Values.requirements | nindent 8 }}',
      '',
    ].join('\n');
    const model = parseDocument(text, { uri: 'file:///chart/templates/nodepool.yaml' });
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.nodes[0]?.unknown?.map((u) => u.part),
      ['requirements'],
    );
  });

  it('labels and metadata filled by a template leave the node known', () => {
    const text = [
      'apiVersion: karpenter.sh/v1',
      'kind: NodePool',
      'metadata:',
      '  name: {{ .Values.name }}',
      '  labels:',
      '    {{- include "labels" . | nindent 4 }}',
      'spec:',
      '  template:',
      '    spec:',
      '      requirements:',
      '        - key: node.kubernetes.io/instance-type',
      '          operator: In',
      '          values: ["m5.large"]',
      '',
    ].join('\n');
    const model = parseDocument(text, { uri: 'file:///chart/templates/nodepool.yaml' });
    assert.equal(model.nodes[0]?.unknown, undefined);
    assert.equal(model.nodes[0]?.requirements.length, 1);
  });

  it('YAML errors that masking cannot explain are still reported', () => {
    const text =
      'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  template: [\n\n\n\n    a: b\n';
    const model = parseDocument(text, { uri: 'file:///chart/templates/nodepool.yaml' });
    assert.ok(model.template);
    assert.ok(
      model.problems.some((p) => p.code === 'yaml-syntax'),
      JSON.stringify(model.problems),
    );
  });
});

describe('syntax: template masking, indent and nindent', () => {
  it('a whole-line action at column 0 with `indent 4` is placed at column 4', () => {
    const text = 'spec:\n  updateStrategy:\n{{ toYaml .Values.updateStrategy | indent 4 }}\n  selector: {}\n';
    const m = maskTemplate(text, { format: 'yaml' });
    assert.match(show(m.text), /\n {4}P+\n/);
    assert.deepEqual(parseDocument(text, { uri: 'file:///c/templates/ds.yaml' }).problems, []);
  });
});
