/**
 * Hand-built models for the capacity rule, hover and inlay tests: CNI settings come from the real DaemonSet
 * parser; node definitions are built here with spans found in the test text, so the tests do not depend on
 * the node-format parsers.
 */
import {
  buildWorkspaceContext,
  defaultSettings,
  type AnalysisSettings,
  type Finding,
  type Rule,
  type RuleContext,
} from '../../server/src/analysis';
import { defaultCatalog } from '../../server/src/engine';
import {
  emptyModel,
  parseDocument,
  type AmiFamily,
  type BootstrapCall,
  type DocumentModel,
  type InstanceRequirement,
  type Located,
  type MaxPodsOrigin,
  type MaxPodsSetting,
  type NodeDefinition,
  type NodeSourceKind,
  type Span,
  type UserDataPart,
} from '../../server/src/syntax';

export const catalog = defaultCatalog();

/** Span of the `nth` occurrence of `needle` in `text` (throws when absent: a broken test). */
export function at(text: string, needle: string, nth = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" (#${nth}) not in text`);
  }
  return { start: i, end: i + needle.length };
}

export function loc<T>(text: string, needle: string, value: T, nth = 0): Located<T> {
  return { value, span: at(text, needle, nth) };
}

/** A complete aws-node DaemonSet (image v1.19.2) with the given env; `version` null: a fragment without image. */
export function daemonSet(
  env: Record<string, string>,
  version: string | null = 'v1.19.2-eksbuild.1',
): string {
  const lines = Object.entries(env).flatMap(([k, v]) => [
    `            - name: ${k}`,
    `              value: "${v}"`,
  ]);
  return [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: aws-node',
    '  namespace: kube-system',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: aws-node',
    ...(version === null
      ? []
      : [`          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:${version}`]),
    '          env:',
    ...lines,
    '',
  ].join('\n');
}

export interface NodeSpec {
  kind: NodeSourceKind;
  /** Needle of the name value in the text. */
  name?: string;
  types?: string[];
  maxPods?: { origin: MaxPodsOrigin; needle: string; value?: number; expression?: string; nth?: number };
  amiFamily?: { needle: string; value: AmiFamily };
  requirements?: Array<{ key: string; operator: string; values: string[] }>;
  nodeClassRef?: string;
  maxPodsInsert?: { after: string; template: string };
  userData?: UserDataPart[];
  autoMode?: { ipv4PrefixSize?: string; podSubnets: boolean };
}

/** Builds a NodeDefinition whose spans point into `text`. */
export function node(text: string, s: NodeSpec): NodeDefinition {
  const n: NodeDefinition = {
    kind: s.kind,
    span: s.name ? at(text, s.name) : { start: 0, end: 0 },
    instanceTypes: (s.types ?? []).map((t) => loc(text, t, t)),
    requirements: (s.requirements ?? []).map((r): InstanceRequirement => ({
      key: loc(text, r.key, r.key),
      operator: r.operator,
      values: r.values.map((v) => loc(text, v, v, 0)),
      span: at(text, r.key),
    })),
    maxPods: [],
  };
  if (s.name) n.name = loc(text, s.name, s.name);
  if (s.maxPods) {
    const m: MaxPodsSetting = {
      origin: s.maxPods.origin,
      span: at(text, s.maxPods.needle, s.maxPods.nth ?? 0),
      value: s.maxPods.value,
      expression: s.maxPods.expression,
    };
    n.maxPods.push(m);
  }
  if (s.amiFamily) n.amiFamily = loc(text, s.amiFamily.needle, s.amiFamily.value);
  if (s.nodeClassRef) n.nodeClassRef = { name: loc(text, `name: ${s.nodeClassRef}`, s.nodeClassRef) };
  if (s.nodeClassRef && n.nodeClassRef) {
    const sp = at(text, `name: ${s.nodeClassRef}`);
    n.nodeClassRef.name.span = { start: sp.start + 6, end: sp.end };
  }
  if (s.maxPodsInsert) {
    const a = at(text, s.maxPodsInsert.after);
    n.maxPodsInsert = { offset: a.end, template: s.maxPodsInsert.template };
  }
  if (s.userData) n.userData = { span: { start: 0, end: text.length }, format: 'shell', parts: s.userData };
  if (s.autoMode) {
    n.autoMode = {
      podSubnets: s.autoMode.podSubnets,
      ipv4PrefixSize: s.autoMode.ipv4PrefixSize
        ? loc(text, s.autoMode.ipv4PrefixSize, s.autoMode.ipv4PrefixSize.replace(/"/g, ''))
        : undefined,
    };
  }
  return n;
}

/** A shell user-data part with one bootstrap.sh call. */
export function bootstrapPart(
  text: string,
  opts: { maxPods?: string; useMaxPods?: string; insertAfter?: string } = {},
): UserDataPart {
  const call: BootstrapCall = { span: at(text, '/etc/eks/bootstrap.sh'), flags: [] };
  if (opts.maxPods) {
    call.maxPods = {
      origin: 'kubelet-flag',
      value: Number(opts.maxPods),
      span: at(text, `--max-pods=${opts.maxPods}`),
    };
    call.maxPods.span = { start: call.maxPods.span.start + 11, end: call.maxPods.span.end };
  }
  if (opts.useMaxPods) {
    const s = at(text, `--use-max-pods ${opts.useMaxPods}`);
    call.useMaxPods = { value: opts.useMaxPods, span: { start: s.start + 15, end: s.end } };
  }
  if (opts.insertAfter) {
    call.flagInsert = { offset: at(text, opts.insertAfter).end, template: ' ${name} ${value}' };
  }
  return { kind: 'shell', span: { start: 0, end: text.length }, bootstrap: [call] };
}

export interface Doc {
  uri: string;
  text: string;
  model: DocumentModel;
}

/**
 * A document: parsed by the real parser (CNI sources, directives); `nodes` replaces the parsed node
 * definitions with hand-built ones (omit it to keep what the parser found).
 */
export function doc(uri: string, text: string, nodes?: (text: string) => NodeDefinition[]): Doc {
  const parsed = parseDocument(text, { uri });
  const model: DocumentModel = { ...emptyModel(), ...parsed };
  if (nodes) model.nodes = nodes(text);
  model.relevant = model.relevant || model.nodes.length > 0 || model.directives.instanceTypes.length > 0;
  return { uri, text, model };
}

export function contexts(docs: Doc[], settings: Partial<AnalysisSettings> = {}): RuleContext[] {
  const workspace = buildWorkspaceContext(docs);
  return docs.map((d) => ({
    uri: d.uri,
    text: d.text,
    model: d.model,
    workspace,
    catalog,
    settings: { ...defaultSettings, ...settings },
  }));
}

/** Runs `rule` on the first document of a workspace made of `docs`. */
export function run(rule: Rule, docs: Doc[], settings: Partial<AnalysisSettings> = {}): Finding[] {
  const [ctx] = contexts(docs, settings);
  if (!ctx) throw new Error('no document');
  return rule.run(ctx);
}

/** Applies edits (non-overlapping, any order). */
export function applyEdits(text: string, edits: Array<{ span: Span; newText: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}
