/**
 * The export model: what exports of a live cluster (`kubectl get … -o json|yaml`, `aws ec2 describe-…`,
 * `aws eks describe-addon`) say, reduced to what the rules need.
 *
 * Exports are large (a 150,000-pod `pods -o json` is over a gigabyte), so readers keep per-item records
 * only for objects whose number is bounded by the cluster's size in nodes (nodes, ENIConfigs, node
 * pools, subnets); pods are folded into per-node counters as they stream past and never kept. No record
 * keeps a whole spec, and env values that come from `valueFrom` are never read (only the fact that they
 * are set), so nothing secret from the input can reach a message.
 *
 * `span` is set when the export was read from text with positions (a file opened in the editor, read by
 * `readExportText`): findings then land on the object. The streaming reader leaves it unset (the item's
 * index in its file is in `at`).
 */
/**
 * A half-open range of UTF-16 offsets, the same shape as `Span` of `../model` (not imported from there:
 * `model.ts` refers to this module, and the syntax layer keeps no import cycles).
 */
export interface Span {
  start: number;
  end: number;
}

/** Where an item came from: the file (given by the caller) and its index in the export's list. */
export interface ItemAt {
  /** Index among the items of the export (0 for a single object). */
  index: number;
  /** The object's range in the text, when read with positions. */
  span?: Span;
}

/** A value and, when read with positions, its range. */
export interface Positioned<T> {
  value: T;
  span?: Span;
}

/** One `kubectl get nodes` item. */
export interface ExportNode {
  at: ItemAt;
  name: Positioned<string>;
  /** `node.kubernetes.io/instance-type`, else `beta.kubernetes.io/instance-type`. */
  instanceType?: Positioned<string>;
  /** `topology.kubernetes.io/zone`, else `failure-domain.beta.kubernetes.io/zone`. */
  zone?: string;
  /** `status.capacity.pods`: the kubelet's max-pods in force. */
  capacityPods?: Positioned<number>;
  /** `status.allocatable.pods`. */
  allocatablePods?: Positioned<number>;
  /** `karpenter.sh/nodepool` (or the older `karpenter.sh/provisioner-name`). */
  karpenterNodePool?: string;
  /** Node annotations with short values (the ENIConfig annotation is among them: ENI_CONFIG_ANNOTATION_DEF). */
  annotations?: Record<string, string>;
  /** `eks.amazonaws.com/nodegroup` (managed node groups). */
  nodeGroup?: string;
  /** `k8s.amazonaws.com/eniConfig` or the label named by ENI_CONFIG_LABEL_DEF: the ENIConfig the node selects. */
  eniConfigLabels: Record<string, string>;
  /** `kubernetes.io/os`, `kubernetes.io/arch`. */
  os?: string;
  arch?: string;
  /** `status.capacity["vpc.amazonaws.com/pod-eni"]`: branch ENIs the VPC resource controller advertises. */
  podEniCapacity?: number;
  /** The EC2 instance id, from `spec.providerID` (`aws:///us-east-1a/i-0123…`). */
  instanceId?: string;
}

/** One env entry of the live aws-node container: the value only when written inline. */
export interface ExportEnv {
  name: string;
  /** The literal value; undefined for `valueFrom` (never read) or a missing value. */
  value?: string;
  valueFrom?: boolean;
  span?: Span;
}

/** The live aws-node DaemonSet. */
export interface ExportAwsNode {
  at: ItemAt;
  /** The aws-node container image, and its tag (`v1.19.2-eksbuild.1`). */
  image?: string;
  version?: Positioned<string>;
  env: ExportEnv[];
  initEnv: ExportEnv[];
}

/** Pods on one node, counted while streaming (no pod is kept). */
export interface NodePods {
  /** Every pod bound to the node (`spec.nodeName`), whatever its phase except Succeeded/Failed. */
  pods: number;
  /** Pods that take a pod IP from the CNI (not `hostNetwork`). */
  podIpPods: number;
  /** Pods requesting `vpc.amazonaws.com/pod-eni`: each takes a branch ENI (security groups for pods). */
  branchEniPods: number;
  /**
   * Pods bound to the node but not started (phase Pending), by the waiting reason of a container
   * (`ContainerCreating`, …) else `Pending`. Host-network pods are not counted: they take no pod IP.
   */
  stuck: Record<string, number>;
  /** Up to 3 stuck pods' names (`namespace/name`) with their reason, to quote in a finding. */
  stuckSamples: Array<{ pod: string; reason: string; message?: string }>;
  /**
   * Kubelet `FailedCreatePodSandBox` events on this node whose message is the CNI plugin's
   * "failed to assign an IP address to container" (`kubectl get events -A -o json`), and up to 3 of the
   * pods they are about.
   */
  ipFailureEvents: number;
  ipFailurePods: string[];
}

/** `kubectl get eniconfigs`: the subnet and security groups custom networking gives pods. */
export interface ExportEniConfig {
  at: ItemAt;
  name: Positioned<string>;
  subnet?: Positioned<string>;
  securityGroups: string[];
}

// The AWS exports (readers in `aws.ts`).

/** `aws ec2 describe-subnets` item. */
export interface ExportSubnet {
  at: ItemAt;
  subnetId: Positioned<string>;
  vpcId?: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  cidrBlock?: string;
  /** EC2's count of free addresses (reserved ranges and every consumer, not only the cluster, included). */
  availableIpAddressCount?: number;
  /** The `kubernetes.io/role/cni` tag's value: subnet discovery (CNI v1.18+) creates ENIs in tagged subnets. */
  cniRoleTag?: string;
}

/**
 * What `aws ec2 describe-network-interfaces` says one subnet's interfaces take: every private IPv4 address
 * (primary and secondary) and delegated IPv4 prefix, as numbers (8 bytes an address; no string kept).
 */
export interface SubnetUsageRecord {
  ips: number[];
  prefixes: Array<{ base: number; length: number }>;
  interfaces: number;
  /** Addresses or prefixes that could not be read as IPv4. */
  unreadable: number;
}

/** The interfaces attached to one EC2 instance (a node), from `describe-network-interfaces`. */
export interface InstanceEnis {
  /** The subnet of the interface at device index 0 of card 0 (the node's own subnet). */
  primarySubnet?: string;
  /** Subnets of its other interfaces, each once. */
  subnets: string[];
  /** Interfaces attached (trunk included). */
  enis: number;
  trunk: boolean;
  /** Delegated /28 prefixes over its interfaces. */
  prefixes: number;
  /** Secondary addresses over its interfaces (primaries not counted). */
  secondaryIps: number;
}

/**
 * `aws ec2 describe-instance-types` item: the catalog figures of a type, in the catalog's readable entry
 * form (`schemas/catalog-entry.schema.json`), for types the catalog lacks.
 */
export interface ExportInstanceType {
  at: ItemAt;
  instanceType: string;
  entry: {
    enis?: number;
    ipv4PerEni?: number;
    hypervisor?: 'nitro' | 'xen' | 'unknown';
    bareMetal?: boolean;
    defaultNetworkCard?: number;
    networkCardEnis?: number[];
    vcpus?: number | null;
    arch?: string | null;
  };
}

/** `aws eks describe-addon` (vpc-cni): version and configuration values (a JSON string). */
export interface ExportAddon {
  at: ItemAt;
  addonName?: string;
  addonVersion?: Positioned<string>;
  /** The configuration values as written (a JSON or YAML string); read by the rules, never quoted whole. */
  configurationValues?: Positioned<string>;
}

/** What the files of one export set (one cluster) say. */
export interface ExportModel {
  nodes: ExportNode[];
  awsNode?: ExportAwsNode;
  /** Pods per node name; pods with no node yet are under `''`. */
  podsByNode: Map<string, NodePods>;
  /** True when a pods export was read (absent pods are then zero, not unknown). */
  podsRead: boolean;
  eniConfigs: ExportEniConfig[];
  subnets: ExportSubnet[];
  /** Per subnet id: what its interfaces take. */
  subnetUsage: Map<string, SubnetUsageRecord>;
  /** Per instance id: its interfaces. */
  instances: Map<string, InstanceEnis>;
  /** Interfaces read from `describe-network-interfaces` exports. */
  interfacesRead: number;
  instanceTypes: ExportInstanceType[];
  addon?: ExportAddon;
  /** Items of kinds no reader handles, counted by kind (so `check` can say what it skipped). */
  skipped: Record<string, number>;
  /** Parse errors and problems, with the item index when known. */
  problems: Array<{ message: string; at?: ItemAt }>;
}

export function emptyExportModel(): ExportModel {
  return {
    nodes: [],
    podsByNode: new Map(),
    podsRead: false,
    eniConfigs: [],
    subnets: [],
    subnetUsage: new Map(),
    instances: new Map(),
    interfacesRead: 0,
    instanceTypes: [],
    skipped: {},
    problems: [],
  };
}

/** A node's pod counts before any pod is read. */
export function emptyNodePods(): NodePods {
  return {
    pods: 0,
    podIpPods: 0,
    branchEniPods: 0,
    stuck: {},
    stuckSamples: [],
    ipFailureEvents: 0,
    ipFailurePods: [],
  };
}

export function nodePods(model: ExportModel, node: string): NodePods {
  let p = model.podsByNode.get(node);
  if (!p) {
    p = emptyNodePods();
    model.podsByNode.set(node, p);
  }
  return p;
}
