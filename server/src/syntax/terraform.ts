/**
 * Terraform in JSON/YAML form (`*.tf.json`, or YAML rendered from it): `resource` →
 * `aws_eks_addon` (`addon_name: vpc-cni`, `configuration_values` as a JSON/YAML string),
 * `aws_eks_node_group` (`instance_types`, `ami_type`) and `aws_launch_template`
 * (`instance_type`, `user_data` when it is a literal string: plain or base64).
 * Interpolations (`${...}`) stay as written; HCL (`*.tf`) is not read.
 */
import { isMap, isSeq } from 'yaml';
import type { AmiFamily, CniSettingsSource, Located, NodeDefinition, SyntaxProblem } from './model';
import type { View } from './view';
import { readEmbeddedCniConfig } from './cniValues';
import { attachUserData, embeddedUserData, literalName, newNode } from './nodes';
import { get, located, mapPairs, scalarText, seqItems, type YNode } from './yamlUtil';

export function isTerraform(root: YNode): boolean {
  const resource = get(root, 'resource');
  if (isMap(resource) && mapPairs(resource).some((p) => String(p.key.value).startsWith('aws_'))) return true;
  // A root module that only calls the EKS module still names its cluster.
  return mapPairs(get(root, 'module')).some((p) => scalarText(get(p.value, 'source')) !== undefined);
}

/** `resource.<type>` holds `<name>: {...}` (or a list of such maps, as some generators write). */
function instances(resource: YNode, type: string): Array<{ name: YNode; body: YNode }> {
  const byType = get(resource, type);
  const maps = isSeq(byType) ? seqItems(byType) : [byType];
  const out: Array<{ name: YNode; body: YNode }> = [];
  for (const m of maps) {
    for (const p of mapPairs(m)) {
      const body = isSeq(p.value) ? seqItems(p.value)[0] : p.value;
      out.push({ name: p.key, body });
    }
  }
  return out;
}

export function amiTypeFamily(raw: string): AmiFamily {
  if (/^AL2023/i.test(raw)) return 'AL2023';
  if (/^AL2_/i.test(raw)) return 'AL2';
  if (/^BOTTLEROCKET/i.test(raw)) return 'Bottlerocket';
  if (/^WINDOWS/i.test(raw)) return 'Windows';
  if (raw === 'CUSTOM') return 'Custom';
  return 'Unknown';
}

/**
 * Clusters a root module names: `aws_eks_cluster.<x>.name`, the `cluster_name` (or `name`) input of a
 * terraform-aws-modules/eks module, and a `cluster_name` variable's default. Literal values only.
 */
function clusterNamesOf(
  view: View,
  root: YNode,
): { names: Array<Located<string>>; byResource: Map<string, Located<string>> } {
  const names: Array<Located<string>> = [];
  const byResource = new Map<string, Located<string>>();
  for (const { name, body } of instances(get(root, 'resource'), 'aws_eks_cluster')) {
    const n = literalName(located(view, get(body, 'name')));
    if (!n) continue;
    names.push(n);
    byResource.set(String(scalarText(name)), n);
  }
  for (const p of mapPairs(get(root, 'module'))) {
    const body = isSeq(p.value) ? seqItems(p.value)[0] : p.value;
    if (!/terraform-aws-modules\/eks\/aws|\/eks$/.test(scalarText(get(body, 'source')) ?? '')) continue;
    const n = literalName(located(view, get(body, 'cluster_name')) ?? located(view, get(body, 'name')));
    if (n) names.push(n);
  }
  const v = get(get(root, 'variable'), 'cluster_name');
  const def = literalName(located(view, get(isSeq(v) ? seqItems(v)[0] : v, 'default')));
  if (def) names.push(def);
  return { names, byResource };
}

/** `cluster_name` of an add-on or node group: a literal, or `${aws_eks_cluster.<x>.name|id}` of this file. */
function clusterOf(
  view: View,
  body: YNode,
  byResource: Map<string, Located<string>>,
): Located<string> | undefined {
  const raw = located(view, get(body, 'cluster_name'));
  if (!raw) return undefined;
  const ref = /^\$\{aws_eks_cluster\.([A-Za-z0-9_-]+)\.(?:name|id)\}$/.exec(raw.value.trim());
  if (ref?.[1]) {
    const target = byResource.get(ref[1]);
    return target ? { value: target.value, span: raw.span } : undefined;
  }
  return literalName(raw);
}

export function readTerraform(
  view: View,
  root: YNode,
  problems: SyntaxProblem[],
): { cni: CniSettingsSource[]; nodes: NodeDefinition[]; clusterNames: Array<Located<string>> } {
  const resource = get(root, 'resource');
  const cni: CniSettingsSource[] = [];
  const nodes: NodeDefinition[] = [];
  const { names: clusterNames, byResource } = clusterNamesOf(view, root);
  for (const { name, body } of instances(resource, 'aws_eks_addon')) {
    if (scalarText(get(body, 'addon_name')) !== 'vpc-cni') continue;
    const source = readEmbeddedCniConfig(view, get(body, 'configuration_values'), problems);
    const anchor = located(view, name);
    if (!source) continue;
    if (anchor) source.span = anchor.span;
    const version = located(view, get(body, 'addon_version'));
    if (version) source.cniVersion = version;
    const cluster = clusterOf(view, body, byResource);
    if (cluster) source.cluster = cluster;
    cni.push(source);
  }
  for (const { name, body } of instances(resource, 'aws_eks_node_group')) {
    const anchor = located(view, get(body, 'node_group_name')) ?? located(view, name);
    if (!anchor) continue;
    const node = newNode('eks-managed-nodegroup', anchor.span, anchor);
    for (const item of seqItems(get(body, 'instance_types'))) {
      const l = located(view, item);
      if (l) node.instanceTypes.push(l);
    }
    const ami = located(view, get(body, 'ami_type'));
    if (ami) node.amiFamily = { ...ami, value: amiTypeFamily(ami.value) };
    const cluster = clusterOf(view, body, byResource);
    if (cluster) node.cluster = cluster;
    nodes.push(node);
  }
  for (const { name, body } of instances(resource, 'aws_launch_template')) {
    const anchor = located(view, name);
    if (!anchor) continue;
    const node = newNode('launch-template', anchor.span, anchor);
    const it = located(view, get(body, 'instance_type'));
    if (it) node.instanceTypes.push(it);
    attachUserData(node, embeddedUserData(view, get(body, 'user_data'), problems));
    nodes.push(node);
  }
  return { cni, nodes, clusterNames };
}
