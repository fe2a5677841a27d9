/**
 * CloudFormation templates (YAML or JSON): `AWS::EKS::Addon` for `vpc-cni`
 * (`ConfigurationValues`, a JSON/YAML string, possibly under `!Sub`/`Fn::Sub`),
 * `AWS::EC2::LaunchTemplate` (`LaunchTemplateData.InstanceType` and `UserData` under
 * `Fn::Base64`/`!Base64`, with or without `Fn::Sub`, or already base64-encoded) and
 * `AWS::EKS::Nodegroup` (`InstanceTypes`).
 *
 * Parameters: an instance type written `!Ref P` / `{Ref: P}` resolves to the parameter's `AllowedValues`
 * (the types the stack may be created with) or else its `Default` (what `aws cloudformation deploy` uses
 * when no value is passed: docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html),
 * located where they are written. Any other intrinsic, a pseudo parameter, or a parameter with neither is
 * unknown (`node.unknown`), never an instance type named after the parameter.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { CniSettingsSource, Located, NodeDefinition, Span, SyntaxProblem } from './model';
import type { View } from './view';
import { readEmbeddedCniConfig } from './cniValues';
import { attachUserData, embeddedUserData, literalName, newNode } from './nodes';
import { amiTypeFamily } from './terraform';
import { deref, get, located, mapPairs, rangeOf, scalarText, seqItems, type YNode } from './yamlUtil';

/** The parameter name of `!Ref P` / `{Ref: P}`; undefined when `node` is no reference. */
function refName(node: YNode): string | undefined {
  const n = deref(node);
  if (isScalar(n) && n.tag === '!Ref') return scalarText(n);
  if (isMap(n) && n.items.length === 1) return scalarText(get(n, 'Ref'));
  return undefined;
}

/** Whether `node` is an intrinsic function (`!Sub`, `!If`, `{Fn::...}`), whose value we do not evaluate. */
function isIntrinsic(node: YNode): boolean {
  const n = deref(node);
  if (n && 'tag' in n && typeof n.tag === 'string' && n.tag.startsWith('!')) return true;
  return (
    isMap(n) &&
    n.items.length === 1 &&
    /^(Ref|Fn::|Condition)/.test(scalarText(deref(n.items[0]?.key as YNode)) ?? '')
  );
}

type Resolved = { values: Array<Located<string>> } | { unknown: Span; reason: string };

/** A string property: literal, or a parameter reference resolved through `Parameters` (see the module comment). */
function resolveString(view: View, root: YNode, node: YNode): Resolved | undefined {
  const n = deref(node);
  if (!n) return undefined;
  const r = rangeOf(n);
  const span = r ? view.span(r.start, r.end) : view.span(0, 0);
  const ref = refName(n);
  if (ref !== undefined) {
    const param = get(get(root, 'Parameters'), ref);
    const allowed = seqItems(get(param, 'AllowedValues'))
      .map((i) => located(view, i))
      .filter((l): l is Located<string> => l !== undefined);
    if (allowed.length) return { values: allowed };
    const def = located(view, get(param, 'Default'));
    if (def && /,/.test(def.value))
      return {
        unknown: def.span,
        reason: `the list parameter ${ref} (its Default is read as one value per item)`,
      };
    if (def && def.value.trim() !== '') return { values: [def] };
    return {
      unknown: span,
      reason: param
        ? `parameter ${ref} with no Default or AllowedValues`
        : `${ref}, which is not a parameter of this template`,
    };
  }
  if (isIntrinsic(n)) return { unknown: span, reason: 'an intrinsic function we do not evaluate' };
  const l = located(view, n);
  return l ? { values: [l] } : undefined;
}

function addResolved(node: NodeDefinition, r: Resolved | undefined): void {
  if (!r) return;
  if ('values' in r) node.instanceTypes.push(...r.values);
  else (node.unknown ??= []).push({ part: 'instance-types', span: r.unknown, reason: r.reason });
}

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

/**
 * A `ClusterName` property: a literal, `!Ref Param` / `{Ref: Param}` resolved to the parameter's `Default`,
 * or `!Ref Cluster` of an `AWS::EKS::Cluster` in this template with a literal `Name`.
 */
function clusterNameOf(view: View, root: YNode, node: YNode): Located<string> | undefined {
  const n = deref(node);
  let ref: string | undefined;
  if (isScalar(n)) {
    if (n.tag === '!Ref') ref = scalarText(n);
    else return literalName(located(view, n));
  } else if (isMap(n)) ref = scalarText(get(n, 'Ref'));
  if (!ref) return undefined;
  const param = get(get(root, 'Parameters'), ref);
  if (param) return literalName(located(view, get(param, 'Default')));
  const res = get(get(root, 'Resources'), ref);
  if (scalarText(get(res, 'Type')) === 'AWS::EKS::Cluster')
    return literalName(located(view, get(get(res, 'Properties'), 'Name')));
  return undefined;
}

/** Clusters a template names: `AWS::EKS::Cluster` `Name`, the `ClusterName` parameter's default. */
function templateClusters(view: View, root: YNode): Array<Located<string>> {
  const out: Array<Located<string>> = [];
  for (const p of mapPairs(get(root, 'Resources'))) {
    if (scalarText(get(p.value, 'Type')) !== 'AWS::EKS::Cluster') continue;
    const n = clusterNameOf(view, root, get(get(p.value, 'Properties'), 'Name'));
    if (n) out.push(n);
  }
  const def = literalName(located(view, get(get(get(root, 'Parameters'), 'ClusterName'), 'Default')));
  if (def) out.push(def);
  return out;
}

export function readCloudFormation(
  view: View,
  root: YNode,
  problems: SyntaxProblem[],
): { cni: CniSettingsSource[]; nodes: NodeDefinition[]; clusterNames: Array<Located<string>> } {
  const cni: CniSettingsSource[] = [];
  const nodes: NodeDefinition[] = [];
  const clusterNames = templateClusters(view, root);
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
        const cluster = clusterNameOf(view, root, get(props, 'ClusterName'));
        if (cluster) source.cluster = cluster;
        cni.push(source);
      }
    } else if (type === 'AWS::EC2::LaunchTemplate') {
      const data = get(props, 'LaunchTemplateData');
      const node = newNode('launch-template', logical.span, logical);
      addResolved(node, resolveString(view, root, get(data, 'InstanceType')));
      attachUserData(node, embeddedUserData(view, userDataNode(get(data, 'UserData')), problems));
      nodes.push(node);
    } else if (type === 'AWS::EKS::Nodegroup') {
      const name = located(view, get(props, 'NodegroupName')) ?? logical;
      const node = newNode('eks-managed-nodegroup', name.span, name);
      const types = get(props, 'InstanceTypes');
      if (types && !seqItems(types).length) addResolved(node, resolveString(view, root, types));
      for (const item of seqItems(types)) addResolved(node, resolveString(view, root, item));
      const fam = scalarText(get(props, 'AmiType'));
      if (fam) {
        const l = located(view, get(props, 'AmiType'));
        if (l) node.amiFamily = { ...l, value: amiTypeFamily(fam) };
      }
      const cluster = clusterNameOf(view, root, get(props, 'ClusterName'));
      if (cluster) node.cluster = cluster;
      nodes.push(node);
    }
  }
  return { cni, nodes, clusterNames };
}
