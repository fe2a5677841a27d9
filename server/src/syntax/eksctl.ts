/**
 * eksctl `ClusterConfig` (`eksctl.io/v1alpha5`): the `vpc-cni` add-on's `configurationValues`
 * (a JSON or YAML string) and node groups (`managedNodeGroups`, `nodeGroups`) with their
 * instance types, `instanceSelector`, `maxPodsPerNode`, `amiFamily`, `overrideBootstrapCommand`
 * and `preBootstrapCommands`.
 *
 * `instanceSelector` fields become requirements with operator `eksctl-instance-selector`,
 * key = the field (`vCPUs`, `memory`, `cpuArchitecture`, `gpus`) and one value.
 *
 * Defaults eksctl applies (eksctl-io/eksctl pkg/eks/nodegroup_service.go `Normalize`): a managed node group
 * without `launchTemplate`, `instanceType`, `instanceTypes` and `instanceSelector`, and a self-managed one
 * without `instanceType`, `instancesDistribution.instanceTypes` and `instanceSelector` (and not on an
 * Outpost), run `api.DefaultNodeType` = m5.large (pkg/apis/eksctl.io/v1alpha5/types.go).
 *
 * `kubernetesNetworkConfig.ipFamily: IPv6` (case-insensitive, `KubernetesNetworkConfig.IPv6Enabled`): the
 * cluster's aws-node runs in IPv6 mode with prefix delegation. That mode comes from the EKS `vpc-cni` add-on
 * on an IPv6 cluster, not from eksctl's own patch: `patchAWSNodeDaemonSet` (pkg/actions/addon/create.go)
 * writes `ENABLE_PREFIX_DELEGATION=true` and `ENABLE_IPV6=true`, upper-case V, which aws-node never reads
 * (the switch is `ENABLE_IPv6`: aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go `envEnableIPv6`,
 * cmd/aws-vpc-cni/main.go `envEnIPv6`, cmd/aws-vpc-cni-init/main.go), and only on a DaemonSet whose managed
 * fields name eksctl, just before `CreateAddon` takes it over. We read that as a settings source of the
 * cluster, `ENABLE_IPv6=true`, `ENABLE_IPv4=false`, `ENABLE_PREFIX_DELEGATION=true` and the init
 * container's `ENABLE_IPv6=true` (as in eksctl's bundled manifest, pkg/addons/default/assets/aws-node.yaml),
 * located at the `ipFamily` value and never edited (`opaque`); entries written in the add-on's
 * `configurationValues` win. Only when the `vpc-cni` add-on is listed: otherwise the installed manifest
 * (another file, or the defaults) is what runs.
 */
import type { CniSettingsSource, EnvVar, NodeDefinition, SyntaxProblem, UserDataModel } from './model';
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
  const ipFamily = located(view, get(get(root, 'kubernetesNetworkConfig'), 'ipFamily'));
  const vpcCniAddon = seqItems(get(root, 'addons')).find((a) => scalarText(get(a, 'name')) === 'vpc-cni');
  // Only with the add-on listed: without it, the cluster's aws-node is whatever manifest is installed.
  if (ipFamily && ipFamily.value.toLowerCase() === 'ipv6' && vpcCniAddon) {
    const implied = (
      [name, value]: [string, string],
      container: EnvVar['container'] = 'aws-node',
    ): EnvVar => ({
      name,
      nameSpan: ipFamily.span,
      value,
      valueSpan: ipFamily.span,
      scalarKind: 'string',
      container,
      entrySpan: ipFamily.span,
      removalSpan: { start: ipFamily.span.start, end: ipFamily.span.start },
      embed: 'opaque',
    });
    const env = (
      [
        ['ENABLE_IPv6', 'true'],
        ['ENABLE_IPv4', 'false'],
        ['ENABLE_PREFIX_DELEGATION', 'true'],
      ] as Array<[string, string]>
    ).map((e) => implied(e));
    const initEnv = [implied(['ENABLE_IPv6', 'true'], 'aws-vpc-cni-init')];
    const addon = cni[0];
    if (addon) {
      for (const e of env) if (!addon.env.some((x) => x.name === e.name)) addon.env.unshift(e);
      for (const e of initEnv) if (!addon.initEnv.some((x) => x.name === e.name)) addon.initEnv.unshift(e);
    } else {
      const source: CniSettingsSource = { format: 'addon-config', span: ipFamily.span, env, initEnv };
      const version = located(view, get(vpcCniAddon, 'version'));
      if (version) source.cniVersion = version;
      cni.push(source);
    }
  }
  const outpost = !!get(root, 'outpost');
  const nodes: NodeDefinition[] = [];
  for (const [key, kind] of [
    ['managedNodeGroups', 'eksctl-managed-nodegroup'],
    ['nodeGroups', 'eksctl-nodegroup'],
  ] as const) {
    for (const ng of seqItems(get(root, key))) {
      const node = readNodeGroup(view, ng, kind, problems);
      const selector = mapPairs(get(ng, 'instanceSelector')).length > 0;
      const noType = !node.instanceTypes.length && !scalarText(get(ng, 'instanceType')) && !selector;
      const noDefault =
        kind === 'eksctl-managed-nodegroup'
          ? !!get(ng, 'launchTemplate')
          : outpost || !!get(ng, 'outpostARN');
      if (noType && !noDefault)
        node.toolDefaultInstanceType = {
          name: 'm5.large',
          why: 'eksctl default when no instance type is given',
        };
      nodes.push(node);
    }
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
