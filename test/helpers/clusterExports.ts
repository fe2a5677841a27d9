/**
 * Generated exports of a realistic cluster, shaped as `kubectl get … -o json|yaml` writes them (keys
 * sorted, `List` wrappers, API-server fields): mixed instance types, custom networking (ENIConfig per
 * zone), prefix delegation in aws-node, security-group pods, pods stuck in ContainerCreating.
 * Written by us; sizes are parameters so tests and the bench can scale them.
 */
export interface ClusterShape {
  nodes: Array<{
    name: string;
    type: string;
    zone: string;
    maxPods: number;
    karpenter?: string;
    nodeGroup?: string;
    /** Default: derived from the name (`instanceIdOf`). */
    instanceId?: string;
  }>;
  podsPerNode: number;
}

export const realisticCluster: ClusterShape = {
  nodes: [
    {
      name: 'ip-10-0-1-10.ec2.internal',
      type: 'm5.large',
      zone: 'us-east-1a',
      maxPods: 110,
      nodeGroup: 'general',
    },
    {
      name: 'ip-10-0-2-20.ec2.internal',
      type: 'c6i.xlarge',
      zone: 'us-east-1b',
      maxPods: 58,
      nodeGroup: 'general',
    },
    {
      name: 'ip-10-0-3-30.ec2.internal',
      type: 't3.medium',
      zone: 'us-east-1c',
      maxPods: 17,
      karpenter: 'default',
    },
  ],
  podsPerNode: 12,
};

const meta = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  creationTimestamp: '2026-11-01T10:00:00Z',
  name,
  resourceVersion: '123456',
  uid: '0b5f1c2e-0000-4000-8000-000000000000',
  ...extra,
});

/** A stable 17-hex-digit instance id for a node name (FNV-1a, twice). */
export function instanceIdOf(name: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < name.length; i++) {
    a = Math.imul(a ^ name.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ name.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return `i-0${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

export function nodeItem(n: ClusterShape['nodes'][number]): Record<string, unknown> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/instance-type': n.type,
    'k8s.amazonaws.com/eniConfig': n.zone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': n.type,
    'topology.kubernetes.io/zone': n.zone,
  };
  if (n.karpenter) labels['karpenter.sh/nodepool'] = n.karpenter;
  if (n.nodeGroup) labels['eks.amazonaws.com/nodegroup'] = n.nodeGroup;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, { labels }),
    spec: { providerID: `aws:///${n.zone}/${n.instanceId ?? instanceIdOf(n.name)}` },
    status: {
      allocatable: { cpu: '1930m', pods: String(n.maxPods) },
      capacity: { cpu: '2', pods: String(n.maxPods), 'vpc.amazonaws.com/pod-eni': '9' },
      nodeInfo: { kubeletVersion: 'v1.30.4-eks-a737599' },
    },
  };
}

export function nodesExport(c: ClusterShape): Record<string, unknown> {
  return { apiVersion: 'v1', items: c.nodes.map(nodeItem), kind: 'List', metadata: { resourceVersion: '' } };
}

/** Pod `i` on `node`: every 6th host-network, every 4th with a branch ENI, every 11th stuck creating. */
export function podItem(node: string, i: number): Record<string, unknown> {
  const stuck = i % 11 === 5;
  const container: Record<string, unknown> = {
    env: [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'db' } } },
      { name: 'MODE', value: 'prod' },
    ],
    image: 'public.ecr.aws/app/api:1.2.3',
    name: 'api',
    resources:
      i % 4 === 1
        ? { limits: { 'vpc.amazonaws.com/pod-eni': '1' }, requests: { 'vpc.amazonaws.com/pod-eni': '1' } }
        : { requests: { cpu: '100m' } },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(`api-${i}`, { namespace: 'shop' }),
    spec: { containers: [container], hostNetwork: i % 6 === 0 ? true : undefined, nodeName: node },
    status: stuck
      ? {
          containerStatuses: [
            { name: 'api', ready: false, state: { waiting: { reason: 'ContainerCreating' } } },
          ],
          phase: 'Pending',
        }
      : { phase: 'Running', podIP: '10.0.1.5' },
  };
}

/** `kubectl get pods -A -o json` of the cluster, as one string (small clusters) or written by chunks. */
export function* podsExportChunks(c: ClusterShape): Generator<string> {
  yield '{\n    "apiVersion": "v1",\n    "items": [\n';
  let first = true;
  for (const n of c.nodes)
    for (let i = 0; i < c.podsPerNode; i++) {
      yield (first ? '' : ',\n') + JSON.stringify(podItem(n.name, i), null, 4);
      first = false;
    }
  yield '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';
}

export function awsNodeDaemonSet(
  env: Record<string, string>,
  tag = 'v1.19.2-eksbuild.1',
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('aws-node', { namespace: 'kube-system' }),
    spec: {
      template: {
        spec: {
          containers: [
            {
              env: [
                // The shipped manifest states the IP family (config/master/aws-k8s-cni.yaml); `env` may override.
                ...Object.entries({ ...env, ENABLE_IPv4: 'true', ENABLE_IPv6: 'false', ...env }).map(
                  ([name, value]) => ({ name, value }),
                ),
                { name: 'MY_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              ],
              image: `602401143452.dkr.ecr.us-east-1.amazonaws.com:443/amazon-k8s-cni:${tag}`,
              name: 'aws-node',
            },
          ],
          initContainers: [
            { env: [{ name: 'DISABLE_TCP_EARLY_DEMUX', value: 'false' }], name: 'aws-vpc-cni-init' },
          ],
        },
      },
    },
  };
}

export function eniConfigsExport(zones: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    items: Object.entries(zones).map(([zone, subnet]) => ({
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: meta(zone),
      spec: { securityGroups: ['sg-0aa11bb22cc33dd44'], subnet },
    })),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
}

/** `kubectl get events -A -o json`: a kubelet `FailedCreatePodSandBox` event per (node, pod) given. */
export function eventsExport(failures: Array<{ node: string; pod: string }>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    items: failures.map((f, i) => ({
      apiVersion: 'v1',
      count: 3,
      involvedObject: { kind: 'Pod', name: f.pod, namespace: 'shop' },
      kind: 'Event',
      message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "0f${i}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`,
      metadata: meta(`${f.pod}.17f${i}`, { namespace: 'shop' }),
      reason: 'FailedCreatePodSandBox',
      source: { component: 'kubelet', host: f.node },
      type: 'Warning',
    })),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
}
