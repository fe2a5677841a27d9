/**
 * eksctl `ClusterConfig` (`eksctl.io/v1alpha5`): the `vpc-cni` add-on's `configurationValues`
 * (a JSON or YAML string) and node groups (`managedNodeGroups`, `nodeGroups`) with their
 * instance types, `instanceSelector`, `maxPodsPerNode`, `amiFamily`, `overrideBootstrapCommand`
 * and `preBootstrapCommands`.
 *
 * `instanceSelector` fields become requirements with operator `eksctl-instance-selector`,
 * key = the field (`vCPUs`, `memory`, `cpuArchitecture`, `gpus`) and one value.
 */
import type { CniSettingsSource, NodeDefinition, SyntaxProblem, UserDataModel } from './model';
import type { View } from './view';
import { readEmbeddedCniConfig } from './cniValues';
import { amiFamilyOf, attachUserData, literalName, maxPodsSetting, newNode } from './nodes';
import { scalarView } from './scalarView';
import { readPart, sniffKind } from './userData';
import { get, located, mapPairs, rangeOf, scalarText, seqItems, spanIn, type YNode } from './yamlUtil';

export function isClusterConfig(root: YNode): boolean {
  return (
    scalarText(get(root, 'kind')) === 'ClusterConfig' &&
    (scalarText(get(root, 'apiVersion')) ?? '').startsWith('eksctl.io')
  );
}

export function readClusterConfig(
  view: View,
  root: YNode,
  problems: SyntaxProblem[],
): { cni: CniSettingsSource[]; nodes: NodeDefinition[] } {
  const cni: CniSettingsSource[] = [];
  for (const addon of seqItems(get(root, 'addons'))) {
    if (scalarText(get(addon, 'name')) !== 'vpc-cni') continue;
    const source = readEmbeddedCniConfig(view, get(addon, 'configurationValues'), problems);
    if (source) {
      source.span = spanIn(view, get(addon, 'name')) ?? source.span;
      const version = located(view, get(addon, 'version'));
      if (version && !source.cniVersion) source.cniVersion = version;
      cni.push(source);
    }
  }
  const nodes: NodeDefinition[] = [];
  for (const [key, kind] of [
    ['managedNodeGroups', 'eksctl-managed-nodegroup'],
    ['nodeGroups', 'eksctl-nodegroup'],
  ] as const) {
    for (const ng of seqItems(get(root, key))) nodes.push(readNodeGroup(view, ng, kind, problems));
  }
  // One file defines the cluster, its add-ons and its node groups: they all belong to `metadata.name`.
  const cluster = literalName(located(view, get(get(root, 'metadata'), 'name')));
  if (cluster) for (const item of [...cni, ...nodes]) item.cluster = cluster;
  return { cni, nodes };
}

function readNodeGroup(
  view: View,
  ng: YNode,
  kind: 'eksctl-managed-nodegroup' | 'eksctl-nodegroup',
  problems: SyntaxProblem[],
): NodeDefinition {
  const name = located(view, get(ng, 'name'));
  const r = rangeOf(ng);
  const node = newNode(kind, name?.span ?? (r ? view.span(r.start, r.end) : view.span(0, 0)), name);
  const single = located(view, get(ng, 'instanceType'));
  if (single && single.value !== 'mixed') node.instanceTypes.push(single);
  for (const list of [get(ng, 'instanceTypes'), get(get(ng, 'instancesDistribution'), 'instanceTypes')]) {
    for (const item of seqItems(list)) {
      const l = located(view, item);
      if (l) node.instanceTypes.push(l);
    }
  }
  for (const p of mapPairs(get(ng, 'instanceSelector'))) {
    const key = located(view, p.key);
    const value = located(view, p.value);
    const kr = rangeOf(p.key);
    const vr = rangeOf(p.value);
    if (!key || !value || !kr) continue;
    node.requirements.push({
      key,
      operator: 'eksctl-instance-selector',
      values: [value],
      span: view.span(kr.start, vr?.end ?? kr.end),
    });
  }
  const fam = located(view, get(ng, 'amiFamily'));
  if (fam) node.amiFamily = { ...fam, value: amiFamilyOf(fam.value) };
  const mp = maxPodsSetting(view, get(ng, 'maxPodsPerNode'), 'eksctl-max-pods-per-node');
  if (mp) node.maxPods.push(mp);
  // Bootstrap commands are shell.
  const parts: UserDataModel['parts'] = [];
  const override = scalarView(view, get(ng, 'overrideBootstrapCommand'));
  // AL2023 node groups take a NodeConfig document here; others a shell script.
  if (override) {
    const kind = sniffKind(override.text) === 'nodeconfig' ? 'nodeconfig' : 'shell';
    parts.push(readPart(override, kind, undefined, problems));
  }
  for (const cmd of seqItems(get(ng, 'preBootstrapCommands'))) {
    const v = scalarView(view, cmd);
    if (v) parts.push(readPart(v, 'shell', undefined, problems));
  }
  if (parts.length) {
    const first = parts[0]?.span ?? node.span;
    const last = parts[parts.length - 1]?.span ?? node.span;
    const format = parts.every((p) => p.kind === 'nodeconfig') ? 'nodeconfig' : 'shell';
    attachUserData(node, { span: { start: first.start, end: last.end }, format, parts });
  }
  return node;
}
