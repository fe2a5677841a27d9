/**
 * Max pods per node, as each tool computes it. Users compare these, so each tool has its own function with its own
 * semantics; {@link cniCapacity} is what the CNI can really serve. Every result carries an explanation. Pure; never
 * throws (unknown types and bad numbers give a result with notes).
 *
 * @module
 */
import { BOTTLEROCKET_LATEST, BOTTLEROCKET_TABLE, bottlerocketTableEntry } from './bottlerocketTable';
import type { Catalog } from './catalog';
import type { InstanceTypeInfo } from './catalogEntry';
import { evalCelInt } from './celEval';
import { cniAtLeast, parseCniVersion } from './cniVersion';
import { type CniNodeConfig, computeEniBudget, type EniBudget } from './eniBudget';
import { type Explanation, ExplanationBuilder } from './explain';

/** Tools whose max-pods value we model. */
export type MaxPodsTool =
  | 'cni'
  | 'max-pods-calculator'
  | 'al2-bootstrap'
  | 'al2023-nodeadm'
  | 'karpenter'
  | 'bottlerocket'
  | 'eks-managed-node-group'
  | 'eks-auto-mode';

/** Common result shape. */
export interface MaxPodsResult {
  tool: MaxPodsTool;
  instanceType: string;
  /** The instance type is in the catalog. */
  known: boolean;
  /** Max pods; null when it cannot be determined offline (or is unbounded, see notes). */
  value: number | null;
  explanation: Explanation;
  /** Did-you-mean names when the type is unknown. */
  suggestions: string[];
  /** kube-reserved memory the tool derives from its max-pods (11 x pods + 255 Mi), where it does. */
  kubeReservedMemoryMi?: number;
  /**
   * Set when `value` rests on a figure we do not have (a vCPU count the catalog lacks): why the value may differ.
   * A finding built on an uncertain value must say "may" with this reason, or stay silent.
   */
  uncertain?: string;
}

/** What the CNI can serve on the node. */
export interface CniCapacityResult extends MaxPodsResult {
  tool: 'cni';
  /** Pod addresses from the warm pool (without the +2 host-network pods); null if unknown/unbounded. */
  podIps: number | null;
  /** Pods that can get a branch ENI (security groups for pods), on top of `value`; PD does not raise it. */
  branchPods: number | null;
  budget?: EniBudget;
}

const SRC = {
  cni: 'aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go',
  table: 'aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt (scripts/gen_vpc_ip_limits.go)',
  calculator: 'awslabs/amazon-eks-ami:templates/al2/runtime/max-pods-calculator.sh',
  bootstrap: 'awslabs/amazon-eks-ami:templates/al2/runtime/bootstrap.sh',
  nodeadm: 'awslabs/amazon-eks-ami:nodeadm/internal/kubelet/eni_max_pods.go, config.go',
  karpenter: 'aws/karpenter-provider-aws:pkg/providers/instancetype/types.go',
  bottlerocket: 'bottlerocket-os/bottlerocket-core-kit:sources/api/pluto/src/main.rs generate_max_pods',
  autoMode: 'awsdocs/amazon-eks-user-guide:latest/ug/automode/create-node-class.adoc',
  branch: 'aws/amazon-vpc-resource-controller-k8s:pkg/aws/vpc/limits.go',
};

/**
 * The kubelet's own default when nothing sets maxPods (KubeletConfiguration maxPods default 110); also
 * Bottlerocket's template default (`maxPods: {{default 110 settings.kubernetes.max-pods}}`,
 * bottlerocket-os/bottlerocket-core-kit:packages/kubernetes-1.x/kubelet-config) and nodeadm's fallback
 * (awslabs/amazon-eks-ami:nodeadm/internal/kubelet/eni_max_pods.go).
 */
export const KUBELET_DEFAULT_MAX_PODS = 110;

/**
 * kube-reserved memory in Mi from max pods: 11 x pods + 255 (awslabs/amazon-eks-ami:templates/al2/runtime/bootstrap.sh,
 * nodeadm/internal/kubelet/config.go; aws/karpenter-provider-aws:pkg/providers/instancetype/types.go;
 * bottlerocket-os/bottlerocket-core-kit kube_reserve_memory helper).
 */
export function kubeReservedMemoryMi(maxPods: number): number {
  return 11 * maxPods + 255;
}

/** max-pods-calculator.sh's cap: 250 if DefaultVCpus > 30 else 110, in both IP modes (templates/al2/runtime/max-pods-calculator.sh). */
function capForVcpus(vcpus: number | null): 110 | 250 {
  return vcpus !== null && vcpus > 30 ? 250 : 110;
}

/** The published table formula: `ENIs x (IPv4 per ENI - 1) + 2` (aws/amazon-vpc-cni-k8s:scripts/gen_vpc_ip_limits.go). */
export function tableMaxPods(info: Pick<InstanceTypeInfo, 'enis' | 'ipv4PerEni'>): number {
  return info.enis * (info.ipv4PerEni - 1) + 2;
}

function validInt(v: unknown, min = 0): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function unknownType(
  tool: MaxPodsTool,
  catalog: Catalog,
  name: unknown,
  ex: ExplanationBuilder,
): { info?: InstanceTypeInfo; name: string; suggestions: string[] } {
  const shown = typeof name === 'string' ? name : String(name);
  const r = catalog.resolve(shown);
  if (r.found) return { info: r.info, name: shown, suggestions: [] };
  ex.note(r.note);
  void tool;
  return { name: shown, suggestions: r.suggestions };
}

function result(
  tool: MaxPodsTool,
  instanceType: string,
  known: boolean,
  value: number | null,
  ex: ExplanationBuilder,
  suggestions: string[],
  extra: Partial<MaxPodsResult> = {},
): MaxPodsResult {
  return { tool, instanceType, known, value, explanation: ex.build(), suggestions, ...extra };
}

// ---------------------------------------------------------------------------------------------------------------
// CNI

/**
 * Pods the CNI can give an address to on `instanceType` with `config` (host-network pods +2 included), plus the
 * branch-ENI pods for security groups for pods, counted separately.
 */
export function cniCapacity(
  catalog: Catalog,
  instanceType: string,
  config: CniNodeConfig = {},
): CniCapacityResult {
  const ex = new ExplanationBuilder().source(SRC.cni, 'aws/amazon-vpc-cni-k8s:pkg/awsutils/awsutils.go');
  const { info, name, suggestions } = unknownType('cni', catalog, instanceType, ex);
  const cfg = typeof config === 'object' && config !== null ? config : {};
  if (!info) {
    return {
      ...result('cni', name, false, null, ex, suggestions),
      tool: 'cni',
      podIps: null,
      branchPods: null,
    };
  }
  const budget = computeEniBudget(info, cfg, ex);
  if (budget.mode === 'ipv6') {
    ex.note(
      'IPv6: one /80 prefix on the primary ENI gives practically unlimited pod addresses; the kubelet max-pods is the limit.',
    );
    return {
      ...result('cni', name, true, null, ex, [], {}),
      tool: 'cni',
      podIps: null,
      branchPods: budget.branchPods,
      budget,
    };
  }
  const podIps = budget.podEnis * budget.ipsPerEni;
  ex.step('pod addresses', podIps, `${budget.podEnis} x ${budget.ipsPerEni}`);
  // +2: host-network pods (aws-node, kube-proxy) need no pod address (aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt header)
  const value = podIps + 2;
  ex.step('pods incl. 2 host-network pods', value, `${podIps} + 2`);
  if (cfg.securityGroupsForPods === true) {
    ex.source(SRC.branch).step(
      'branch-ENI pods (vpc.amazonaws.com/pod-eni), not raised by PD',
      budget.branchPods,
    );
  }
  if (budget.invalid)
    ex.note('This configuration does not start; the figure is what it would serve if it did.');
  return {
    ...result('cni', name, true, value, ex, []),
    tool: 'cni',
    podIps,
    branchPods: budget.branchPods,
    budget,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// max-pods-calculator.sh

/** Flags of `max-pods-calculator.sh`. */
export interface CalculatorOptions {
  /** `--cni-version X.Y.Z` (required by the script; absent here = latest behaviour, with a note). */
  cniVersion?: string;
  /** `--cni-custom-networking-enabled` */
  customNetworking?: boolean;
  /** `--cni-prefix-delegation-enabled` */
  prefixDelegation?: boolean;
  /** `--cni-max-eni N` */
  maxEni?: number;
  /** `--show-max-allowed` (skip the 110/250 cap) */
  showMaxAllowed?: boolean;
}

/**
 * vCPUs for the calculator's cap. Uses the catalog figure; when unknown, estimates from the size name
 * (`Nxlarge` = 4N vCPUs; `.metal` = above 30 except Mac) and says so.
 */
export function vcpusForCap(info: InstanceTypeInfo, ex: ExplanationBuilder): number | null {
  if (info.vcpus !== null) return info.vcpus;
  const size = info.name.slice(info.name.indexOf('.') + 1);
  const m = /^(\d*)xlarge$/.exec(size);
  let est: number | null = null;
  if (m) est = 4 * (m[1] ? Number(m[1]) : 1);
  else if (size === 'large') est = 2;
  else if (size === 'medium' || size === 'small' || size === 'micro' || size === 'nano') est = 2;
  else if (size.startsWith('metal')) est = info.name.startsWith('mac') ? 12 : 64;
  ex.note(
    est === null
      ? `No vCPU figure for ${info.name}; the calculator reads DefaultVCpus live. Assuming 30 or fewer (cap 110).`
      : `No published vCPU figure for ${info.name}; estimated ${est} from the size name for the 110/250 cap (the calculator reads DefaultVCpus live).`,
  );
  return est;
}

/** The calculator's cap for a type: 250 when DefaultVCpus > 30, else 110 (vCPUs estimated when unknown, see notes). */
export function calculatorCap(info: InstanceTypeInfo): {
  cap: number;
  vcpus: number | null;
  notes: string[];
} {
  const ex = new ExplanationBuilder();
  const vcpus = vcpusForCap(info, ex);
  return { cap: capForVcpus(vcpus), vcpus, notes: ex.build().notes };
}

/**
 * `max-pods-calculator.sh` (AL2): `--show-max-allowed` prints the formula value, otherwise capped at 110, or 250 when
 * the type has more than 30 vCPUs. PD formula only when `Hypervisor == "nitro"` (bare metal reports none) and the
 * CNI version is >= 1.9.
 */
export function calculatorMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: CalculatorOptions = {},
  tool: 'max-pods-calculator' | 'eks-managed-node-group' = 'max-pods-calculator',
): MaxPodsResult {
  const ex = new ExplanationBuilder().source(SRC.calculator);
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const { info, name, suggestions } = unknownType(tool, catalog, instanceType, ex);
  if (!info) {
    ex.note('The script would fail: aws ec2 describe-instance-types returns no such type.');
    return result(tool, name, false, null, ex, suggestions);
  }
  let pdSupported = true;
  if (o.cniVersion === undefined) {
    ex.note('No CNI version given (the script requires --cni-version); assuming the latest.');
  } else {
    const v = parseCniVersion(o.cniVersion);
    if (!v) {
      ex.note(
        `CNI version "${o.cniVersion}" is not X.Y.Z; the script would mis-parse it. Assuming the latest.`,
      );
    } else {
      // max-pods-calculator.sh PREFIX_DELEGATION_SUPPORTED: major > 1 or (major == 1 and minor > 8)
      pdSupported = v.major > 1 || (v.major === 1 && v.minor > 8);
    }
  }
  // max-pods-calculator.sh: enis = NetworkCards[DefaultNetworkCardIndex].MaximumNetworkInterfaces
  let enis = info.enis;
  ex.step('ENIs (default network card)', enis);
  if (o.maxEni !== undefined) {
    if (validInt(o.maxEni)) {
      // max-pods-calculator.sh --cni-max-eni: enis = min(N, enis)
      enis = Math.min(o.maxEni, enis);
      ex.step('--cni-max-eni', enis, `min(${o.maxEni}, ${info.enis})`);
    } else ex.note(`--cni-max-eni ${String(o.maxEni)} is not a non-negative integer; ignored.`);
  }
  if (o.customNetworking === true) {
    // max-pods-calculator.sh --cni-custom-networking-enabled: one ENI fewer
    ex.step('--cni-custom-networking-enabled', enis - 1, `${enis} - 1`);
    enis -= 1;
  }
  // max-pods-calculator.sh IS_NITRO: `aws ec2 describe-instance-types ... Hypervisor == "nitro"`. EC2 reports no
  // hypervisor for bare-metal types (Karpenter's generated reference has no instance-hypervisor label for c7g.metal);
  // our catalog's hypervisor for them is the CNI generator's hand override (scripts/gen_vpc_ip_limits.go), which is
  // what ipamd serves, not what the calculator sees. So the calculator uses the secondary-IP formula on metal.
  const isNitro = info.hypervisor === 'nitro' && !info.bareMetal;
  let max: number;
  if (o.prefixDelegation === true && isNitro && pdSupported) {
    // max-pods-calculator.sh: enis * ((ips - 1) * 16) + 2
    max = enis * ((info.ipv4PerEni - 1) * 16) + 2;
    ex.step('prefix formula', max, `${enis} x ((${info.ipv4PerEni} - 1) x 16) + 2`);
  } else {
    if (o.prefixDelegation === true) {
      ex.note(
        !pdSupported
          ? `CNI ${o.cniVersion} < 1.9: the calculator ignores --cni-prefix-delegation-enabled.`
          : info.bareMetal
            ? `${info.name} is bare metal (no hypervisor reported): the calculator uses the secondary-IP formula although the CNI (>= 1.11) does prefix delegation there.`
            : `${info.name} is not Nitro: the calculator uses the secondary-IP formula.`,
      );
    }
    // max-pods-calculator.sh: enis * (ips - 1) + 2
    max = enis * (info.ipv4PerEni - 1) + 2;
    ex.step('secondary-IP formula', max, `${enis} x (${info.ipv4PerEni} - 1) + 2`);
  }
  if (o.showMaxAllowed === true) {
    ex.step('--show-max-allowed: no cap', max);
    return result(tool, name, true, max, ex, []);
  }
  const vcpus = vcpusForCap(info, ex);
  const cap = capForVcpus(vcpus);
  ex.step('cap', cap, `vCPUs ${vcpus ?? '?'} ${cap === 250 ? '> 30' : '<= 30'}`);
  const value = Math.min(max, cap);
  ex.step('max pods', value, `min(${max}, ${cap})`);
  // The cap decides only above 110; without a vCPU figure it may be 110 or 250 (the script reads DefaultVCpus live).
  if (info.vcpus === null && max > 110) {
    const uncertain = `no published vCPU figure for ${info.name}: the calculator caps at 110 (30 vCPUs or fewer) or 250 (more), so it prints ${Math.min(max, 110)} or ${Math.min(max, 250)}`;
    ex.note(`Uncertain: ${uncertain}.`);
    return result(tool, name, true, value, ex, [], { uncertain });
  }
  return result(tool, name, true, value, ex, []);
}

/**
 * The `max-pods-calculator.sh` flags that describe a CNI configuration: `--cni-version`,
 * `--cni-custom-networking-enabled`, `--cni-prefix-delegation-enabled`, and `--cni-max-eni` only when MAX_ENI is
 * one the CNI applies at all (ipamd.go getMaxENI ignores values below 1; the calculator's `min(N, enis)` already
 * ignores values at or above the limit).
 */
export function calculatorOptionsFor(config: CniNodeConfig = {}): CalculatorOptions {
  const c = typeof config === 'object' && config !== null ? config : {};
  return {
    cniVersion: c.cniVersion,
    customNetworking: c.customNetworking,
    prefixDelegation: c.prefixDelegation,
    maxEni: validInt(c.maxEni, 1) ? c.maxEni : undefined,
  };
}

/** Result of {@link recommendedMaxPods}. */
export interface RecommendedMaxPodsResult {
  instanceType: string;
  known: boolean;
  /** The recommended kubelet max-pods; null when neither figure is known. */
  value: number | null;
  /** Which figure decides: the calculator (its formula or 110/250 cap) or the CNI's address capacity. */
  limitedBy: 'calculator' | 'cni-capacity' | null;
  calculator: MaxPodsResult;
  capacity: CniCapacityResult;
  explanation: Explanation;
}

/**
 * The max-pods to recommend for a node of `instanceType` under a CNI configuration: what
 * `max-pods-calculator.sh` prints for the same flags (its formula capped at 110, or 250 above 30 vCPUs; prefix
 * formula only on `nitro` with CNI >= 1.9), but never above the pods the CNI can address ({@link cniCapacity}),
 * because the calculator knows nothing of the trunk ENI of security groups for pods (CNI >= v1.16.4, PR #2801;
 * non-trunk types before v1.20.4, PR #3250), unmanaged ENIs, or the IPv6 mode. Used by the rules, hovers and
 * inlay hints as the one "recommended max-pods".
 */
export function recommendedMaxPods(
  catalog: Catalog,
  instanceType: string,
  config: CniNodeConfig = {},
): RecommendedMaxPodsResult {
  const cfg = typeof config === 'object' && config !== null ? config : {};
  const calculator = calculatorMaxPods(catalog, instanceType, calculatorOptionsFor(cfg));
  const capacity = cniCapacity(catalog, instanceType, cfg);
  const ex = new ExplanationBuilder().source(SRC.calculator, SRC.cni);
  const rec = calculator.value;
  const cap = capacity.value;
  let value: number | null;
  let limitedBy: RecommendedMaxPodsResult['limitedBy'];
  if (rec === null && cap === null) {
    value = null;
    limitedBy = null;
    for (const n of capacity.explanation.notes) ex.note(n);
  } else if (rec === null) {
    value = cap;
    limitedBy = 'cni-capacity';
    ex.step('what the CNI can address (no calculator value)', cap ?? 0);
  } else if (cap === null || rec <= cap) {
    value = rec;
    limitedBy = 'calculator';
    ex.step('max-pods-calculator.sh', rec);
    if (cap === null) {
      ex.note('The CNI capacity is not bounded here (IPv6); the calculator value stands.');
    } else ex.step('within what the CNI can address', cap);
  } else {
    value = cap;
    limitedBy = 'cni-capacity';
    ex.step('max-pods-calculator.sh', rec);
    ex.step('lowered to what the CNI can address', cap, `min(${rec}, ${cap})`);
  }
  return {
    instanceType: calculator.instanceType,
    known: calculator.known,
    value,
    limitedBy,
    calculator,
    capacity,
    explanation: ex.build(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// AL2 bootstrap.sh

/** Inputs of AL2 `bootstrap.sh` that affect max pods. */
export interface Al2BootstrapOptions {
  /** `--use-max-pods` (default true). */
  useMaxPods?: boolean;
  /** `--max-pods=N` inside `--kubelet-extra-args`. */
  kubeletExtraArgsMaxPods?: number;
}

/** A trie over the lines of eni-max-pods.txt (`<type> <maxPods>`), for bootstrap.sh's prefix-regex lookup. */
interface LineTrie {
  children: Map<string, LineTrie>;
  /** Entries whose line passes through this node (i.e. has this node's path as a prefix). */
  entries: InstanceTypeInfo[];
}

const tableIndex = new WeakMap<Catalog, LineTrie>();

/** The published table of `catalog` as a line trie, built once per catalog. */
function tableTrie(catalog: Catalog): LineTrie {
  let root = tableIndex.get(catalog);
  if (root) return root;
  root = { children: new Map(), entries: [] };
  for (const e of catalog.list()) {
    if (!catalog.isPublished(e.name)) continue;
    // aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt line format: "<type> <maxPods>"
    let node = root;
    for (const ch of `${e.name} ${tableMaxPods(e)}`) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), entries: [] };
        node.children.set(ch, next);
      }
      next.entries.push(e);
      node = next;
    }
  }
  tableIndex.set(catalog, root);
  return root;
}

/**
 * Lines of the published table that awk `/^${name}/` selects: `name` is a prefix of the line, where `.` matches
 * any one character (the regex-dot quirk: `m5.large` also matches `m5xlarge...`) and every other character is
 * literal. Walks the trie, so the cost depends on the name, not on the catalog size.
 */
function awkPrefixMatches(catalog: Catalog, name: string): InstanceTypeInfo[] {
  if (!name) return [];
  let frontier: LineTrie[] = [tableTrie(catalog)];
  for (const ch of name) {
    const next: LineTrie[] = [];
    for (const node of frontier) {
      if (ch === '.') next.push(...node.children.values());
      else {
        const child = node.children.get(ch);
        if (child) next.push(child);
      }
    }
    if (next.length === 0) return [];
    frontier = next;
  }
  // Distinct nodes at the same depth have disjoint sets of lines.
  return frontier.flatMap((n) => n.entries);
}

/**
 * AL2 `bootstrap.sh`: the eni-max-pods.txt value (awk prefix-regex match), the calculator fallback
 * (`--cni-version 1.10.0 --show-max-allowed`) for types missing from the file, `--use-max-pods false`, and a
 * `--max-pods` in `--kubelet-extra-args` winning over the config file.
 */
export function al2BootstrapMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: Al2BootstrapOptions = {},
): MaxPodsResult {
  const ex = new ExplanationBuilder().source(SRC.bootstrap);
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const name = typeof instanceType === 'string' ? instanceType : String(instanceType);
  // bootstrap.sh: awk "/^${INSTANCE_TYPE}/ {print $2}" /etc/eks/eni-max-pods.txt  ('.' matches any character)
  const matches = awkPrefixMatches(catalog, name);
  let tableValue: number | null = null;
  let known = catalog.lookup(name) !== undefined;
  let suggestions: string[] = [];
  if (matches.length === 1) {
    tableValue = tableMaxPods(matches[0]);
    ex.source(SRC.table).step(
      'eni-max-pods.txt entry',
      tableValue,
      `${matches[0].enis} x (${matches[0].ipv4PerEni} - 1) + 2`,
    );
    if (matches[0].name !== name) ex.note(`The awk prefix match picked "${matches[0].name}" for "${name}".`);
    known = true;
    ex.note(
      'AL2 AMIs carry their own copy of eni-max-pods.txt (the last had 1,197 types); types newer than the AMI take the calculator fallback, which gives the same number.',
    );
  } else if (matches.length > 1) {
    ex.note(
      `"${name}" matches ${matches.length} lines of eni-max-pods.txt (awk prefix regex), so MAX_PODS becomes several numbers and the kubelet config is broken.`,
    );
  } else {
    ex.note(
      `No entry for type '${name}' in /etc/eks/eni-max-pods.txt. Will attempt to auto-discover value. (bootstrap.sh runs max-pods-calculator.sh --instance-type-from-imds --cni-version 1.10.0 --show-max-allowed)`,
    );
    const info = catalog.lookup(name);
    if (info) {
      const calc = calculatorMaxPods(catalog, name, { cniVersion: '1.10.0', showMaxAllowed: true });
      tableValue = calc.value;
      ex.step('calculator fallback', tableValue, `${info.enis} x (${info.ipv4PerEni} - 1) + 2`);
    } else {
      const r = catalog.resolve(name);
      if (!r.found) {
        ex.note(r.note);
        suggestions = r.suggestions;
      }
    }
  }
  const kubeReserved = tableValue === null ? undefined : kubeReservedMemoryMi(tableValue);
  if (kubeReserved !== undefined) {
    // bootstrap.sh: kubeReserved memory from MAX_PODS even with --use-max-pods false
    ex.step('kubeReserved memory (Mi)', kubeReserved, `11 x ${tableValue} + 255`);
  }
  let value = tableValue;
  if (o.kubeletExtraArgsMaxPods !== undefined) {
    if (validInt(o.kubeletExtraArgsMaxPods)) {
      value = o.kubeletExtraArgsMaxPods;
      ex.step('--kubelet-extra-args --max-pods (kubelet flag beats config file)', value);
      if (tableValue !== null && o.useMaxPods !== false) {
        ex.note('--max-pods in --kubelet-extra-args wins; pair it with --use-max-pods false for clarity.');
      }
    } else
      ex.note(
        `--max-pods=${String(o.kubeletExtraArgsMaxPods)} is not a valid integer; the kubelet would not start.`,
      );
  } else if (o.useMaxPods === false) {
    value = KUBELET_DEFAULT_MAX_PODS;
    ex.step('--use-max-pods false: kubelet default', value);
  } else if (tableValue !== null) {
    ex.step('kubelet-config.json maxPods', value);
  }
  return result('al2-bootstrap', name, known, value, ex, suggestions, { kubeReservedMemoryMi: kubeReserved });
}

// ---------------------------------------------------------------------------------------------------------------
// AL2023 nodeadm

/** Inputs of an AL2023 NodeConfig that affect max pods. */
export interface NodeadmOptions {
  /** `spec.kubelet.maxPodsExpression` (CEL; variables default_enis, ips_per_eni, max_pods). */
  maxPodsExpression?: string;
  /** `spec.kubelet.config.maxPods`. */
  configMaxPods?: number;
  /** `--max-pods=N` in `spec.kubelet.flags`. */
  flagMaxPods?: number;
}

/**
 * AL2023 nodeadm: `defaultMaxENIs x (ipv4AddressesPerInterface - 1) + 2`, uncapped; 110 when the type cannot be
 * looked up; `maxPodsExpression` replaces it when valid; `config.maxPods` and then `--max-pods` win.
 */
export function nodeadmMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: NodeadmOptions = {},
): MaxPodsResult {
  const ex = new ExplanationBuilder().source(SRC.nodeadm);
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const { info, name, suggestions } = unknownType('al2023-nodeadm', catalog, instanceType, ex);
  let computed: number;
  if (!info) {
    // nodeadm eni_max_pods.go: "Failed to retrieve instance info, falling back to default"
    computed = KUBELET_DEFAULT_MAX_PODS;
    ex.step('instance info not found: fallback', computed);
    if (o.maxPodsExpression !== undefined)
      ex.note('maxPodsExpression is not evaluated without instance info (inferred).');
  } else {
    // nodeadm eni_max_pods.go: defaultMaxENIs * (ipv4AddressesPerInterface - 1) + 2, no cap
    const standard = tableMaxPods(info);
    computed = standard;
    ex.step('standard max pods', standard, `${info.enis} x (${info.ipv4PerEni} - 1) + 2`);
    if (o.maxPodsExpression !== undefined) {
      const r = evalCelInt(o.maxPodsExpression, {
        default_enis: info.enis,
        ips_per_eni: info.ipv4PerEni,
        max_pods: standard,
      });
      if (r.ok) {
        computed = r.value;
        ex.step('maxPodsExpression', computed, String(o.maxPodsExpression));
      } else {
        // nodeadm: "Failed to evaluate custom expression, using standard max pods value"
        ex.note(`Failed to evaluate custom expression, using standard max pods value: ${r.error}.`);
      }
    }
  }
  const kubeReserved = kubeReservedMemoryMi(computed);
  ex.step('kubeReserved memory (Mi)', kubeReserved, `11 x ${computed} + 255`);
  let value = computed;
  if (o.configMaxPods !== undefined) {
    if (validInt(o.configMaxPods, 1)) {
      value = o.configMaxPods;
      ex.step('spec.kubelet.config.maxPods (kubeReserved not recomputed)', value);
    } else
      ex.note(
        `spec.kubelet.config.maxPods ${String(o.configMaxPods)} is not a positive integer; ignored here.`,
      );
  }
  if (o.flagMaxPods !== undefined) {
    if (validInt(o.flagMaxPods, 1)) {
      value = o.flagMaxPods;
      ex.step('--max-pods in spec.kubelet.flags (wins)', value);
    } else
      ex.note(`--max-pods=${String(o.flagMaxPods)} is not a positive integer; the kubelet would not start.`);
  }
  ex.note(
    'nodeadm knows nothing of prefix delegation, custom networking, security groups for pods or MAX_ENI.',
  );
  return result('al2023-nodeadm', name, info !== undefined, value, ex, suggestions, {
    kubeReservedMemoryMi: kubeReserved,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Karpenter

/** Karpenter AMI families. */
export type KarpenterAmiFamily =
  'AL2' | 'AL2023' | 'Bottlerocket' | 'Custom' | 'Windows2019' | 'Windows2022' | 'Windows2025';

/** Karpenter settings that affect max pods. */
export interface KarpenterOptions {
  /** Controller `RESERVED_ENIS` / `--reserved-enis` (default 0). */
  reservedEnis?: number;
  /** `EC2NodeClass.spec.kubelet.maxPods` (an int, or a CEL string with feature gate NodeClassCEL). */
  maxPods?: number | string;
  /** `EC2NodeClass.spec.kubelet.podsPerCore`. */
  podsPerCore?: number;
  amiFamily?: KarpenterAmiFamily;
  /** EFA-only interfaces on card 0. */
  efaInterfaces?: number;
  /**
   * What writes the static `maxPods`, for the explanation (default `spec.kubelet.maxPods`): a value from the
   * node's user data reaches the same kubelet, which applies podsPerCore to it all the same.
   */
  maxPodsLabel?: string;
}

/** Karpenter: ENI-limited pods with RESERVED_ENIS, no PD awareness, no cap; kubelet.maxPods; podsPerCore. */
export function karpenterMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: KarpenterOptions = {},
): MaxPodsResult {
  const ex = new ExplanationBuilder().source(SRC.karpenter);
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const { info, name, suggestions } = unknownType('karpenter', catalog, instanceType, ex);
  if (!info) {
    ex.note('Karpenter only launches types it can describe; this type would not be offered.');
    return result('karpenter', name, false, null, ex, suggestions);
  }
  const family: KarpenterAmiFamily = o.amiFamily ?? 'AL2023';
  let uncertain: string | undefined;
  const reserved = validInt(o.reservedEnis) ? o.reservedEnis : 0;
  if (o.reservedEnis !== undefined && !validInt(o.reservedEnis)) {
    ex.note(`RESERVED_ENIS ${String(o.reservedEnis)} is not a non-negative integer; using 0.`);
  }
  const efa = validInt(o.efaInterfaces) ? o.efaInterfaces : 0;
  const eniLimited = (): number => {
    // types.go ENILimitedPods: usable = max(ENIs - RESERVED_ENIS - EFA, 0); 0 → 0 else usable x (IPv4 - 1) + 2
    const usable = Math.max(info.enis - reserved - efa, 0);
    ex.step(
      'usable ENIs',
      usable,
      `max(${info.enis}${reserved ? ` - ${reserved} reserved` : ''}${efa ? ` - ${efa} EFA` : ''}, 0)`,
    );
    const v = usable === 0 ? 0 : usable * (info.ipv4PerEni - 1) + 2;
    ex.step(
      'ENI-limited pods',
      v,
      usable === 0 ? '0 usable ENIs' : `${usable} x (${info.ipv4PerEni} - 1) + 2`,
    );
    return v;
  };
  let count: number | null;
  if (o.maxPods !== undefined && typeof o.maxPods === 'number') {
    if (validInt(o.maxPods)) {
      count = o.maxPods;
      ex.step(o.maxPodsLabel ?? 'spec.kubelet.maxPods', count);
    } else {
      ex.note(`spec.kubelet.maxPods ${o.maxPods} is not a non-negative integer; the API would reject it.`);
      count = eniLimited();
    }
  } else if (typeof o.maxPods === 'string') {
    const std = tableMaxPods(info);
    const vars: Record<string, number | string> = {
      instance_type: info.name,
      default_enis: info.enis,
      ips_per_eni: info.ipv4PerEni,
      max_pods: std,
    };
    if (info.vcpus !== null) vars.vcpus = info.vcpus;
    const r = evalCelInt(o.maxPods, vars);
    if (r.ok) {
      count = r.value;
      ex.step('spec.kubelet.maxPods (CEL, feature gate NodeClassCEL)', count, o.maxPods);
    } else {
      ex.note(`CEL maxPods failed: ${r.error} (memory_mib is not modelled).`);
      count = null;
    }
  } else if (family.startsWith('Windows')) {
    count = KUBELET_DEFAULT_MAX_PODS;
    ex.step('Windows AMI family', count);
  } else {
    count = eniLimited();
  }
  // types.go pods(): count = maxPods if set, else ENI-limited (110 for Windows); then, when podsPerCore > 0 and the
  // family enables it (not Bottlerocket), min(podsPerCore x vCPUs, count) — also over a static maxPods. The kubelet
  // does the same (kubernetes/kubernetes:pkg/kubelet/nodestatus/setters.go MachineInfo: min(NumCores x podsPerCore,
  // maxPods)).
  if (o.podsPerCore !== undefined && count !== null) {
    if (!validInt(o.podsPerCore, 1)) {
      ex.note(`podsPerCore ${String(o.podsPerCore)} is not a positive integer; ignored.`);
    } else if (family === 'Bottlerocket') {
      ex.note('podsPerCore is not applied on Bottlerocket.');
    } else if (info.vcpus === null) {
      ex.note(`No vCPU figure for ${info.name}: podsPerCore cannot be applied offline.`);
      uncertain = `no published vCPU figure for ${info.name}: podsPerCore ${o.podsPerCore} may lower max-pods below ${count}`;
    } else {
      const ppc = o.podsPerCore * info.vcpus;
      ex.step('podsPerCore limit', Math.min(count, ppc), `min(${count}, ${o.podsPerCore} x ${info.vcpus})`);
      count = Math.min(count, ppc);
    }
  }
  ex.note('Karpenter ignores prefix delegation and applies no 110/250 cap.');
  return result('karpenter', name, true, count, ex, [], {
    kubeReservedMemoryMi: count === null ? undefined : kubeReservedMemoryMi(count),
    ...(uncertain ? { uncertain } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Bottlerocket

/** Bottlerocket settings that affect max pods. */
export interface BottlerocketOptions {
  /** `settings.kubernetes.max-pods`. */
  settingsMaxPods?: number;
}

/**
 * Bottlerocket: user setting, else the row of Bottlerocket's own shipped table (exact match, `bottlerocketTable.ts`),
 * else the kubelet template default 110. Table membership is Bottlerocket's, not the catalog's: 579 catalog types
 * are not in the table Bottlerocket ships, and some retired types are in it but not in the catalog.
 */
export function bottlerocketMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: BottlerocketOptions = {},
): MaxPodsResult {
  const ex = new ExplanationBuilder().source(SRC.bottlerocket);
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const name = typeof instanceType === 'string' ? instanceType : String(instanceType);
  const info = catalog.lookup(name);
  let suggestions: string[] = [];
  if (o.settingsMaxPods !== undefined && validInt(o.settingsMaxPods, 1)) {
    ex.step('settings.kubernetes.max-pods', o.settingsMaxPods);
    return result('bottlerocket', name, info !== undefined, o.settingsMaxPods, ex, [], {
      kubeReservedMemoryMi: kubeReservedMemoryMi(o.settingsMaxPods),
    });
  }
  if (o.settingsMaxPods !== undefined) {
    ex.note(`settings.kubernetes.max-pods ${String(o.settingsMaxPods)} is not a positive integer; ignored.`);
  }
  const latest = BOTTLEROCKET_LATEST;
  const tableSource = `${BOTTLEROCKET_TABLE.source} (core-kit ${latest.from}..${latest.to}, ${latest.toDate})`;
  const row = bottlerocketTableEntry(name);
  let value: number;
  if (row) {
    // pluto generate_max_pods: exact match in /usr/share/eks/eni-max-pods (Bottlerocket's copy)
    value = row.maxPods;
    ex.source(tableSource).step(
      "Bottlerocket's eni-max-pods entry",
      value,
      info ? `${info.enis} x (${info.ipv4PerEni} - 1) + 2` : undefined,
    );
    if (row.since !== BOTTLEROCKET_TABLE.releases[0]) {
      ex.note(
        `${name} is in Bottlerocket's table from core-kit ${row.since.from} (${row.since.fromDate}) on; Bottlerocket releases built on an older core-kit have no row for it and use 110.`,
      );
    }
  } else {
    // kubelet-config template: maxPods {{default 110 settings.kubernetes.max-pods}}
    value = KUBELET_DEFAULT_MAX_PODS;
    if (!info) {
      const r = catalog.resolve(name);
      if (!r.found) {
        ex.note(r.note);
        suggestions = r.suggestions;
      }
    } else {
      ex.source(tableSource);
      ex.note(
        `${name} is not in the table Bottlerocket ships (core-kit ${latest.to}, ${latest.toDate}): pluto sets no max-pods and the kubelet template's default 110 applies.`,
      );
    }
    ex.step('not in the table: template default', value);
  }
  ex.note(
    'Bottlerocket knows nothing of prefix delegation or custom networking (bottlerocket-os/bottlerocket#1721).',
  );
  ex.note(
    `Bottlerocket's table is carried as of core-kit ${latest.to} (${latest.toDate}); newer releases may ship a longer table.`,
  );
  return result('bottlerocket', name, info !== undefined, value, ex, suggestions, {
    kubeReservedMemoryMi: kubeReservedMemoryMi(value),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// EKS managed node groups

/** Managed node group inputs. */
export interface ManagedNodeGroupOptions extends CalculatorOptions {
  /** Launch template specifies an AMI ID: EKS does not set max pods. */
  customAmi?: boolean;
}

/** EKS managed node groups: max-pods-calculator semantics (CNI >= 1.9, PD/custom networking aware, capped). */
export function managedNodeGroupMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: ManagedNodeGroupOptions = {},
): MaxPodsResult {
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  if (o.customAmi === true) {
    const ex = new ExplanationBuilder().source(
      'eksctl-io/eksctl#5337; aws/containers-roadmap#138 (unverified)',
    );
    ex.note(
      'With a custom AMI in the launch template EKS does not compute max pods; your AMI bootstrap does.',
    );
    const known = catalog.lookup(instanceType) !== undefined;
    return result(
      'eks-managed-node-group',
      String(instanceType),
      known,
      null,
      ex,
      known ? [] : catalog.suggest(String(instanceType)),
    );
  }
  const r = calculatorMaxPods(
    catalog,
    instanceType,
    { ...o, showMaxAllowed: false },
    'eks-managed-node-group',
  );
  r.explanation.notes.push(
    'EKS computes this server-side with a version of max-pods-calculator.sh (unverified from source; maintainer comments).',
  );
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// EKS Auto Mode

/** Auto Mode NodeClass inputs. */
export interface AutoModeOptions {
  /** `spec.advancedNetworking.ipv4PrefixSize`: `Auto` (default, prefixes) or `"32"` (secondary IPs). */
  ipv4PrefixSize?: 'Auto' | '32';
  /** `spec.podSubnetSelectorTerms` set: the primary interface hosts no pods. */
  podSubnetSelectorTerms?: boolean;
}

/** Auto Mode result, with both prefix-size modes. */
export interface AutoModeResult extends MaxPodsResult {
  tool: 'eks-auto-mode';
  byPrefixSize: { Auto: number | null; '32': number | null };
}

/**
 * EKS Auto Mode: the usual calculation (prefixes with `Auto`, secondary IPs with `"32"`, one ENI fewer with
 * podSubnetSelectorTerms), then EKS's 110 pods-per-node limit.
 */
export function autoModeMaxPods(
  catalog: Catalog,
  instanceType: string,
  opts: AutoModeOptions = {},
): AutoModeResult {
  const ex = new ExplanationBuilder().source(
    SRC.autoMode,
    'awsdocs/amazon-eks-user-guide:latest/ug/automode/auto-networking.adoc',
  );
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const { info, name, suggestions } = unknownType('eks-auto-mode', catalog, instanceType, ex);
  const size: 'Auto' | '32' = o.ipv4PrefixSize === '32' ? '32' : 'Auto';
  if (!info) {
    return {
      ...result('eks-auto-mode', name, false, null, ex, suggestions),
      tool: 'eks-auto-mode',
      byPrefixSize: { Auto: null, '32': null },
    };
  }
  const enis = Math.max(0, info.enis - (o.podSubnetSelectorTerms === true ? 1 : 0));
  ex.step(
    'ENIs for pods',
    enis,
    o.podSubnetSelectorTerms === true ? `${info.enis} - 1 (podSubnetSelectorTerms)` : undefined,
  );
  const pdOk = info.hypervisor === 'nitro' || info.bareMetal;
  const auto = pdOk ? enis * (info.ipv4PerEni - 1) * 16 + 2 : enis * (info.ipv4PerEni - 1) + 2;
  const slash32 = enis * (info.ipv4PerEni - 1) + 2;
  ex.step(
    'ipv4PrefixSize Auto (/28 prefixes)',
    auto,
    pdOk ? `${enis} x (${info.ipv4PerEni} - 1) x 16 + 2` : `${enis} x (${info.ipv4PerEni} - 1) + 2 (no PD)`,
  );
  ex.step('ipv4PrefixSize "32" (secondary IPs)', slash32, `${enis} x (${info.ipv4PerEni} - 1) + 2`);
  // create-node-class.adoc Considerations: EKS limits pods per node to 110
  const byPrefixSize = { Auto: Math.min(auto, 110), '32': Math.min(slash32, 110) };
  const value = byPrefixSize[size];
  ex.step(
    `max pods (ipv4PrefixSize ${size}, 110 cap)`,
    value,
    `min(${size === 'Auto' ? auto : slash32}, 110)`,
  );
  ex.note(
    'Auto Mode: aws-node env, ENIConfig and WARM_* settings do not apply. The formula before the 110 cap is inferred.',
  );
  return { ...result('eks-auto-mode', name, true, value, ex, []), tool: 'eks-auto-mode', byPrefixSize };
}

// ---------------------------------------------------------------------------------------------------------------

/** Per-tool options for {@link allMaxPods}. */
export interface AllToolsOptions {
  calculator?: CalculatorOptions;
  al2Bootstrap?: Al2BootstrapOptions;
  nodeadm?: NodeadmOptions;
  karpenter?: KarpenterOptions;
  bottlerocket?: BottlerocketOptions;
  managedNodeGroup?: ManagedNodeGroupOptions;
  autoMode?: AutoModeOptions;
}

/** Every tool's value for one type, so users can compare. Calculator/MNG flags default from `config`. */
export function allMaxPods(
  catalog: Catalog,
  instanceType: string,
  config: CniNodeConfig = {},
  opts: AllToolsOptions = {},
): Record<MaxPodsTool, MaxPodsResult> {
  const calc: CalculatorOptions = opts.calculator ?? calculatorOptionsFor(config);
  return {
    cni: cniCapacity(catalog, instanceType, config),
    'max-pods-calculator': calculatorMaxPods(catalog, instanceType, calc),
    'al2-bootstrap': al2BootstrapMaxPods(catalog, instanceType, opts.al2Bootstrap),
    'al2023-nodeadm': nodeadmMaxPods(catalog, instanceType, opts.nodeadm),
    karpenter: karpenterMaxPods(catalog, instanceType, opts.karpenter),
    bottlerocket: bottlerocketMaxPods(catalog, instanceType, opts.bottlerocket),
    'eks-managed-node-group': managedNodeGroupMaxPods(catalog, instanceType, opts.managedNodeGroup ?? calc),
    'eks-auto-mode': autoModeMaxPods(catalog, instanceType, opts.autoMode),
  };
}

/** Whether CNI >= v1.16.3 stops growing the pool at maxPods (for callers deciding on ceilings). */
export function cniHonoursMaxPodsCeiling(cniVersion: string | undefined): boolean {
  // aws/amazon-vpc-cni-k8s PR #2745 (v1.16.3): isDatastorePoolTooLow returns false once TotalIPs >= maxPods
  return cniAtLeast(cniVersion, '1.16.3');
}
