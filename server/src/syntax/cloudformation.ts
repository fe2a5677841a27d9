/**
 * CloudFormation templates (YAML or JSON): `AWS::EKS::Addon` for `vpc-cni`
 * (`ConfigurationValues`, a JSON/YAML string, possibly under `!Sub`/`Fn::Sub`),
 * `AWS::EC2::LaunchTemplate` (`LaunchTemplateData.InstanceType` and `UserData` under
 * `Fn::Base64`/`!Base64`, with or without `Fn::Sub`, or already base64-encoded) and
 * `AWS::EKS::Nodegroup` (`InstanceTypes`).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { CniSettingsSource, NodeDefinition, SyntaxProblem } from './model';
import type { View } from './view';
import { readEmbeddedCniConfig } from './cniValues';
import { attachUserData, embeddedUserData, newNode } from './nodes';
import { amiTypeFamily } from './terraform';
import { deref, get, located, mapPairs, scalarText, seqItems, type YNode } from './yamlUtil';

export function isCloudFormation(root: YNode): boolean {
  const resources = get(root, 'Resources');
  return (
    isMap(resources) &&
    mapPairs(resources).some((p) => (scalarText(get(p.value, 'Type')) ?? '').startsWith('AWS::'))
  );
}

/** The string node inside `Fn::Sub` / `!Sub` (string form or `[string, vars]` form). */
function subString(node: YNode): YNode {
  const n = deref(node);
  if (isScalar(n)) return n;
  if (isSeq(n)) return deref(n.items[0]);
  if (isMap(n)) {
    const sub = get(n, 'Fn::Sub');
    if (sub) return subString(sub);
  }
  return undefined;
}

/** The user-data string node of `UserData`, and whether it is already base64-encoded. */
function userDataNode(node: YNode): YNode {
  const n = deref(node);
  if (isScalar(n)) return n; // `!Base64 |` (plain text) or a literal base64 string
  if (isMap(n)) {
    const b64 = get(n, 'Fn::Base64');
    if (b64) return subString(b64);
    return subString(n);
  }
  return undefined;
}

export function readCloudFormation(
  view: View,
  root: YNode,
  problems: SyntaxProblem[],
): { cni: CniSettingsSource[]; nodes: NodeDefinition[] } {
  const cni: CniSettingsSource[] = [];
  const nodes: NodeDefinition[] = [];
  for (const p of mapPairs(get(root, 'Resources'))) {
    const type = scalarText(get(p.value, 'Type'));
    const props = get(p.value, 'Properties');
    const logical = located(view, p.key);
    if (!logical) continue;
    if (type === 'AWS::EKS::Addon' && scalarText(get(props, 'AddonName')) === 'vpc-cni') {
      const cv = get(props, 'ConfigurationValues');
      const source = readEmbeddedCniConfig(view, isMap(cv) ? (subString(cv) ?? cv) : cv, problems);
      if (source) {
        source.span = logical.span;
        const version = located(view, get(props, 'AddonVersion'));
        if (version) source.cniVersion = version;
        cni.push(source);
      }
    } else if (type === 'AWS::EC2::LaunchTemplate') {
      const data = get(props, 'LaunchTemplateData');
      const node = newNode('launch-template', logical.span, logical);
      const it = located(view, get(data, 'InstanceType'));
      if (it) node.instanceTypes.push(it);
      attachUserData(node, embeddedUserData(view, userDataNode(get(data, 'UserData')), problems));
      nodes.push(node);
    } else if (type === 'AWS::EKS::Nodegroup') {
      const name = located(view, get(props, 'NodegroupName')) ?? logical;
      const node = newNode('eks-managed-nodegroup', name.span, name);
      for (const item of seqItems(get(props, 'InstanceTypes'))) {
        const l = located(view, item);
        if (l) node.instanceTypes.push(l);
      }
      const fam = scalarText(get(props, 'AmiType'));
      if (fam) {
        const l = located(view, get(props, 'AmiType'));
        if (l) node.amiFamily = { ...l, value: amiTypeFamily(fam) };
      }
      nodes.push(node);
    }
  }
  return { cni, nodes };
}
