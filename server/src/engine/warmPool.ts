/**
 * Warm-pool steady state: what ipamd holds on one node with N pods, found by running ipamd's own decision
 * functions (`ipamd.ts`) loop by loop until nothing changes (a fixed point), not by a separate formula. Pure;
 * never throws.
 *
 * @module
 */
import type { Catalog } from './catalog';
import type { InstanceTypeInfo } from './catalogEntry';
import {
  type CniEnv,
  type CniSettings,
  type DefaultsMode,
  type FatalProblem,
  type IgnoredSetting,
  parseCniSettings,
  type WarmAlgorithm,
} from './cniSettings';
import { cniAtLeast } from './cniVersion';
import { CNI_VERSIONS, computeEniBudget, type EniBudget, IPS_PER_PREFIX, type IpMode } from './eniBudget';
import { type Explanation, ExplanationBuilder } from './explain';
import {
  assignPodAddress,
  decideIncrease,
  type Ec2Calls,
  fingerprint,
  getStats,
  initialState,
  type IpamdParams,
  isDatastorePoolTooLow,
  newEc2Calls,
  type NodeState,
  poolIteration,
  subnetAddresses,
} from './ipamd';
import { tableMaxPods } from './maxPods';

/** Timing constants (ms) from aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go (overridable for simulation). */
export const IPAMD_TIMING = {
  /** ipPoolMonitorInterval */
  loopMs: 5_000,
  /** decreaseIPPoolInterval */
  decreaseIntervalMs: 30_000,
  /** minENILifeTime */
  minEniLifetimeMs: 60_000,
  /** eniAttachTime (create + attach + IMDS) */
  eniAttachMs: 10_000,
  /** one AssignPrivateIpAddresses round trip (our assumption) */
  ipAssignMs: 1_000,
} as const;

/**
 * What a steady state is, for every output that shows one (hovers, `simulate`): a fresh node that got its N pods at
 * once, placed densely in ENI order (`ipamd.ts` module comment). That is a lower bound of what a real node holds:
 * data_store.go AssignPodIPv4Address takes the first free address while ranging over Go maps (`ds.eniPool`,
 * `eni.AvailableIPv4Cidrs`), whose order is random, so pods can spread over more prefixes and ENIs; and after scaling
 * down, the pods left can sit on newer ENIs, which then stay attached (getDeletableENI frees only ENIs without pods).
 */
export const STEADY_STATE_SCOPE =
  'Steady state of a fresh node with these pods placed densely (ENIs filled in order): a lower bound. ipamd picks among free prefixes in random order, and the history of the pods (scaling down leaves pods on newer ENIs) can hold more ENIs and addresses.';

/**
 * Pods on the node that use the host network (aws-node, kube-proxy): the "+2" of
 * `ENIs x (IPv4 per ENI - 1) + 2` (aws/amazon-vpc-cni-k8s:scripts/gen_vpc_ip_limits.go, misc/eni-max-pods.txt).
 */
export const HOST_NETWORK_PODS = 2;

/** One node's configuration, shared by the steady state and the event simulation. */
export interface NodeSpec {
  /** Optional label (simulation output). */
  name?: string;
  instanceType: string;
  /** aws-node env values (`undefined` = unset). */
  env?: CniEnv;
  /** CNI version or image tag; absent = latest behaviour. */
  cniVersion?: string;
  /** How unset env values are read; default `'manifest'` (the shipped manifest / EKS add-on). */
  defaults?: DefaultsMode;
  /** Node capacity (kubelet max-pods). Default: the eni-max-pods table value for the type. */
  maxPods?: number;
  /** Unmanaged ENIs on the node. */
  unmanagedEnis?: number;
}

/** Everything resolved for one node. */
export interface NodeModel {
  info: InstanceTypeInfo;
  settings: CniSettings;
  budget: EniBudget;
  params: IpamdParams;
  mode: IpMode;
  maxPods: number | null;
  /** The CNI refuses to start (see settings.fatal). */
  starts: boolean;
}

/** Resolve a node spec; undefined with a note when the type is unknown. */
export function resolveNodeModel(
  catalog: Catalog,
  spec: NodeSpec,
  ex: ExplanationBuilder,
): { model?: NodeModel; suggestions: string[] } {
  const s = typeof spec === 'object' && spec !== null ? spec : ({} as NodeSpec);
  const r = catalog.resolve(typeof s.instanceType === 'string' ? s.instanceType : String(s.instanceType));
  if (!r.found) {
    ex.note(r.note);
    return { suggestions: r.suggestions };
  }
  const info = r.info;
  const settings = parseCniSettings(s.env ?? {}, {
    cniVersion: s.cniVersion,
    defaults: s.defaults ?? 'manifest',
    instanceType: info,
  });
  const budget = computeEniBudget(info, { ...settings.nodeConfig, unmanagedEnis: s.unmanagedEnis }, ex);
  const maxPods =
    typeof s.maxPods === 'number' && Number.isInteger(s.maxPods) && s.maxPods > 0
      ? s.maxPods
      : tableMaxPods(info);
  if (s.maxPods === undefined) ex.note(`Node max-pods assumed ${maxPods} (the eni-max-pods table value).`);
  // PR #2745 (v1.16.3): ipamd stops growing at node maxPods; earlier versions had no ceiling
  const ceiling = cniAtLeast(s.cniVersion, CNI_VERSIONS.maxPodsCeiling) ? maxPods : null;
  const pd = budget.mode === 'prefix';
  const params: IpamdParams = {
    prefixDelegation: pd,
    cidrsPerEni: budget.cidrsPerEni,
    cidrSize: pd ? IPS_PER_PREFIX : 1,
    maxIpsPerEni: budget.ipsPerEni,
    maxEni: budget.maxEni,
    unmanagedEnis: budget.unmanaged,
    warmEniTarget: settings.warmEniTarget.value,
    warmIpTarget: settings.warmIpTarget.value,
    minimumIpTarget: settings.minimumIpTarget.value,
    warmPrefixTarget: settings.warmPrefixTarget.value,
    customNetworking: settings.customNetworking.value,
    securityGroupsForPods: settings.podEni.value,
    trunkingCompatible: info.trunkingCompatible !== false,
    trunkCarriesIps: !cniAtLeast(s.cniVersion, CNI_VERSIONS.trunkCarriesNoIps),
    reserveTrunkSlotAlways: !cniAtLeast(s.cniVersion, CNI_VERSIONS.trunkSlotOnlyIfCompatible),
    maxPods: ceiling,
    provisioningDisabled: settings.disableNetworkResourceProvisioning.value,
    cooldownMs: settings.ipCooldownPeriod.value * 1000,
    minEniLifetimeMs: IPAMD_TIMING.minEniLifetimeMs,
    decreaseIntervalMs: IPAMD_TIMING.decreaseIntervalMs,
  };
  return {
    model: {
      info,
      settings,
      budget,
      params,
      mode: budget.mode,
      maxPods,
      starts: settings.fatal.length === 0 && !budget.invalid,
    },
    suggestions: [],
  };
}

/** Input of {@link steadyState}. */
export interface SteadyStateInput extends NodeSpec {
  /** Non-host-network pods that need a warm-pool address. */
  pods: number;
  /** Pods using security groups for pods (branch ENIs), on top of `pods`. */
  sgpPods?: number;
}

/** One ENI in the result. */
export interface EniSummary {
  index: number;
  primary: boolean;
  trunk: boolean;
  /** Secondary IPs or prefixes held. */
  cidrs: number;
  /** Addresses held (cidrs x 1 or x 16). */
  addresses: number;
  /** Addresses in use by pods. */
  assigned: number;
}

/** Steady state on one node. */
export interface SteadyStateResult {
  instanceType: string;
  known: boolean;
  suggestions: string[];
  /** aws-node starts with this configuration. */
  starts: boolean;
  mode: IpMode | null;
  pods: number;
  /** Pods that got an address. */
  podsRunning: number;
  /** Pods stuck without an address ("failed to assign an IP address to container"). */
  podsWithoutIp: number;
  /** Pods beyond node max-pods, or SGP pods beyond branch capacity. */
  podsUnschedulable: number;
  sgpPodsRunning: number;
  maxPods: number | null;
  /** ENIs attached (primary and trunk included). */
  enis: number;
  trunk: boolean;
  perEni: EniSummary[];
  /** Addresses held in the warm pool (TotalIPs). */
  ipsHeld: number;
  prefixesHeld: number;
  assigned: number;
  /** TotalIPs - AssignedIPs. */
  free: number;
  /** Addresses taken from the subnet(s): every ENI's primary address plus all secondary IPs / prefixes (x16). */
  subnetAddresses: number;
  /** Whether the pool can grow at all once every held address is used, and why not. */
  growth: { canGrow: boolean; reason: string };
  /** The pool never settles: an ENI is attached and freed over and over (WARM_ENI_TARGET=0 pattern). */
  churn: boolean;
  /** Seconds of simulated time until the pool settled (or the churn was detected). */
  settledAfterS: number;
  ec2Calls: Ec2Calls;
  settings: { algorithm: WarmAlgorithm | null; inForce: string[]; ignored: IgnoredSetting[] };
  fatal: FatalProblem[];
  explanation: Explanation;
}

const MAX_SIM_MS = 3 * 60 * 60 * 1000;

function summarize(state: NodeState): EniSummary[] {
  return [...state.enis]
    .sort((a, b) => a.index - b.index)
    .map((e) => ({
      index: e.index,
      primary: e.primary,
      trunk: e.trunk,
      cidrs: e.cidrs.length,
      addresses: e.cidrs.reduce((a, c) => a + c.size, 0),
      assigned: e.cidrs.reduce((a, c) => a + c.assigned, 0),
    }));
}

/** Whether, with every held address in use, ipamd would still add addresses; and if not, why. */
export function growthCheck(state: NodeState, p: IpamdParams): { canGrow: boolean; reason: string } {
  if (p.provisioningDisabled) return { canGrow: false, reason: 'EC2 provisioning is disabled' };
  const full: NodeState = {
    ...state,
    enis: state.enis.map((e) => ({
      ...e,
      cidrs: e.cidrs.map((c) => ({ ...c, assigned: c.size, cooling: [] })),
    })),
  };
  const st = getStats(full, p, 0);
  if (!isDatastorePoolTooLow(st, p)) {
    if (p.maxPods !== null && st.totalIps >= p.maxPods) {
      return {
        canGrow: false,
        reason: `it holds ${st.totalIps} addresses >= node max-pods ${p.maxPods} (CNI >= 1.16.3)`,
      };
    }
    if (p.warmIpTarget === 0 && p.minimumIpTarget > 0) {
      return {
        canGrow: false,
        reason: `MINIMUM_IP_TARGET=${p.minimumIpTarget} without WARM_IP_TARGET: growth stops at the minimum (issue #3685)`,
      };
    }
    return { canGrow: false, reason: 'the warm target is met' };
  }
  const a = decideIncrease(full, p, st);
  if (a.kind === 'none') return { canGrow: false, reason: `the ENI budget is used up (${a.reason})` };
  return {
    canGrow: true,
    reason: a.kind === 'attach' ? 'a new ENI can be attached' : 'the current ENIs have room',
  };
}

/**
 * Steady state for `pods` pods: start from a node that just finished ipamd's init pass, land all pods at once,
 * run ipamd's 5 s loop (with zero EC2 latency) until the pool stops changing for longer than every timer involved
 * (60 s ENI lifetime, 30 s decrease interval, IP cooldown), or until an attach/free cycle is detected.
 */
export function steadyState(catalog: Catalog, input: SteadyStateInput): SteadyStateResult {
  const ex = new ExplanationBuilder().source(
    'aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go (isDatastorePoolTooLow, datastoreTargetState, increaseDatastorePool, decreaseDatastorePool, shouldRemoveExtraENIs)',
    'aws/amazon-vpc-cni-k8s:pkg/ipamd/datastore/data_store.go (GetIPStats, AssignPodIPv4Address, getDeletableENI)',
  );
  const inp =
    typeof input === 'object' && input !== null ? input : ({ instanceType: '', pods: 0 } as SteadyStateInput);
  const pods = Number.isInteger(inp.pods) && inp.pods > 0 ? inp.pods : 0;
  if (inp.pods !== undefined && pods !== inp.pods)
    ex.note(`Pod count ${String(inp.pods)} is not a non-negative integer; using 0.`);
  const sgpPods = Number.isInteger(inp.sgpPods) && (inp.sgpPods ?? 0) > 0 ? (inp.sgpPods as number) : 0;
  const { model, suggestions } = resolveNodeModel(catalog, inp, ex);
  const empty = (known: boolean): SteadyStateResult => ({
    instanceType: String(inp.instanceType),
    known,
    suggestions,
    starts: false,
    mode: model?.mode ?? null,
    pods,
    podsRunning: 0,
    podsWithoutIp: pods,
    podsUnschedulable: 0,
    sgpPodsRunning: 0,
    maxPods: model?.maxPods ?? null,
    enis: 0,
    trunk: false,
    perEni: [],
    ipsHeld: 0,
    prefixesHeld: 0,
    assigned: 0,
    free: 0,
    subnetAddresses: 0,
    growth: { canGrow: false, reason: known ? 'aws-node does not start' : 'unknown instance type' },
    churn: false,
    settledAfterS: 0,
    ec2Calls: newEc2Calls(),
    settings: model
      ? {
          algorithm: model.settings.algorithm,
          inForce: model.settings.inForce,
          ignored: model.settings.ignored,
        }
      : { algorithm: null, inForce: [], ignored: [] },
    fatal: model?.settings.fatal ?? [],
    explanation: ex.build(),
  });
  if (!model) return empty(false);
  for (const n of model.settings.notes) ex.note(n);
  if (!model.starts) {
    for (const f of model.settings.fatal) ex.note(`aws-node does not start: ${f.message}`);
    return empty(true);
  }
  const p = model.params;

  // Scheduling limits: node max-pods counts host-network pods; SGP pods need branch ENIs.
  const slots =
    model.maxPods === null ? Number.POSITIVE_INFINITY : Math.max(0, model.maxPods - HOST_NETWORK_PODS);
  const branchCap = model.budget.branchPods ?? 0;
  const sgpRunning = Math.min(sgpPods, branchCap, slots);
  const scheduled = Math.min(pods, Math.max(0, slots - sgpRunning));
  const unschedulable = pods - scheduled + (sgpPods - sgpRunning);
  if (pods - scheduled > 0)
    ex.note(`${pods - scheduled} pods exceed node max-pods ${model.maxPods} and are not scheduled.`);
  if (sgpPods > sgpRunning) {
    ex.note(
      `${sgpPods - sgpRunning} SGP pods cannot be scheduled: Insufficient vpc.amazonaws.com/pod-eni (branch capacity ${branchCap}).`,
    );
  }

  if (model.mode === 'ipv6') {
    ex.note('IPv6: one /80 prefix on the primary ENI; no warm pool, every pod gets an address.');
    const base = empty(true);
    return {
      ...base,
      starts: true,
      podsRunning: scheduled,
      podsWithoutIp: 0,
      podsUnschedulable: unschedulable,
      sgpPodsRunning: 0,
      enis: 1,
      subnetAddresses: 1,
      growth: { canGrow: true, reason: 'IPv6 /80 prefix' },
      explanation: ex.build(),
    };
  }

  const calls = newEc2Calls();
  const state = initialState(p);
  const zero = { eniAttachMs: 0, ipAssignMs: 0 };
  let now = 0;
  // ipamd.go nodeInit → handlePreScaling: one synchronous increase pass
  if (!p.provisioningDisabled) {
    const st = getStats(state, p, now);
    if (isDatastorePoolTooLow(st, p)) poolIteration(state, p, now, zero, calls);
  }
  let pending = scheduled;
  const serve = (): void => {
    while (pending > 0 && assignPodAddress(state, p, now)) pending--;
  };
  serve();

  const windowMs = Math.max(p.minEniLifetimeMs, p.decreaseIntervalMs, p.cooldownMs) + 2 * IPAMD_TIMING.loopMs;
  let lastChange = 0;
  let churn = false;
  const seen = new Map<string, number>();
  let attachesAfterSettled = 0;
  let freesAfterSettled = 0;
  while (now < MAX_SIM_MS) {
    now += IPAMD_TIMING.loopMs;
    const before = fingerprint(state);
    const it = poolIteration(state, p, now, zero, calls);
    serve();
    const after = fingerprint(state);
    if (after !== before) {
      lastChange = now;
      if (pending === 0) {
        if (it.increase?.kind === 'attach') attachesAfterSettled++;
        if (it.eniFreed) freesAfterSettled++;
        // A pool state seen before, with ENI attach and free in between, repeats forever.
        const prev = seen.get(after);
        if (prev !== undefined && attachesAfterSettled > 0 && freesAfterSettled > 0) {
          churn = true;
          ex.note(
            `The pool never settles: an ENI is attached and, at least ${p.minEniLifetimeMs / 1000} s later, freed again (cycle of about ${(now - prev) / 1000} s; issues #1451, #1775).`,
          );
          break;
        }
        seen.set(after, now);
      }
    }
    if (now - lastChange > windowMs) break;
  }

  const st = getStats(state, p, now);
  const perEni = summarize(state);
  const podsRunning = scheduled - pending;
  ex.step('ENIs attached', state.enis.length);
  ex.step(
    p.prefixDelegation ? 'prefixes held' : 'secondary IPs held',
    p.prefixDelegation ? st.totalPrefixes : st.totalIps,
  );
  ex.step('addresses held', st.totalIps);
  ex.step('pods with an address', podsRunning);
  ex.step('free addresses', st.available, `${st.totalIps} - ${st.assignedIps}`);
  const subnet = subnetAddresses(state);
  ex.step('addresses taken from the subnet', subnet, `${state.enis.length} ENI primary + ${st.totalIps}`);
  if (p.customNetworking) {
    ex.note(
      "Custom networking: the secondary ENIs and all pod addresses come from the ENIConfig subnet; only the primary ENI's address is from the node subnet.",
    );
  }
  if (pending > 0) {
    ex.note(`${pending} pods get no address: "failed to assign an IP address to container".`);
  }
  if (model.settings.algorithm === 'eni-target' && p.warmEniTarget > 0) {
    ex.note(
      `WARM_ENI_TARGET=${p.warmEniTarget} keeps ${p.warmEniTarget * p.maxIpsPerEni} free addresses (${p.warmEniTarget} x ${p.maxIpsPerEni}), not a spare ENI: it attaches a new ENI as soon as fewer are free.`,
    );
  }
  const growth = growthCheck(state, p);
  if (!growth.canGrow) ex.note(`The pool cannot grow further: ${growth.reason}.`);
  return {
    instanceType: model.info.name,
    known: true,
    suggestions: [],
    starts: true,
    mode: model.mode,
    pods,
    podsRunning,
    podsWithoutIp: pending,
    podsUnschedulable: unschedulable,
    sgpPodsRunning: sgpRunning,
    maxPods: model.maxPods,
    enis: state.enis.length,
    trunk: state.enis.some((e) => e.trunk),
    perEni,
    ipsHeld: st.totalIps,
    prefixesHeld: st.totalPrefixes,
    assigned: st.assignedIps,
    free: st.available,
    subnetAddresses: subnet,
    growth,
    churn,
    settledAfterS: Math.round(now / 1000),
    ec2Calls: calls,
    settings: {
      algorithm: model.settings.algorithm,
      inForce: model.settings.inForce,
      ignored: model.settings.ignored,
    },
    fatal: [],
    explanation: ex.build(),
  };
}
