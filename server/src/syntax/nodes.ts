/**
 * Node definitions in Kubernetes form: Karpenter `EC2NodeClass` and `NodePool`, and the EKS
 * Auto Mode `NodeClass` (`eks.amazonaws.com/v1`). Shared helpers for AMI families, located
 * numbers and user data embedded in a YAML string are used by the eksctl and CloudFormation
 * readers too.
 */
import { isScalar } from 'yaml';
import type {
  AmiFamily,
  InstanceRequirement,
  Located,
  MaxPodsSetting,
  NodeDefinition,
  NodeSourceKind,
  Span,
  SyntaxProblem,
  UserDataModel,
} from './model';
import type { View } from './view';
import { insertAtPath } from './insert';
import { scalarView } from './scalarView';
import { readUserData, type UserDataReader } from './userData';
import { deref, get, getIn, located, rangeOf, scalarText, seqItems, spanIn, type YNode } from './yamlUtil';

/** Maps the many spellings of an AMI family (Karpenter alias/amiFamily, eksctl amiFamily). */
export function amiFamilyOf(raw: string): AmiFamily {
  const s = raw.toLowerCase().split('@')[0]?.trim() ?? '';
  if (/^(al2023|amazonlinux2023)$/.test(s)) return 'AL2023';
  if (/^(al2|amazonlinux2)$/.test(s)) return 'AL2';
  if (s.startsWith('bottlerocket')) return 'Bottlerocket';
  if (s.startsWith('windows')) return 'Windows';
  if (s.startsWith('ubuntu')) return 'Ubuntu';
  if (s === 'custom') return 'Custom';
  return 'Unknown';
}

/**
 * A cluster name as written, when it is a literal: names holding a template action (`{{ ... }}`, masked by the
 * Helm reader), a Terraform or shell interpolation (`${...}`, `$VAR`) or a CloudFormation reference are unknown.
 */
export function literalName(l: Located<string> | undefined): Located<string> | undefined {
  if (!l) return undefined;
  const v = l.value.trim();
  if (!v || /[${}\s]/.test(v) || /^[^A-Za-z0-9]/.test(v)) return undefined;
  return l;
}

/** Karpenter's discovery tag (aws/karpenter-provider-aws getting-started: `karpenter.sh/discovery: CLUSTER`). */
const DISCOVERY_TAG = 'karpenter.sh/discovery';

/**
 * The cluster an EC2NodeClass serves: the `karpenter.sh/discovery` tag of its subnet or security-group
 * selector terms, else a role named by the getting-started convention `KarpenterNodeRole-CLUSTER`.
 */
function karpenterCluster(view: View, spec: YNode): Located<string> | undefined {
  for (const key of ['subnetSelectorTerms', 'securityGroupSelectorTerms']) {
    for (const term of seqItems(get(spec, key))) {
      const tag = literalName(located(view, getIn(term, ['tags', DISCOVERY_TAG])));
      if (tag) return tag;
    }
  }
  const roleNode = deref(get(spec, 'role'));
  const role = scalarText(roleNode);
  const r = rangeOf(roleNode);
  const m = role !== undefined ? /^KarpenterNodeRole-(.+)$/.exec(role) : null;
  if (r && m?.[1]) {
    // The scalar may be quoted: locate the name inside its source text.
    const at = view.text.slice(r.start, r.end).indexOf(m[1]);
    if (at >= 0)
      return literalName({ value: m[1], span: view.span(r.start + at, r.start + at + m[1].length) });
  }
  return undefined;
}

export function newNode(kind: NodeSourceKind, span: Span, name?: Located<string>): NodeDefinition {
  const node: NodeDefinition = { kind, span, instanceTypes: [], requirements: [], maxPods: [] };
  if (name) node.name = name;
  return node;
}

/** An integer-or-expression max-pods value at `node`. */
export function maxPodsSetting(
  view: View,
  node: YNode,
  origin: MaxPodsSetting['origin'],
): MaxPodsSetting | undefined {
  const n = deref(node);
  const r = rangeOf(n);
  const text = scalarText(n);
  if (!r || text === undefined) return undefined;
  const out: MaxPodsSetting = { origin, span: view.span(r.start, r.end) };
  const v = isScalar(n) ? n.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v)) out.value = v;
  else if (/^\s*[0-9]+\s*$/.test(text)) out.value = Number.parseInt(text, 10);
  else if (typeof v === 'string') out.expression = text;
  if (view.embedOrUndefined) out.embed = view.embedOrUndefined;
  return out;
}

export function locatedNumber(view: View, node: YNode): Located<number> | undefined {
  const l = located(view, node);
  if (!l) return undefined;
  const n = Number(l.value);
  return Number.isFinite(n) ? { ...l, value: n } : undefined;
}

/** User data held in a YAML string scalar (block or quoted). */
export function embeddedUserData(
  view: View,
  node: YNode,
  problems: SyntaxProblem[],
  reader?: UserDataReader,
): UserDataModel | undefined {
  const inner = scalarView(view, deref(node));
  if (!inner) return undefined;
  return readUserData(inner, problems, 0, reader);
}

/** Every max-pods setting found in user data, in document order. */
export function maxPodsOfUserData(ud: UserDataModel | undefined): MaxPodsSetting[] {
  const out: MaxPodsSetting[] = [];
  for (const part of ud?.parts ?? []) {
    for (const call of part.bootstrap) if (call.maxPods) out.push(call.maxPods);
    const nc = part.nodeConfig;
    if (nc?.maxPods) out.push(nc.maxPods);
    if (nc?.maxPodsExpression) out.push(nc.maxPodsExpression);
    if (nc?.flagMaxPods) out.push(nc.flagMaxPods);
    if (part.bottlerocket?.maxPods) out.push(part.bottlerocket.maxPods);
  }
  return out;
}

/** Attaches user data to a node: its max-pods settings join the node's. */
export function attachUserData(node: NodeDefinition, ud: UserDataModel | undefined): void {
  if (!ud) return;
  node.userData = ud;
  node.maxPods.push(...maxPodsOfUserData(ud));
}

function anchor(view: View, root: YNode): { name?: Located<string>; span: Span } {
  const name = located(view, getIn(root, ['metadata', 'name']));
  const span = name?.span ?? spanIn(view, get(root, 'kind')) ?? view.span(0, 0);
  return name ? { name, span } : { span };
}

export function readEc2NodeClass(view: View, root: YNode, problems: SyntaxProblem[]): NodeDefinition {
  const a = anchor(view, root);
  const node = newNode('karpenter-ec2nodeclass', a.span, a.name);
  const spec = get(root, 'spec');
  // `spec.amiFamily` wins over an alias (aws/karpenter-provider-aws:pkg/apis/v1/ec2nodeclass.go AMIFamily):
  // `amiFamily: Custom` with a `windows2022@latest` alias is a Custom node.
  const fam = located(view, get(spec, 'amiFamily'));
  if (fam) node.amiFamily = { ...fam, value: amiFamilyOf(fam.value) };
  for (const term of node.amiFamily ? [] : seqItems(get(spec, 'amiSelectorTerms'))) {
    const alias = located(view, get(term, 'alias'));
    if (alias) {
      node.amiFamily = { ...alias, value: amiFamilyOf(alias.value) };
      break;
    }
  }
  const kubelet = get(spec, 'kubelet');
  const mp = maxPodsSetting(view, get(kubelet, 'maxPods'), 'karpenter-kubelet');
  if (mp) node.maxPods.push(mp);
  const ppc = locatedNumber(view, get(kubelet, 'podsPerCore'));
  if (ppc) node.podsPerCore = ppc;
  attachUserData(node, embeddedUserData(view, get(spec, 'userData'), problems, 'karpenter'));
  const cluster = karpenterCluster(view, spec);
  if (cluster) node.cluster = cluster;
  if (!mp) {
    const ins = insertAtPath(view, root, ['spec', 'kubelet'], 'maxPods: ${value}');
    if (ins) node.maxPodsInsert = ins;
  }
  return node;
}

const INSTANCE_TYPE_KEYS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/** `requirements:` items (`key`, `operator`, `values`). */
export function readRequirements(view: View, list: YNode): InstanceRequirement[] {
  const out: InstanceRequirement[] = [];
  for (const item of seqItems(list)) {
    const key = located(view, get(item, 'key'));
    const r = rangeOf(item);
    if (!key || !r) continue;
    const req: InstanceRequirement = {
      key,
      operator: scalarText(get(item, 'operator')) ?? '',
      values: seqItems(get(item, 'values'))
        .map((v) => located(view, v))
        .filter((v): v is Located<string> => v !== undefined),
      span: view.span(r.start, r.end),
    };
    const minValues = locatedNumber(view, get(item, 'minValues'));
    if (minValues && Number.isInteger(minValues.value) && minValues.value > 0) req.minValues = minValues;
    out.push(req);
  }
  return out;
}

/**
 * A Karpenter NodePool. Requirements are kept as written; the values of an `In` requirement
 * on `node.kubernetes.io/instance-type` are also listed as `instanceTypes`.
 */
export function readNodePool(view: View, root: YNode): NodeDefinition {
  const a = anchor(view, root);
  const node = newNode('karpenter-nodepool', a.span, a.name);
  const tspec = getIn(root, ['spec', 'template', 'spec']);
  node.requirements = readRequirements(view, get(tspec, 'requirements'));
  for (const req of node.requirements) {
    if (INSTANCE_TYPE_KEYS.has(req.key.value) && req.operator === 'In')
      node.instanceTypes.push(...req.values);
  }
  const ref = get(tspec, 'nodeClassRef');
  const refName = located(view, get(ref, 'name'));
  if (refName) {
    const nodeClassRef: NonNullable<NodeDefinition['nodeClassRef']> = { name: refName };
    const group = scalarText(get(ref, 'group')) ?? scalarText(get(ref, 'apiVersion'))?.split('/')[0];
    const kind = scalarText(get(ref, 'kind'));
    if (group) nodeClassRef.group = group;
    if (kind) nodeClassRef.kind = kind;
    node.nodeClassRef = nodeClassRef;
  }
  // karpenter.sh/v1beta1 kept kubelet settings on the NodePool.
  const mp = maxPodsSetting(view, getIn(tspec, ['kubelet', 'maxPods']), 'karpenter-kubelet');
  if (mp) node.maxPods.push(mp);
  const ppc = locatedNumber(view, getIn(tspec, ['kubelet', 'podsPerCore']));
  if (ppc) node.podsPerCore = ppc;
  return node;
}

/** EKS Auto Mode NodeClass (`eks.amazonaws.com/v1`). */
export function readAutoModeNodeClass(view: View, root: YNode): NodeDefinition {
  const a = anchor(view, root);
  const node = newNode('auto-mode-nodeclass', a.span, a.name);
  const spec = get(root, 'spec');
  const prefix = located(view, getIn(spec, ['advancedNetworking', 'ipv4PrefixSize']));
  const podSubnets = seqItems(get(spec, 'podSubnetSelectorTerms')).length > 0;
  node.autoMode = prefix ? { ipv4PrefixSize: prefix, podSubnets } : { podSubnets };
  return node;
}
