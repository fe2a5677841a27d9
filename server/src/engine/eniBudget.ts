/**
 * How many ENIs and addresses ipamd can use for pods on one node: the IP mode actually in force (prefix delegation
 * falls back silently on unsupported types), the ENI budget after MAX_ENI, custom networking, the trunk ENI for
 * security groups for pods and unmanaged ENIs. Shared by the max-pods calculations and the warm-pool model. Pure.
 *
 * @module
 */
import type { InstanceTypeInfo } from './catalogEntry';
import { cniAtLeast } from './cniVersion';
import { ExplanationBuilder } from './explain';

/** CNI versions where behaviour changed (see domain notes; cited beside each use). */
export const CNI_VERSIONS = {
  /** ENABLE_PREFIX_DELEGATION exists (aws/amazon-vpc-cni-k8s v1.9.0; calculator PREFIX_DELEGATION_SUPPORTED). */
  prefixDelegation: '1.9.0',
  /**
   * ENABLE_IPv4 / ENABLE_IPv6 and ipamd's isConfigValid family check exist (IPv6 support, v1.10.0; `since` of both in
   * schemas/aws-node-env.schema.json). Older CNIs run IPv4 only and read neither variable.
   */
  ipFamilySwitches: '1.10.0',
  /** PD on bare metal (aws/amazon-vpc-cni-k8s PR #1937, v1.11). */
  prefixDelegationBareMetal: '1.11.0',
  /** ipamd stops growing the pool at node maxPods (aws/amazon-vpc-cni-k8s PR #2745, v1.16.3). */
  maxPodsCeiling: '1.16.3',
  /** The trunk ENI never carries pod IPs/prefixes (aws/amazon-vpc-cni-k8s PR #2801, v1.16.4). */
  trunkCarriesNoIps: '1.16.4',
  /** Trunk slot reserved only on trunking-compatible types (aws/amazon-vpc-cni-k8s PR #3250, v1.20.4). */
  trunkSlotOnlyIfCompatible: '1.20.4',
  /** ENABLE_SUBNET_DISCOVERY (v1.18). */
  subnetDiscovery: '1.18.0',
  /** ENABLE_IMDS_ONLY_MODE (v1.19.6). */
  imdsOnlyMode: '1.19.6',
  /** ENABLE_MULTI_NIC (v1.20). */
  multiNic: '1.20.0',
} as const;

/** Addresses per /28 prefix (aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go, IPs per prefix = 16). */
export const IPS_PER_PREFIX = 16;

/**
 * What the CNI is configured to do on a node (already-parsed values; see `cniSettings.ts` to get them from env).
 */
export interface CniNodeConfig {
  /** CNI version or image tag; absent = latest behaviour. */
  cniVersion?: string;
  /** ENABLE_PREFIX_DELEGATION. */
  prefixDelegation?: boolean;
  /** AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG. */
  customNetworking?: boolean;
  /** ENABLE_POD_ENI (security groups for pods). */
  securityGroupsForPods?: boolean;
  /** MAX_ENI as parsed by Atoi (undefined or -1 = not set). Effective only when 1 <= MAX_ENI < instance limit. */
  maxEni?: number;
  /** ENABLE_IPv6 (with ENABLE_IPv4=false). */
  ipv6?: boolean;
  /** ENIs ipamd does not manage (tagged no_manage, or untagged with MANAGE_UNTAGGED_ENI=false, EFA-only). */
  unmanagedEnis?: number;
}

/** IP mode in force. */
export type IpMode = 'secondary-ip' | 'prefix' | 'ipv6';

/** The ENI/address budget for pods on one node. */
export interface EniBudget {
  mode: IpMode;
  /** PD was asked for but is not in force (reason in notes). */
  prefixFallback: boolean;
  /** Default-card ENI limit of the type. */
  eniLimit: number;
  /** After MAX_ENI (`getMaxENI`). */
  maxEni: number;
  /** A slot is held back for the trunk ENI and that slot carries no pod addresses. */
  trunkSlotLost: boolean;
  /** The primary ENI carries no pod addresses (custom networking). */
  primaryUnused: boolean;
  unmanaged: number;
  /** ENIs that may carry pod addresses. */
  podEnis: number;
  /** Secondary IPs or prefixes per ENI (`IPv4Limit - 1`). */
  cidrsPerEni: number;
  /** Pod addresses per ENI (`cidrsPerEni`, or `cidrsPerEni x 16` with PD). */
  ipsPerEni: number;
  /** Branch ENIs (SGP pods) the node can get; 0 when SGP is off or the type is not trunk-compatible; null if unknown. */
  branchPods: number | null;
  /** ipamd refuses to start with this combination (message in notes). */
  invalid: boolean;
}

function nonNegInt(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/**
 * Compute the budget and record each step in `ex`.
 */
export function computeEniBudget(
  info: InstanceTypeInfo,
  cfg: CniNodeConfig,
  ex: ExplanationBuilder,
): EniBudget {
  const version = typeof cfg.cniVersion === 'string' ? cfg.cniVersion : undefined;
  let invalid = false;
  const pdCapable =
    // aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go IsPrefixDelegationSupported: hypervisor nitro or bare metal
    info.hypervisor === 'nitro' ||
    // bare metal only from v1.11 (aws/amazon-vpc-cni-k8s PR #1937)
    (info.bareMetal && cniAtLeast(version, CNI_VERSIONS.prefixDelegationBareMetal));

  let mode: IpMode = 'secondary-ip';
  let prefixFallback = false;
  if (cfg.ipv6 === true) {
    mode = 'ipv6';
    // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go isConfigValid: IPv6 needs PD, no custom networking, Nitro/metal
    if (cfg.prefixDelegation !== true || cfg.customNetworking === true) {
      invalid = true;
      ex.note(
        'ipamd refuses to start: "IPv6 is supported only in Prefix Delegation mode. Custom Networking is not supported in IPv6 mode." (ipamd.go isConfigValid)',
      );
    }
    if (!pdCapable) {
      invalid = true;
      ex.note(
        `ipamd refuses to start: prefix delegation is not supported on non-nitro instance ${info.name}, and IPv6 needs it (ipamd.go isConfigValid).`,
      );
    }
  } else if (cfg.prefixDelegation === true) {
    if (!cniAtLeast(version, CNI_VERSIONS.prefixDelegation)) {
      prefixFallback = true;
      ex.note(`CNI ${version} predates prefix delegation (v1.9.0): ENABLE_PREFIX_DELEGATION has no effect.`);
    } else if (!pdCapable) {
      prefixFallback = true;
      // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go nodeInit / usePrefixDelegation: silent fallback with a log line
      ex.note(
        info.bareMetal
          ? `Prefix delegation on bare metal needs CNI >= 1.11 (PR #1937); CNI ${version} falls back to secondary-IP mode.`
          : `${info.name} is not a Nitro instance (hypervisor ${info.hypervisor}): ipamd logs "Prefix delegation is not supported on non-nitro instance ${info.name} hence falling back to default (secondary IP) mode" and uses secondary IPs.`,
      );
    } else mode = 'prefix';
  }
  ex.step('IP mode in force', mode);

  const eniLimit = info.enis;
  ex.step('ENI limit (default network card)', eniLimit);
  let maxEni = eniLimit;
  const me = cfg.maxEni;
  if (typeof me === 'number' && Number.isInteger(me)) {
    // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go getMaxENI: used only when 1 <= MAX_ENI < instance limit
    if (me >= 1 && me < eniLimit) {
      maxEni = me;
      ex.step('MAX_ENI applied', maxEni, `min(MAX_ENI ${me}, limit ${eniLimit})`);
    } else if (me !== -1) {
      ex.note(`MAX_ENI=${me} is ignored (effective only when 1 <= MAX_ENI < ${eniLimit}).`);
    }
  }

  const unmanaged = nonNegInt(cfg.unmanagedEnis);
  if (unmanaged > 0) ex.step('unmanaged ENIs', unmanaged);

  // Trunk ENI for security groups for pods.
  let trunkSlotLost = false;
  let branchPods: number | null = 0;
  if (cfg.securityGroupsForPods === true && mode !== 'ipv6') {
    // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go hasRoomForEni: IsTrunkingCompatible is true for unknown types
    const compatible = info.trunkingCompatible !== false;
    if (compatible) {
      // the trunk occupies a slot; since v1.16.4 (PR #2801) it never carries pod IPs (datastore GetAllocatableENIs)
      trunkSlotLost = cniAtLeast(version, CNI_VERSIONS.trunkCarriesNoIps);
      if (!trunkSlotLost) {
        ex.note(
          `Before CNI v1.16.4 the trunk ENI also carried pod IPs, so CNI ${version} loses no IP capacity to it.`,
        );
      }
      // aws/amazon-vpc-resource-controller-k8s:pkg/provider/branch/provider.go UpdateResourceCapacity
      branchPods = info.branchInterfaces;
      if (branchPods === null) ex.note(`No published branch-interface figure for ${info.name}.`);
    } else {
      branchPods = 0;
      // v1.20.4 (PR #3250): no reservation on non-trunk-compatible types; earlier versions reserved it anyway
      trunkSlotLost = !cniAtLeast(version, CNI_VERSIONS.trunkSlotOnlyIfCompatible);
      ex.note(
        `${info.name} is not trunking-compatible: the VPC resource controller reports "The instance type ${info.name} is not supported for trunk interface (Security Group for Pods)", so SGP pods cannot run here.` +
          (trunkSlotLost
            ? ` CNI ${version} (< v1.20.4) still reserves an ENI slot for the trunk (issue #3094).`
            : ''),
      );
    }
    for (const n of info.notes) ex.note(n);
    ex.step('ENI slot lost to the trunk ENI', trunkSlotLost ? 1 : 0);
  } else if (cfg.securityGroupsForPods === true) {
    branchPods = null;
    ex.note('Security groups for pods with IPv6: the README feature matrix says unsupported; not modelled.');
  }

  const primaryUnused = cfg.customNetworking === true && mode !== 'ipv6';
  // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go tryAssignIPs: GetAllocatableENIs(skipPrimary = custom networking)
  if (primaryUnused) ex.step('primary ENI unused for pods (custom networking)', 1);

  const podEnis = Math.max(0, maxEni - unmanaged - (trunkSlotLost ? 1 : 0) - (primaryUnused ? 1 : 0));
  ex.step(
    'ENIs that carry pod addresses',
    podEnis,
    `${maxEni}${unmanaged ? ` - ${unmanaged}` : ''}${trunkSlotLost ? ' - 1' : ''}${primaryUnused ? ' - 1' : ''}`,
  );

  // aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go GetENIIPv4Limit: the ENI's primary address is not used for pods
  const cidrsPerEni = Math.max(0, info.ipv4PerEni - 1);
  // aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go GetIPv4Limit: 16 addresses per /28 prefix with PD
  const ipsPerEni = mode === 'prefix' ? cidrsPerEni * IPS_PER_PREFIX : cidrsPerEni;
  ex.step(
    mode === 'prefix' ? 'pod addresses per ENI (/28 prefixes)' : 'pod addresses per ENI (secondary IPs)',
    ipsPerEni,
    mode === 'prefix' ? `(${info.ipv4PerEni} - 1) x 16` : `${info.ipv4PerEni} - 1`,
  );
  return {
    mode,
    prefixFallback,
    eniLimit,
    maxEni,
    trunkSlotLost,
    primaryUnused,
    unmanaged,
    podEnis,
    cidrsPerEni,
    ipsPerEni,
    branchPods,
    invalid,
  };
}
