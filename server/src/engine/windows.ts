/**
 * Windows nodes: pod addresses come from the VPC resource controller, not from aws-node (which does not run on
 * Windows). The controller assigns them on the node's primary ENI only and advertises them as the extended
 * resource `vpc.amazonaws.com/PrivateIPv4Address`, which its webhook adds to every Windows pod's requests, so
 * the scheduler never places more Windows pods than there are addresses, whatever the kubelet's max-pods.
 * Pure; never throws.
 *
 * Sources (aws/amazon-vpc-resource-controller-k8s @b8d42511):
 * - `pkg/provider/ip/provider.go` `getCapacity`: Windows gets `IPv4PerInterface - 1` secondary IPs of the
 *   first ENI ("Assign only 1st ENIs non primary IP"); Linux would get that times the ENI count.
 * - `pkg/provider/prefix/provider.go` `InitResource`: with prefix delegation the capacity is that figure times
 *   `pool.NumIPv4AddrPerPrefix` (16, `pkg/pool/pool.go`); `IsInstanceSupported`: only Nitro or bare-metal types
 *   (`pkg/utils/helper.go` `IsNitroInstance`), else the event "The instance type ... is not supported for
 *   Windows prefix delegation".
 * - `pkg/config/type.go`: the switches are keys of the `amazon-vpc-cni` ConfigMap in kube-system,
 *   `enable-windows-ipam` and `enable-windows-prefix-delegation`, not aws-node env.
 *
 * @module
 */
import type { Catalog } from './catalog';
import { IPS_PER_PREFIX } from './eniBudget';
import { type Explanation, ExplanationBuilder } from './explain';

const SRC_IP = 'aws/amazon-vpc-resource-controller-k8s:pkg/provider/ip/provider.go getCapacity';
const SRC_PREFIX = 'aws/amazon-vpc-resource-controller-k8s:pkg/provider/prefix/provider.go InitResource';
const SRC_CONFIG = 'aws/amazon-vpc-resource-controller-k8s:pkg/config/type.go';

/** What the VPC resource controller gives a Windows node of one instance type. */
export interface WindowsCapacityResult {
  /** `vpc.amazonaws.com/PrivateIPv4Address` the node advertises; null for a type not in the catalog. */
  value: number | null;
  /** The mode in force: `prefix` only when asked for and the type supports it. */
  mode: 'secondary-ip' | 'prefix';
  /** Prefix delegation was asked for but the type is neither Nitro nor bare metal. */
  prefixUnsupported: boolean;
  explanation: Explanation;
}

/**
 * Pod addresses of a Windows node. `prefixDelegation` is the `enable-windows-prefix-delegation` key of the
 * `amazon-vpc-cni` ConfigMap.
 */
export function windowsPodAddresses(
  catalog: Catalog,
  instanceType: string,
  opts: { prefixDelegation?: boolean } = {},
): WindowsCapacityResult {
  const ex = new ExplanationBuilder().source(SRC_IP, SRC_CONFIG);
  ex.note(
    'aws-node does not run on Windows nodes: the VPC resource controller assigns pod addresses on the primary ENI only, and aws-node env (WARM_*, ENABLE_PREFIX_DELEGATION, custom networking, MAX_ENI) does not apply.',
  );
  ex.note(
    'Windows pods request vpc.amazonaws.com/PrivateIPv4Address (added by the controller webhook), so the scheduler never places more of them than this, whatever max-pods says (Karpenter sets 110 on Windows by design).',
  );
  const info = catalog.lookup(instanceType);
  if (!info) {
    ex.note(
      `${instanceType} is not in the catalog; the controller reports types it does not know as not supported for Windows.`,
    );
    return { value: null, mode: 'secondary-ip', prefixUnsupported: false, explanation: ex.build() };
  }
  const secondary = info.ipv4PerEni - 1;
  ex.step('secondary IPv4 addresses of the primary ENI', secondary, `${info.ipv4PerEni} - 1`);
  const wanted = opts.prefixDelegation === true;
  // helper.go IsNitroInstance: bare metal or hypervisor nitro
  const nitro = info.bareMetal || info.hypervisor === 'nitro';
  if (wanted && nitro) {
    ex.source(SRC_PREFIX);
    const v = secondary * IPS_PER_PREFIX;
    ex.step('with enable-windows-prefix-delegation (/28 prefixes)', v, `${secondary} x ${IPS_PER_PREFIX}`);
    return { value: v, mode: 'prefix', prefixUnsupported: false, explanation: ex.build() };
  }
  if (wanted) {
    ex.source('aws/amazon-vpc-resource-controller-k8s:pkg/provider/prefix/provider.go IsInstanceSupported');
    ex.note(
      `${instanceType} is not a Nitro instance: the controller reports "The instance type ${instanceType} is not supported for Windows prefix delegation" and keeps secondary IPs.`,
    );
  }
  return { value: secondary, mode: 'secondary-ip', prefixUnsupported: wanted, explanation: ex.build() };
}
