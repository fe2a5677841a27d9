/**
 * Kubernetes objects of the CNI itself: the `aws-node` DaemonSet (main and init container
 * env, image tag), the `amazon-vpc-cni` ConfigMap, `ENIConfig` and `SecurityGroupPolicy`.
 */
import { isMap } from 'yaml';
import type {
  CniSettingsSource,
  EniConfigModel,
  EnvContainer,
  EnvVar,
  InsertionPoint,
  Located,
  SecurityGroupPolicyModel,
} from './model';
import type { View } from './view';
import { blockSeqAppend } from './insert';
import {
  get,
  getIn,
  located,
  mapPairs,
  pairOf,
  rangeOf,
  scalarKind,
  scalarText,
  seqItems,
  spanIn,
  type YNode,
} from './yamlUtil';

/** Reads `env:` of a container (a list of `{name, value|valueFrom}`). */
export function readK8sEnvList(view: View, envNode: YNode, container: EnvContainer): EnvVar[] {
  const out: EnvVar[] = [];
  for (const item of seqItems(envNode)) {
    if (!isMap(item)) continue;
    const nameNode = get(item, 'name');
    const name = scalarText(nameNode);
    const nameRange = rangeOf(nameNode);
    const itemRange = rangeOf(item);
    if (name === undefined || !nameRange || !itemRange) continue;
    const itemEnd = trimEnd(view.text, itemRange.start, itemRange.end);
    // The item's map starts after its `- ` marker; the entry includes the dash.
    let start = itemRange.start;
    let k = start - 1;
    while (k >= 0 && view.text[k] === ' ') k--;
    if (view.text[k] === '-') start = k;
    const env: EnvVar = {
      name,
      nameSpan: view.span(nameRange.start, nameRange.end),
      container,
      entrySpan: view.span(start, itemEnd),
      removalSpan: view.removal(start, lineEnd(view.text, itemEnd)),
    };
    const valueNode = get(item, 'value');
    // An alias (`value: *warm`) is located where it is written; its value is the anchor's.
    const vr = rangeOf(pairOf(item, 'value')?.value) ?? rangeOf(valueNode);
    if (valueNode && vr) {
      env.value = scalarText(valueNode) ?? '';
      env.valueSpan = view.span(vr.start, vr.end);
      env.scalarKind = scalarKind(valueNode);
    }
    if (get(item, 'valueFrom')) env.valueFrom = true;
    if (view.embedOrUndefined) env.embed = view.embedOrUndefined;
    out.push(env);
  }
  return out;
}

/** End of `[start, end)` without trailing whitespace and line breaks. */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Offset after the newline ending the line of the character before `end`. */
export function lineEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  const nl = text.indexOf('\n', e);
  return nl < 0 ? text.length : nl + 1;
}

/** Insertion of a new `- name/value` item after the last item of a block sequence. */
export function k8sEnvInsert(view: View, envNode: YNode): InsertionPoint | undefined {
  return blockSeqAppend(view, envNode, ['name: ${name}', 'value: "${value}"']);
}

function containerNamed(list: YNode, name: string): YNode {
  return seqItems(list).find((c) => scalarText(get(c, 'name')) === name);
}

/** Splits `repo/amazon-k8s-cni:v1.19.2-eksbuild.1` and locates the tag. */
export function imageTag(view: View, node: YNode): Located<string> | undefined {
  const image = scalarText(node);
  const r = rangeOf(node);
  if (image === undefined || !r) return undefined;
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || ref.lastIndexOf('/') > colon) return undefined;
  const tag = ref.slice(colon + 1);
  if (!tag) return undefined;
  const quoted = view.text[r.start] === '"' || view.text[r.start] === "'";
  const src = view.text.slice(r.start + (quoted ? 1 : 0), r.end);
  // Locate the tag in the source (it is plain text in practice); fall back to the scalar.
  const idx = src.indexOf(`:${tag}`);
  if (idx < 0) return view.located(tag, r.start, r.end);
  const start = r.start + (quoted ? 1 : 0) + idx + 1;
  return view.located(tag, start, start + tag.length);
}

/** The aws-node DaemonSet, if `root` is one. */
export function readAwsNodeDaemonSet(view: View, root: YNode): CniSettingsSource | undefined {
  if (scalarText(get(root, 'kind')) !== 'DaemonSet') return undefined;
  const podSpec = getIn(root, ['spec', 'template', 'spec']);
  const main = containerNamed(get(podSpec, 'containers'), 'aws-node');
  const name = located(view, getIn(root, ['metadata', 'name']));
  if (!main && name?.value !== 'aws-node') return undefined;
  const init = containerNamed(get(podSpec, 'initContainers'), 'aws-vpc-cni-init');
  const mainEnv = get(main, 'env');
  const initEnv = get(init, 'env');
  const anchor = name?.span ?? spanIn(view, get(root, 'kind')) ?? view.span(0, 0);
  const out: CniSettingsSource = {
    format: 'daemonset',
    span: anchor,
    env: readK8sEnvList(view, mainEnv, 'aws-node'),
    initEnv: readK8sEnvList(view, initEnv, 'aws-vpc-cni-init'),
    cniVersion: imageTag(view, get(main, 'image')),
    envInsert: k8sEnvInsert(view, mainEnv),
    initEnvInsert: k8sEnvInsert(view, initEnv),
  };
  if (!out.cniVersion) delete out.cniVersion;
  if (!out.envInsert) delete out.envInsert;
  if (!out.initEnvInsert) delete out.initEnvInsert;
  return out;
}

/** The `amazon-vpc-cni` ConfigMap (kube-system), if `root` is one. */
export function readCniConfigMap(view: View, root: YNode): CniSettingsSource | undefined {
  if (scalarText(get(root, 'kind')) !== 'ConfigMap') return undefined;
  const name = located(view, getIn(root, ['metadata', 'name']));
  if (name?.value !== 'amazon-vpc-cni') return undefined;
  const data: Array<{ key: Located<string>; value?: Located<string> }> = [];
  for (const p of mapPairs(get(root, 'data'))) {
    const key = located(view, p.key);
    if (!key) continue;
    const value = located(view, p.value);
    data.push(value ? { key, value } : { key });
  }
  return { format: 'configmap', span: name.span, env: [], initEnv: [], configMapData: data };
}

export function readEniConfig(view: View, root: YNode): EniConfigModel | undefined {
  if (scalarText(get(root, 'kind')) !== 'ENIConfig') return undefined;
  const name = located(view, getIn(root, ['metadata', 'name']));
  const span = spanIn(view, root) ?? view.span(0, 0);
  const out: EniConfigModel = {
    name: name ?? { value: '', span: spanIn(view, get(root, 'kind')) ?? span },
    span: name?.span ?? span,
  };
  const subnet = located(view, getIn(root, ['spec', 'subnet']));
  if (subnet) out.subnet = subnet;
  return out;
}

export function readSecurityGroupPolicy(view: View, root: YNode): SecurityGroupPolicyModel | undefined {
  if (scalarText(get(root, 'kind')) !== 'SecurityGroupPolicy') return undefined;
  const name = located(view, getIn(root, ['metadata', 'name']));
  const out: SecurityGroupPolicyModel = {
    span: name?.span ?? spanIn(view, get(root, 'kind')) ?? view.span(0, 0),
  };
  if (name) out.name = name;
  return out;
}

/**
 * Cluster API `AWSManagedControlPlane` (`controlplane.cluster.x-k8s.io`) `spec.vpcCni.env`: CAPA sets
 * these on the aws-node container, replacing entries of the same name and appending the others
 * (kubernetes-sigs/cluster-api-provider-aws pkg/cloud/services/awsnode/cni.go
 * `applyUserProvidedEnvironmentProperties`), so they merge over the installed manifest like a DaemonSet
 * patch (a `daemonset` source without an image). `spec.vpcCni.disable: true` removes the CNI: no source.
 */
export function readCapiControlPlane(view: View, root: YNode): CniSettingsSource | undefined {
  const vpcCni = getIn(root, ['spec', 'vpcCni']);
  const envNode = get(vpcCni, 'env');
  if (!envNode || scalarText(get(vpcCni, 'disable')) === 'true') return undefined;
  const source: CniSettingsSource = {
    format: 'daemonset',
    span:
      spanIn(view, getIn(root, ['metadata', 'name'])) ?? spanIn(view, get(root, 'kind')) ?? view.span(0, 0),
    env: readK8sEnvList(view, envNode, 'aws-node'),
    initEnv: [],
  };
  const insert = k8sEnvInsert(view, envNode);
  if (insert) source.envInsert = insert;
  return source;
}
