/**
 * The max-pods a node's kubelet ends up with, from the tool that writes it and every explicit max-pods setting
 * of the node: which setting wins (precedence), what the tool computes, and where podsPerCore lowers it. This is
 * the one place that decides; the analysis layer only maps located settings to {@link NodeMaxPodsInput}. Pure;
 * never throws.
 *
 * @module
 */
import type { Catalog } from './catalog';
import type { Explanation } from './explain';
import {
  al2BootstrapMaxPods,
  autoModeMaxPods,
  bottlerocketMaxPods,
  karpenterMaxPods,
  managedNodeGroupMaxPods,
  nodeadmMaxPods,
  type AutoModeOptions,
  type CalculatorOptions,
  type KarpenterAmiFamily,
  type MaxPodsResult,
  type MaxPodsTool,
} from './maxPods';

/** Where an explicit max-pods value is written. */
export type MaxPodsOrigin =
  | 'kubelet-flag' // --max-pods in --kubelet-extra-args or nodeadm spec.kubelet.flags
  | 'nodeadm-config' // NodeConfig spec.kubelet.config.maxPods
  | 'nodeadm-expression' // NodeConfig spec.kubelet.maxPodsExpression (CEL)
  | 'bottlerocket' // [settings.kubernetes] max-pods
  | 'karpenter-kubelet' // EC2NodeClass spec.kubelet.maxPods
  | 'eksctl-max-pods-per-node'; // eksctl maxPodsPerNode

/** One explicit max-pods setting: a parsed integer, an expression, or neither (unparseable). */
export interface ExplicitMaxPods {
  origin: MaxPodsOrigin;
  value?: number;
  expression?: string;
}

/**
 * Precedence of explicit max-pods origins, strongest first: a kubelet flag beats every config file
 * (kubernetes/kubernetes: command-line flags override KubeletConfiguration fields), a NodeConfig's
 * `config.maxPods` beats what nodeadm or Karpenter derive, and an expression is used only when no static value is
 * set (awslabs/amazon-eks-ami:nodeadm/internal/kubelet/config.go).
 */
const ORIGIN_RANK: readonly MaxPodsOrigin[] = [
  'kubelet-flag',
  'nodeadm-config',
  'karpenter-kubelet',
  'bottlerocket',
  'eksctl-max-pods-per-node',
  'nodeadm-expression',
];

/** How each origin is named in explanations. */
const ORIGIN_LABEL: Record<MaxPodsOrigin, string> = {
  'kubelet-flag': '--max-pods kubelet flag',
  'nodeadm-config': 'NodeConfig spec.kubelet.config.maxPods',
  'nodeadm-expression': 'NodeConfig spec.kubelet.maxPodsExpression',
  bottlerocket: 'settings.kubernetes.max-pods',
  'karpenter-kubelet': 'spec.kubelet.maxPods',
  'eksctl-max-pods-per-node': 'eksctl maxPodsPerNode',
};

/** What decides a node's max-pods besides its explicit settings. */
export interface NodeMaxPodsInput {
  /** The tool that writes the kubelet's max-pods; undefined when it cannot be told. */
  tool: MaxPodsTool | undefined;
  /** Every explicit max-pods setting of the node, in document order (later parts win within an origin). */
  explicit: readonly ExplicitMaxPods[];
  /** Karpenter: the AMI family and `spec.kubelet.podsPerCore`. */
  karpenter?: { amiFamily?: KarpenterAmiFamily; podsPerCore?: number };
  /** AL2: the last bootstrap.sh call's `--use-max-pods` and its own `--max-pods` in `--kubelet-extra-args`. */
  al2?: { useMaxPods?: boolean; callMaxPods?: ExplicitMaxPods };
  /** EKS Auto Mode node class options. */
  autoMode?: AutoModeOptions;
  /** What the managed node group's calculator is told (prefix delegation, custom networking). */
  calculator?: CalculatorOptions;
}

/** What the node's kubelet ends up with on one instance type. */
export interface NodeMaxPodsResult {
  tool: MaxPodsTool | undefined;
  value: number | null;
  explanation?: Explanation;
  /** Index into `explicit` of the setting that decides the value; undefined when the tool computes it. */
  decidedBy?: number;
  /** The value is computed by the tool (no explicit static max-pods decides it). */
  computed: boolean;
  /** The value is the user's own expression (nodeadm `maxPodsExpression`, Karpenter CEL), evaluated per type. */
  fromExpression?: boolean;
}

/** Index of the explicit setting that decides max-pods (static or expression), if any. */
export function decidingMaxPods(explicit: readonly ExplicitMaxPods[]): number | undefined {
  for (const origin of ORIGIN_RANK) {
    // Later parts win (nodeadm merges MIME parts in order; a later flag overrides an earlier one).
    for (let i = explicit.length - 1; i >= 0; i--) if (explicit[i]?.origin === origin) return i;
  }
  return undefined;
}

/** The max-pods a node gets on `instanceType`, through the engine function of its tool. */
export function nodeMaxPods(
  catalog: Catalog,
  instanceType: string,
  input: NodeMaxPodsInput,
): NodeMaxPodsResult {
  const { tool, explicit } = input;
  const last = (o: MaxPodsOrigin): ExplicitMaxPods | undefined =>
    explicit.filter((s) => s.origin === o).pop();
  const flag = last('kubelet-flag');
  const karpenter = (maxPods: number | string | undefined, maxPodsLabel?: string): MaxPodsResult =>
    karpenterMaxPods(catalog, instanceType, {
      amiFamily: input.karpenter?.amiFamily,
      maxPods,
      podsPerCore: input.karpenter?.podsPerCore,
      ...(maxPodsLabel ? { maxPodsLabel } : {}),
    });
  let r: MaxPodsResult | undefined;
  switch (tool) {
    case 'eks-auto-mode':
      r = autoModeMaxPods(catalog, instanceType, input.autoMode ?? {});
      return { tool, value: r.value, explanation: r.explanation, computed: true };
    case 'karpenter': {
      const k = last('karpenter-kubelet');
      r = karpenter(k?.value ?? k?.expression);
      break;
    }
    case 'al2023-nodeadm': {
      const cfg = last('nodeadm-config');
      const expr = last('nodeadm-expression');
      r = nodeadmMaxPods(catalog, instanceType, {
        maxPodsExpression: expr?.expression,
        configMaxPods: cfg?.value ?? last('eksctl-max-pods-per-node')?.value,
        flagMaxPods: flag?.value,
      });
      break;
    }
    case 'bottlerocket': {
      const br = last('bottlerocket') ?? last('eksctl-max-pods-per-node');
      r = bottlerocketMaxPods(catalog, instanceType, { settingsMaxPods: br?.value });
      break;
    }
    case 'al2-bootstrap':
      r = al2BootstrapMaxPods(catalog, instanceType, {
        useMaxPods: input.al2?.useMaxPods,
        kubeletExtraArgsMaxPods: (input.al2?.callMaxPods ?? flag ?? last('eksctl-max-pods-per-node'))?.value,
      });
      break;
    case 'eks-managed-node-group':
      r = managedNodeGroupMaxPods(catalog, instanceType, input.calculator ?? {});
      break;
    default:
      break;
  }
  const decidedBy = decidingMaxPods(explicit);
  const deciding = decidedBy === undefined ? undefined : explicit[decidedBy];
  if (deciding && deciding.origin !== 'nodeadm-expression' && deciding.value !== undefined) {
    // An explicit static value wins whatever the tool computes (the engine function above records how). On a
    // Karpenter node the kubelet still applies podsPerCore to it: min(podsPerCore x vCPUs, maxPods)
    // (aws/karpenter-provider-aws:pkg/providers/instancetype/types.go pods(); the kubelet's MachineInfo).
    if (tool === 'karpenter' && input.karpenter?.podsPerCore !== undefined) {
      const k = karpenter(deciding.value, ORIGIN_LABEL[deciding.origin]);
      return { tool, value: k.value, explanation: k.explanation, decidedBy, computed: false };
    }
    return { tool, value: deciding.value, explanation: r?.explanation, decidedBy, computed: false };
  }
  if (deciding?.expression !== undefined && deciding.value === undefined) {
    // The user's expression, evaluated by the tool's engine function above for this type.
    return {
      tool,
      value: r?.value ?? null,
      explanation: r?.explanation,
      decidedBy,
      computed: true,
      fromExpression: true,
    };
  }
  return { tool, value: r?.value ?? null, explanation: r?.explanation, computed: r !== undefined };
}
