/**
 * Terraform in JSON/YAML form (`*.tf.json`, or YAML rendered from it): `resource` →
 * `aws_eks_addon` (`addon_name: vpc-cni`, `configuration_values` as a JSON/YAML string),
 * `aws_eks_node_group` (`instance_types`, `ami_type`) and `aws_launch_template`
 * (`instance_type`, `user_data` when it is a literal string: plain or base64).
 * Interpolations (`${...}`) stay as written; HCL (`*.tf`) is not read.
 */
import { isMap, isSeq } from 'yaml';
import type { AmiFamily, CniSettingsSource, NodeDefinition, SyntaxProblem } from './model';
import type { View } from './view';
import { readEmbeddedCniConfig } from './cniValues';
import { attachUserData, embeddedUserData, newNode } from './nodes';
import { get, located, mapPairs, scalarText, seqItems, type YNode } from './yamlUtil';

export function isTerraform(root: YNode): boolean {
  const resource = get(root, 'resource');
  return isMap(resource) && mapPairs(resource).some((p) => String(p.key.value).startsWith('aws_'));
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

export function readTerraform(
  view: View,
  root: YNode,
  problems: SyntaxProblem[],
): { cni: CniSettingsSource[]; nodes: NodeDefinition[] } {
  const resource = get(root, 'resource');
  const cni: CniSettingsSource[] = [];
  const nodes: NodeDefinition[] = [];
  for (const { name, body } of instances(resource, 'aws_eks_addon')) {
    if (scalarText(get(body, 'addon_name')) !== 'vpc-cni') continue;
    const source = readEmbeddedCniConfig(view, get(body, 'configuration_values'), problems);
    const anchor = located(view, name);
    if (!source) continue;
    if (anchor) source.span = anchor.span;
    const version = located(view, get(body, 'addon_version'));
    if (version) source.cniVersion = version;
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
  return { cni, nodes };
}
