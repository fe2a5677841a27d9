/**
 * Item readers: one plain JSON object of an export (a `List` item, a single object, an AWS array
 * element) to a record of the export model. Pure, never throw; they read only the fields the rules
 * need, so a pod's spec is looked at and dropped.
 *
 * Readers are keyed by `ItemKind` (`kind` of a Kubernetes object, `aws:<Array>` for an AWS CLI
 * output array). `itemReaders` is the default table; the AWS readers are added to it beside the
 * Kubernetes ones.
 */
import type { ExportEnv, ExportModel, ItemAt } from './model';
import { nodePods } from './model';

import type { Json, JsonObject } from './json';
import { arr, count, obj, str } from './json';
import { awsReaders } from './aws';

export type { Json, JsonObject } from './json';
export { arr, count, obj, str } from './json';

export type ItemReader = (item: JsonObject, at: ItemAt, model: ExportModel) => void;

/** Kubernetes objects of a list that carry its kind in `items[].kind` or only in the list's kind. */
export const listItemKinds: Record<string, string> = {
  NodeList: 'Node',
  PodList: 'Pod',
  DaemonSetList: 'DaemonSet',
  ENIConfigList: 'ENIConfig',
  NodePoolList: 'NodePool',
  EventList: 'Event',
  EC2NodeClassList: 'EC2NodeClass',
};

const ENI_POD_RESOURCE = 'vpc.amazonaws.com/pod-eni';

function readNode(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const meta = obj(item.metadata);
  const name = str(meta?.name);
  if (!name) return;
  const labels = obj(meta?.labels) ?? {};
  const label = (k: string): string | undefined => str(labels[k]);
  const status = obj(item.status);
  const capacity = obj(status?.capacity);
  const allocatable = obj(status?.allocatable);
  const eniConfigLabels: Record<string, string> = {};
  // ENI_CONFIG_LABEL_DEF names the label; the default is k8s.amazonaws.com/eniConfig and zone labels are the
  // usual choice (amazon-vpc-cni-k8s README, "ENI_CONFIG_LABEL_DEF"): keep every label that could be it.
  for (const [k, v] of Object.entries(labels))
    if (typeof v === 'string' && k.length < 200) eniConfigLabels[k] = v;
  const type = label('node.kubernetes.io/instance-type') ?? label('beta.kubernetes.io/instance-type');
  const cap = count(capacity?.pods);
  const alloc = count(allocatable?.pods);
  // ENI_CONFIG_ANNOTATION_DEF names an annotation that selects the ENIConfig (pkg/eniconfig/eniconfig.go):
  // keep the short ones (long values are JSON blobs of other controllers).
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(meta?.annotations) ?? {}))
    if (typeof v === 'string' && k.length < 200 && v.length < 256) annotations[k] = v;
  // The AWS cloud provider sets `aws:///<zone>/<instance-id>` (kubernetes/cloud-provider-aws, pkg/providers/v1).
  const instanceId = /^aws:\/\/\/[^/]*\/(i-[0-9a-f]{8,17})$/.exec(str(obj(item.spec)?.providerID) ?? '')?.[1];
  model.nodes.push({
    at,
    name: { value: name },
    ...(type ? { instanceType: { value: type } } : {}),
    ...((label('topology.kubernetes.io/zone') ?? label('failure-domain.beta.kubernetes.io/zone'))
      ? { zone: label('topology.kubernetes.io/zone') ?? label('failure-domain.beta.kubernetes.io/zone') }
      : {}),
    ...(cap !== undefined ? { capacityPods: { value: cap } } : {}),
    ...(alloc !== undefined ? { allocatablePods: { value: alloc } } : {}),
    ...((label('karpenter.sh/nodepool') ?? label('karpenter.sh/provisioner-name'))
      ? { karpenterNodePool: label('karpenter.sh/nodepool') ?? label('karpenter.sh/provisioner-name') }
      : {}),
    ...(label('eks.amazonaws.com/nodegroup') ? { nodeGroup: label('eks.amazonaws.com/nodegroup') } : {}),
    ...(label('kubernetes.io/os') ? { os: label('kubernetes.io/os') } : {}),
    ...(label('kubernetes.io/arch') ? { arch: label('kubernetes.io/arch') } : {}),
    ...(count(capacity?.[ENI_POD_RESOURCE]) !== undefined
      ? { podEniCapacity: count(capacity?.[ENI_POD_RESOURCE]) }
      : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    eniConfigLabels,
  });
}

function readPod(item: JsonObject, _at: ItemAt, model: ExportModel): void {
  model.podsRead = true;
  const spec = obj(item.spec);
  const status = obj(item.status);
  const phase = str(status?.phase);
  // Finished pods hold no address: ipamd releases it when the sandbox is torn down (DelNetwork).
  if (phase === 'Succeeded' || phase === 'Failed') return;
  const node = str(spec?.nodeName) ?? '';
  const p = nodePods(model, node);
  p.pods++;
  if (spec?.hostNetwork !== true) p.podIpPods++;
  const wantsBranch = [...arr(spec?.containers), ...arr(spec?.initContainers)].some((c) => {
    const r = obj(obj(c)?.resources);
    return (
      obj(r?.requests)?.[ENI_POD_RESOURCE] !== undefined || obj(r?.limits)?.[ENI_POD_RESOURCE] !== undefined
    );
  });
  if (wantsBranch) p.branchEniPods++;
  // Host-network pods take no pod IP: whatever holds them back, it is not the CNI's addresses.
  if (phase !== 'Pending' || !node || spec?.hostNetwork === true) return;
  // Bound to a node but not started: the waiting reason of a container (ContainerCreating), else the
  // latest event-like reason in the conditions. Messages are cut: they quote CNI errors, not secrets.
  let reason: string | undefined;
  let message: string | undefined;
  for (const cs of [...arr(status?.initContainerStatuses), ...arr(status?.containerStatuses)]) {
    const waiting = obj(obj(obj(cs)?.state)?.waiting);
    if (waiting) {
      reason = str(waiting.reason);
      message = str(waiting.message);
      break;
    }
  }
  if (!reason) reason = 'Pending';
  p.stuck[reason] = (p.stuck[reason] ?? 0) + 1;
  if (p.stuckSamples.length < 3) {
    const meta = obj(item.metadata);
    p.stuckSamples.push({
      pod: `${str(meta?.namespace) ?? 'default'}/${str(meta?.name) ?? '?'}`,
      reason,
      ...(message ? { message: message.slice(0, 200) } : {}),
    });
  }
}

function readEnv(list: Json | undefined): ExportEnv[] {
  const out: ExportEnv[] = [];
  for (const e of arr(list)) {
    const o = obj(e);
    const name = str(o?.name);
    if (!o || !name) continue;
    // valueFrom is never read: only that the value comes from elsewhere.
    if (o.valueFrom !== undefined) out.push({ name, valueFrom: true });
    else {
      const v = o.value;
      out.push({
        name,
        ...(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? { value: String(v) }
          : {}),
      });
    }
  }
  return out;
}

function readDaemonSet(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const meta = obj(item.metadata);
  if (str(meta?.name) !== 'aws-node') {
    model.skipped.DaemonSet = (model.skipped.DaemonSet ?? 0) + 1;
    return;
  }
  const pod = obj(obj(obj(item.spec)?.template)?.spec);
  const main = arr(pod?.containers)
    .map(obj)
    .find((c) => str(c?.name) === 'aws-node');
  const init = arr(pod?.initContainers)
    .map(obj)
    .find((c) => str(c?.name) === 'aws-vpc-cni-init');
  const image = str(main?.image);
  // The tag after the last ':' that follows the last '/': registry ports are not tags.
  const tail = image?.slice(image.lastIndexOf('/') + 1);
  const tag = tail && tail.includes(':') ? tail.slice(tail.lastIndexOf(':') + 1).split('@')[0] : undefined;
  model.awsNode = {
    at,
    ...(image ? { image } : {}),
    ...(tag ? { version: { value: tag } } : {}),
    env: readEnv(main?.env),
    initEnv: readEnv(init?.env),
  };
}

function readEniConfig(item: JsonObject, at: ItemAt, model: ExportModel): void {
  const name = str(obj(item.metadata)?.name);
  if (!name) return;
  const spec = obj(item.spec);
  const subnet = str(spec?.subnet);
  model.eniConfigs.push({
    at,
    name: { value: name },
    ...(subnet ? { subnet: { value: subnet } } : {}),
    securityGroups: arr(spec?.securityGroups).flatMap((s) => (typeof s === 'string' ? [s] : [])),
  });
}

/**
 * The CNI plugin's error when ipamd has no address for a pod; the kubelet reports it in a
 * `FailedCreatePodSandBox` event (amazon-vpc-cni-k8s cmd/routed-eni-cni-plugin/cni.go, cmdAdd).
 */
export const IP_FAILURE_TEXT = 'failed to assign an IP address to container';

function readEvent(item: JsonObject, _at: ItemAt, model: ExportModel): void {
  if (str(item.reason) !== 'FailedCreatePodSandBox') return;
  const message = str(item.message) ?? str(item.note) ?? '';
  if (!message.includes(IP_FAILURE_TEXT)) return;
  // core/v1 events name the node in source.host; events.k8s.io/v1 in reportingInstance.
  const host = str(obj(item.source)?.host) ?? str(item.reportingInstance);
  if (!host) return;
  const involved = obj(item.involvedObject) ?? obj(item.regarding);
  const p = nodePods(model, host);
  p.ipFailureEvents++;
  const pod = `${str(involved?.namespace) ?? 'default'}/${str(involved?.name) ?? '?'}`;
  if (p.ipFailurePods.length < 3 && !p.ipFailurePods.includes(pod)) p.ipFailurePods.push(pod);
}

/** The default readers, by item kind. NodePool/EC2NodeClass are read by `syntax/nodes.ts` with positions. */
export const itemReaders: Record<string, ItemReader> = {
  Node: readNode,
  Pod: readPod,
  DaemonSet: readDaemonSet,
  ENIConfig: readEniConfig,
  Event: readEvent,
  ...awsReaders,
};
