/**
 * Glue from located models to the engine's inputs: the env map of a CNI settings source, the max-pods a
 * node definition ends up with (explicit setting or the value its tool computes) and the capacity the CNI
 * can serve. Every number comes from the engine; this module only picks which engine function to call with
 * which inputs, and phrases the result.
 */
import {
  calculatorOptionsFor,
  cniCapacity,
  nodeMaxPods as engineNodeMaxPods,
  recommendedMaxPods,
  steadyState,
  type Catalog,
  type CniCapacityResult,
  type CniSettings,
  type EniBudget,
  type Explanation,
  type KarpenterAmiFamily,
  type MaxPodsTool,
  type SteadyStateResult,
} from '../engine';
import { insertionFor, scalarReplacement, type TextEdit } from '../syntax';
import { cniEnvOf, defaultsModeOf, resolveCniSettings } from './cniConfig';
import { query } from './facts/query';
import type {
  BootstrapCall,
  InsertionPoint,
  CniSettingsSource,
  MaxPodsSetting,
  NodeDefinition,
  UserDataPart,
} from '../syntax';

/** Short human phrase for what reduces or raises the capacity, e.g. "with custom networking". */
export function modePhrase(budget: EniBudget | undefined, settings: CniSettings): string {
  if (!budget) return '';
  const parts: string[] = [];
  if (budget.mode === 'prefix') parts.push('prefix delegation');
  if (budget.primaryUnused) parts.push('custom networking');
  if (budget.trunkSlotLost) {
    // branchPods 0 with a lost slot: a type that cannot take a trunk, on a CNI before v1.20.4 (PR #3250)
    parts.push(
      budget.branchPods === 0
        ? 'the ENI slot CNIs before v1.20.4 hold for a trunk ENI that never attaches'
        : 'the trunk ENI of security groups for pods',
    );
  }
  if (budget.maxEni < budget.eniLimit) parts.push(`MAX_ENI=${budget.maxEni}`);
  if (budget.prefixFallback) parts.push('prefix delegation falling back to secondary IPs');
  void settings;
  return parts.length ? ` with ${parts.join(' and ')}` : '';
}

/** `2 ENIs x 9 IPs + 2` for a capacity result. */
export function capacityFormula(cap: CniCapacityResult): string {
  const b = cap.budget;
  if (!b || cap.value === null) return '';
  const unit = b.mode === 'prefix' ? 'IPs (/28 prefixes)' : 'IPs';
  return `${b.podEnis} ENI${b.podEnis === 1 ? '' : 's'} x ${b.ipsPerEni} ${unit} + 2`;
}

/** Pod capacity of one type under one CNI configuration, phrased for messages. */
export interface Capacity {
  result: CniCapacityResult;
  settings: CniSettings;
  /** ` with custom networking` or '' (leading space included). */
  phrase: string;
  formula: string;
}

/**
 * What the CNI settings of `source` let `instanceType` address. Memoized per catalog, source and
 * type: several rules, hovers and inlay hints ask the same question for every node.
 */
export function capacityOf(catalog: Catalog, instanceType: string, source?: CniSettingsSource): Capacity {
  return capacityQuery(catalog, instanceType, source);
}

/**
 * `recommendedMaxPods` for `instanceType` under the settings of `cap` (which `capacityOf` computed for
 * that type). Memoized per catalog, type and capacity.
 */
export const recommendedOf = query(
  (catalog: Catalog, instanceType: string, cap: Capacity): ReturnType<typeof recommendedMaxPods> =>
    recommendedMaxPods(catalog, instanceType, cap.settings.nodeConfig),
);

const capacityQuery = query(
  (catalog: Catalog, instanceType: string, source: CniSettingsSource | undefined): Capacity => {
    const info = catalog.lookup(instanceType);
    const settings = resolveCniSettings(source, info);
    const result = cniCapacity(catalog, instanceType, settings.nodeConfig);
    return {
      result,
      settings,
      phrase: modePhrase(result.budget, settings),
      formula: capacityFormula(result),
    };
  },
);

// ---------------------------------------------------------------------------------------------
// Node max-pods

/** Which tool writes the kubelet's max-pods for a node definition; undefined when we cannot tell. */
export function toolOf(node: NodeDefinition): MaxPodsTool | undefined {
  switch (node.kind) {
    case 'auto-mode-nodeclass':
      return 'eks-auto-mode';
    case 'karpenter-ec2nodeclass':
    case 'karpenter-nodepool':
      return 'karpenter';
    case 'eksctl-managed-nodegroup':
      return 'eks-managed-node-group';
    default:
      // CloudFormation AWS::EKS::Nodegroup (kind added to the model by the syntax layer)
      if ((node.kind as string) === 'eks-managed-nodegroup') return 'eks-managed-node-group';
      break;
  }
  const parts = node.userData?.parts ?? [];
  if (parts.some((p) => p.nodeConfig)) return 'al2023-nodeadm';
  if (parts.some((p) => p.bottlerocket)) return 'bottlerocket';
  if (parts.some((p) => p.bootstrap.length > 0)) return 'al2-bootstrap';
  switch (node.amiFamily?.value) {
    case 'AL2':
      return 'al2-bootstrap';
    case 'AL2023':
      return 'al2023-nodeadm';
    case 'Bottlerocket':
      return 'bottlerocket';
    default:
      return undefined;
  }
}

function userDataParts(node: NodeDefinition): UserDataPart[] {
  return node.userData?.parts ?? [];
}

function bootstrapCalls(node: NodeDefinition): BootstrapCall[] {
  return userDataParts(node).flatMap((p) => p.bootstrap);
}

/**
 * Every max-pods setting of a node (node level and user data), deduplicated by position, document order.
 * Memoized per node (models are immutable; asked for every type of the node); callers must not modify it.
 */
export const maxPodsSettings = query((node: NodeDefinition): MaxPodsSetting[] =>
  collectMaxPodsSettings(node),
);

function collectMaxPodsSettings(node: NodeDefinition): MaxPodsSetting[] {
  const all: MaxPodsSetting[] = [...node.maxPods];
  for (const p of userDataParts(node)) {
    for (const b of p.bootstrap) if (b.maxPods) all.push(b.maxPods);
    const nc = p.nodeConfig;
    if (nc) for (const s of [nc.maxPods, nc.maxPodsExpression, nc.flagMaxPods]) if (s) all.push(s);
    if (p.bottlerocket?.maxPods) all.push(p.bottlerocket.maxPods);
  }
  const seen = new Set<string>();
  return all
    .filter((s) => {
      const k = `${s.origin}@${s.span.start}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.span.start - b.span.start);
}

/** What a node's kubelet ends up with on one instance type. */
export interface NodeMaxPods {
  tool: MaxPodsTool | undefined;
  value: number | null;
  explanation?: Explanation;
  /** The explicit setting that decides the value; undefined when the tool computes it. */
  setting?: MaxPodsSetting;
  /** The value is computed by the tool (no explicit static max-pods). */
  computed: boolean;
  /**
   * The value comes from the user's own expression (nodeadm `maxPodsExpression`, Karpenter CEL
   * `maxPods`), evaluated per instance type; `setting` is that expression.
   */
  fromExpression?: boolean;
}

function karpenterFamily(node: NodeDefinition): KarpenterAmiFamily {
  switch (node.amiFamily?.value) {
    case 'AL2':
      return 'AL2';
    case 'Bottlerocket':
      return 'Bottlerocket';
    case 'Windows':
      return 'Windows2022';
    case 'Custom':
      return 'Custom';
    default:
      return 'AL2023';
  }
}

/**
 * The max-pods `node` gets on `instanceType`: the engine's {@link engineNodeMaxPods} decides (precedence of the
 * explicit settings, the tool's own value, podsPerCore); this only maps the located settings to its input and
 * hands back the deciding setting. `settings` are the CNI settings in scope (the managed node group's calculator
 * is told about prefix delegation and custom networking). Memoized per catalog, node, settings object and type
 * (models and `capacityOf` settings are immutable; several rules ask the same); callers must not modify it.
 */
export const nodeMaxPods = query(
  (catalog: Catalog, node: NodeDefinition, instanceType: string, settings: CniSettings): NodeMaxPods => {
    const explicit = maxPodsSettings(node);
    const call = bootstrapCalls(node).pop();
    const use = call?.useMaxPods?.value.trim().replace(/^['"]|['"]$/g, '');
    const r = engineNodeMaxPods(catalog, instanceType, {
      tool: toolOf(node),
      explicit,
      karpenter: { amiFamily: karpenterFamily(node), podsPerCore: node.podsPerCore?.value },
      al2: { useMaxPods: use === undefined ? undefined : use !== 'false', callMaxPods: call?.maxPods },
      autoMode: {
        ipv4PrefixSize: node.autoMode?.ipv4PrefixSize?.value === '32' ? '32' : 'Auto',
        podSubnetSelectorTerms: node.autoMode?.podSubnets === true,
      },
      calculator: calculatorOptionsFor(settings.nodeConfig),
    });
    const { decidedBy, ...rest } = r;
    return decidedBy === undefined ? rest : { ...rest, setting: explicit[decidedBy] };
  },
);

/** How a tool's computed value is described in messages. */
export const TOOL_LABEL: Record<MaxPodsTool, string> = {
  cni: 'the CNI',
  'max-pods-calculator': 'max-pods-calculator.sh',
  'al2-bootstrap': "AL2 bootstrap.sh's eni-max-pods table",
  'al2023-nodeadm': 'nodeadm',
  karpenter: 'Karpenter',
  bottlerocket: "Bottlerocket's eni-max-pods table",
  'eks-managed-node-group': 'the EKS managed node group',
  'eks-auto-mode': 'EKS Auto Mode',
};

/** Where a max-pods setting can be added to a node that has none (node level, NodeConfig, Bottlerocket). */
export function maxPodsInsertOf(node: NodeDefinition): InsertionPoint | undefined {
  if (node.maxPodsInsert) return node.maxPodsInsert;
  for (const p of userDataParts(node)) {
    if (p.nodeConfig?.maxPodsInsert) return p.nodeConfig.maxPodsInsert;
    if (p.bottlerocket?.maxPodsInsert) return p.bottlerocket.maxPodsInsert;
  }
  return undefined;
}

/** An edit setting max-pods to `value`: replace the deciding setting, or insert one where the format allows. */
export function setMaxPodsEdit(
  text: string,
  node: NodeDefinition,
  setting: MaxPodsSetting | undefined,
  value: number,
): TextEdit | undefined {
  if (setting && setting.origin !== 'nodeadm-expression') {
    return scalarReplacement(text, setting.span, String(value), { embed: setting.embed });
  }
  if (setting) return undefined;
  const point = maxPodsInsertOf(node);
  if (point) return insertionFor(point, { name: 'maxPods', value: String(value) });
  // AL2 bootstrap.sh without --kubelet-extra-args: add the pair EKS docs and Karpenter use.
  const call = bootstrapCalls(node).pop();
  if (call?.flagInsert && !call.kubeletExtraArgs && !call.useMaxPods) {
    return insertionFor(call.flagInsert, {
      name: '--use-max-pods false --kubelet-extra-args',
      value: `'--max-pods=${value}'`,
    });
  }
  return undefined;
}

/** Env vars behind the capacity's reductions (custom networking, trunk ENI, MAX_ENI, prefix delegation). */
export function capacityEnv(cap: Capacity): string[] {
  const b = cap.result.budget;
  if (!b) return [];
  const names: string[] = [];
  if (b.primaryUnused) names.push('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG');
  if (b.trunkSlotLost) names.push('ENABLE_POD_ENI');
  if (b.maxEni < b.eniLimit) names.push('MAX_ENI');
  // Nothing reduces it: the mode switch (prefix delegation off) is what sets the capacity.
  if (b.mode === 'prefix' || b.prefixFallback || names.length === 0) names.push('ENABLE_PREFIX_DELEGATION');
  return names;
}

/** Warm pool of one node of `instanceType` with `pods` pods under `source` (engine steady state). */
export function steadyPool(
  catalog: Catalog,
  instanceType: string,
  source: CniSettingsSource | undefined,
  pods: number,
  maxPods?: number,
): SteadyStateResult {
  return steadyState(catalog, {
    instanceType,
    env: source ? cniEnvOf(source).values : {},
    cniVersion: source?.cniVersion?.value,
    defaults: defaultsModeOf(source),
    maxPods,
    pods,
  });
}

/** Usable addresses of an IPv4 subnet CIDR (AWS reserves 5 per subnet); undefined if not a valid VPC subnet. */
export function subnetCapacity(cidr: string): { size: number; usable: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  if (m.slice(1, 5).some((o) => Number(o) > 255)) return undefined;
  const prefix = Number(m[5]);
  // VPC subnets are /16 to /28 (AWS VPC user guide, subnet sizing)
  if (prefix < 16 || prefix > 28) return undefined;
  const size = 2 ** (32 - prefix);
  // The first four and the last address of every subnet are reserved by AWS (VPC user guide, subnet sizing)
  return { size, usable: size - 5, prefix };
}

/**
 * What turning prefix delegation on would give `instanceType` with the other settings unchanged: the pods the
 * CNI could address and the recommended max-pods (calculator cap). Undefined when it would not be in force.
 */
export function withPrefixDelegation(
  catalog: Catalog,
  instanceType: string,
  settings: CniSettings,
): { capacity: number; recommended: number } | undefined {
  const rec = recommendedMaxPods(catalog, instanceType, { ...settings.nodeConfig, prefixDelegation: true });
  const cap = rec.capacity;
  if (cap.budget?.mode !== 'prefix' || cap.value === null) return undefined;
  return { capacity: cap.value, recommended: rec.value ?? cap.value };
}
