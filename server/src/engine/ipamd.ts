/**
 * A model of one node's ipamd warm pool (card 0): the datastore, ipamd's decision functions, and one iteration of
 * its pool-manager loop. Both the steady-state calculation (`warmPool.ts`) and the event simulation
 * (`simulate.ts`) run these same functions, so they cannot disagree. Pure; never throws.
 *
 * Determinism: Go map iteration order (ENIs in the datastore, CIDRs on an ENI) is random upstream. We replace it by
 * **dense packing in ENI index order**: pods take the first free address scanning ENIs by ascending device index
 * and CIDRs in the order they were added; shrinking (freeing CIDRs, choosing an ENI to free) scans ENIs by
 * descending index (newest first) and CIDRs newest first. This is the best case for freeing whole ENIs.
 *
 * Not modelled: subnet exhaustion (`InsufficientCidrBlocks`), excluded subnets, multi-card, the 60 s IMDS
 * reconcile, nodes marked unschedulable.
 *
 * @module
 */
import { IPS_PER_PREFIX } from './eniBudget';

/** Everything ipamd's decisions depend on (already resolved from env, instance type and CNI version). */
export interface IpamdParams {
  prefixDelegation: boolean;
  /** IPv4Limit - 1: secondary IPs (or prefixes with PD) per ENI (`maxIPsPerENI` / `maxPrefixesPerENI`). */
  cidrsPerEni: number;
  /** Addresses per /32 or /28 CIDR: 1 or 16. */
  cidrSize: number;
  /** `maxIPsPerENI` in addresses (cidrsPerEni x cidrSize). */
  maxIpsPerEni: number;
  /** `getMaxENI()`. */
  maxEni: number;
  unmanagedEnis: number;
  warmEniTarget: number;
  warmIpTarget: number;
  minimumIpTarget: number;
  warmPrefixTarget: number;
  customNetworking: boolean;
  securityGroupsForPods: boolean;
  /** `IsTrunkingCompatible` (true for unknown types). */
  trunkingCompatible: boolean;
  /** Before CNI v1.16.4 the trunk ENI could carry pod IPs. */
  trunkCarriesIps: boolean;
  /** Before CNI v1.20.4 the trunk slot was reserved even on non-compatible types. */
  reserveTrunkSlotAlways: boolean;
  /** Node capacity (kubelet max-pods), the allocation ceiling from CNI v1.16.3; null = no ceiling. */
  maxPods: number | null;
  /** DISABLE_NETWORK_RESOURCE_PROVISIONING / IMDS-only: no EC2 calls. */
  provisioningDisabled: boolean;
  /** IP_COOLDOWN_PERIOD in ms. */
  cooldownMs: number;
  /** minENILifeTime (60 s) in ms. */
  minEniLifetimeMs: number;
  /** decreaseIPPoolInterval (30 s) in ms. */
  decreaseIntervalMs: number;
}

/** One /32 secondary IP or /28 prefix. */
export interface Cidr {
  readonly size: number;
  assigned: number;
  /** Cooldown end times (ms) of unassigned addresses still cooling. */
  cooling: number[];
  /** Usable for pods from this time (ms): models the EC2 call latency. */
  readyAt: number;
}

/** One attached ENI. */
export interface Eni {
  readonly id: number;
  /** Device index order (0 = primary). */
  readonly index: number;
  readonly primary: boolean;
  readonly trunk: boolean;
  /** Attach completion time (ms); the primary ENI is attached long before. */
  readonly attachedAt: number;
  cidrs: Cidr[];
}

/** The node's datastore. */
export interface NodeState {
  enis: Eni[];
  lastDecreaseMs: number;
  nextEniId: number;
}

/** `datastore.GetIPStats` plus `GetFreePrefixes`. */
export interface IpStats {
  totalIps: number;
  assignedIps: number;
  cooldownIps: number;
  totalPrefixes: number;
  freePrefixes: number;
  /** `TotalIPs - AssignedIPs`: includes cooling addresses. */
  available: number;
}

/** EC2 API calls, by operation. */
export interface Ec2Calls {
  AssignPrivateIpAddresses: number;
  UnassignPrivateIpAddresses: number;
  CreateNetworkInterface: number;
  AttachNetworkInterface: number;
  DetachNetworkInterface: number;
  DeleteNetworkInterface: number;
}

/** A new zeroed call counter. */
export function newEc2Calls(): Ec2Calls {
  return {
    AssignPrivateIpAddresses: 0,
    UnassignPrivateIpAddresses: 0,
    CreateNetworkInterface: 0,
    AttachNetworkInterface: 0,
    DetachNetworkInterface: 0,
    DeleteNetworkInterface: 0,
  };
}

/** A fresh node: the primary ENI with no secondary addresses, plus the trunk if SGP can attach one. */
export function initialState(p: IpamdParams): NodeState {
  const s: NodeState = {
    enis: [{ id: 0, index: 0, primary: true, trunk: false, attachedAt: Number.NEGATIVE_INFINITY, cidrs: [] }],
    lastDecreaseMs: Number.NEGATIVE_INFINITY,
    nextEniId: 1,
  };
  // ipamd.go tryEnableSecurityGroupsForPods: only if card 0 has a free ENI slot; the VPC resource controller then
  // attaches the trunk (modelled as attached before any pod lands). Non-compatible types never get one.
  if (p.securityGroupsForPods && p.trunkingCompatible && s.enis.length < p.maxEni - p.unmanagedEnis) {
    s.enis.push({
      id: 1,
      index: 1,
      primary: false,
      trunk: true,
      attachedAt: Number.NEGATIVE_INFINITY,
      cidrs: [],
    });
    s.nextEniId = 2;
  }
  return s;
}

function activeCooling(c: Cidr, now: number): number {
  let n = 0;
  for (const t of c.cooling) if (t > now) n++;
  return n;
}

/** Drop expired cooldown stamps (bookkeeping only). */
export function expireCooldowns(s: NodeState, now: number): void {
  for (const e of s.enis)
    for (const c of e.cidrs) if (c.cooling.length) c.cooling = c.cooling.filter((t) => t > now);
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/datastore/data_store.go GetIPStats / GetFreePrefixes. */
export function getStats(s: NodeState, p: IpamdParams, now: number): IpStats {
  let totalIps = 0;
  let assignedIps = 0;
  let cooldownIps = 0;
  let totalPrefixes = 0;
  let freePrefixes = 0;
  for (const e of s.enis) {
    for (const c of e.cidrs) {
      totalIps += c.size;
      assignedIps += c.assigned;
      cooldownIps += activeCooling(c, now);
      if (p.prefixDelegation) {
        totalPrefixes++;
        if (c.assigned === 0) freePrefixes++;
      }
    }
  }
  // data_store.go: AvailableAddresses = TotalIPs - AssignedIPs (cooling addresses count as available)
  return {
    totalIps,
    assignedIps,
    cooldownIps,
    totalPrefixes,
    freePrefixes,
    available: totalIps - assignedIps,
  };
}

/** ipamd.go warmIPTargetsDefined. */
export function warmIpTargetsDefined(p: IpamdParams): boolean {
  return p.warmIpTarget !== 0 || p.minimumIpTarget !== 0;
}

/** Result of ipamd.go datastoreTargetState: (short, over, defined); in prefixes with PD. */
export interface TargetState {
  short: number;
  over: number;
  defined: boolean;
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go datastoreTargetState (card 0). */
export function datastoreTargetState(st: IpStats, p: IpamdParams): TargetState {
  if (!warmIpTargetsDefined(p)) return { short: 0, over: 0, defined: false };
  const w = p.warmIpTarget;
  const m = p.minimumIpTarget;
  const avail = st.totalIps - st.assignedIps;
  let short = Math.max(w - avail, 0);
  short = Math.max(short, m - st.totalIps);
  let over = Math.max(avail - w, 0);
  over = Math.max(Math.min(over, st.totalIps - m), 0);
  if (p.prefixDelegation) {
    // ipamd.go datastoreTargetState: PD result in prefixes
    const shortPrefix = Math.ceil(short / IPS_PER_PREFIX);
    const needWarm = Math.ceil((st.assignedIps + w) / IPS_PER_PREFIX);
    const needMin = Math.ceil(m / IPS_PER_PREFIX);
    let overPrefix = Math.max(Math.min(st.freePrefixes, st.totalPrefixes - needWarm), 0);
    overPrefix = Math.max(Math.min(overPrefix, st.totalPrefixes - needMin), 0);
    return { short: shortPrefix, over: overPrefix, defined: true };
  }
  return { short, over, defined: true };
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go isDatastorePoolTooLow (card 0). */
export function isDatastorePoolTooLow(st: IpStats, p: IpamdParams): boolean {
  // v1.16.3+ (PR #2745): never low once TotalIPs >= maxPods
  if (p.maxPods !== null && st.totalIps >= p.maxPods) return false;
  const t = datastoreTargetState(st, p);
  if (t.defined) return t.short > 0;
  const warmTarget = p.prefixDelegation ? p.warmPrefixTarget : p.warmEniTarget;
  const unit = p.prefixDelegation ? IPS_PER_PREFIX : p.maxIpsPerEni;
  return st.available < unit * warmTarget || (warmTarget === 0 && st.available === 0);
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go isDatastorePoolTooHigh. */
export function isDatastorePoolTooHigh(st: IpStats, p: IpamdParams): boolean {
  const t = datastoreTargetState(st, p);
  if (t.defined) return t.over > 0;
  // warmPrefixTargetDefined: PD && WARM_PREFIX_TARGET >= 0 (always, in PD)
  if (p.prefixDelegation) return st.freePrefixes > p.warmPrefixTarget;
  return false; // WARM_ENI_TARGET mode never frees single IPs
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go getPrefixesNeeded. */
export function getPrefixesNeeded(st: IpStats, p: IpamdParams): number {
  const t = datastoreTargetState(st, p);
  if (t.defined) return Math.max(1, t.short);
  return Math.max(1, p.warmPrefixTarget - st.freePrefixes);
}

/** datastore.GetAllocatableENIs: no trunk (v1.16.4+), not primary with custom networking, room for CIDRs. */
export function allocatableEnis(s: NodeState, p: IpamdParams): Eni[] {
  return s.enis
    .filter(
      (e) =>
        (!e.trunk || p.trunkCarriesIps) &&
        !(e.primary && p.customNetworking) &&
        e.cidrs.length < p.cidrsPerEni,
    )
    .sort((a, b) => a.index - b.index);
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go hasRoomForEni (card 0). */
export function hasRoomForEni(s: NodeState, p: IpamdParams): boolean {
  const trunkAttached = s.enis.some((e) => e.trunk);
  // trunk slot: IsTrunkingCompatible (since v1.20.4, PR #3250; always before) && ENABLE_POD_ENI && no trunk yet
  const trunk =
    p.securityGroupsForPods && (p.trunkingCompatible || p.reserveTrunkSlotAlways) && !trunkAttached ? 1 : 0;
  return s.enis.length < p.maxEni - p.unmanagedEnis - trunk;
}

/** What one `increaseDatastorePool` call does. */
export type IncreaseAction =
  | { kind: 'assign'; eniId: number; count: number }
  | { kind: 'attach'; count: number }
  | { kind: 'none'; reason: string };

/**
 * aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go increaseDatastorePool → tryAssignIPs / tryAssignPrefixes, else
 * tryAllocateENI (GetENIResourcesToAllocate) when hasRoomForEni. Decides only; see {@link applyIncrease}.
 */
export function decideIncrease(s: NodeState, p: IpamdParams, st: IpStats): IncreaseAction {
  const t = datastoreTargetState(st, p);
  let want: number;
  if (p.prefixDelegation) {
    want = getPrefixesNeeded(st, p); // tryAssignPrefixes
  } else {
    // tryAssignIPs: defined && short == 0 → nothing; toAllocate = defined ? short : maxIPsPerENI
    if (t.defined && t.short === 0) want = 0;
    else want = t.defined ? t.short : p.maxIpsPerEni;
  }
  if (want > 0) {
    for (const e of allocatableEnis(s, p)) {
      const n = Math.min(p.cidrsPerEni - e.cidrs.length, want);
      if (n > 0) return { kind: 'assign', eniId: e.id, count: n }; // only one ENI per call
    }
  }
  if (!hasRoomForEni(s, p))
    return { kind: 'none', reason: 'Skipping ENI allocation as the max ENI limit is already reached' };
  // GetENIResourcesToAllocate
  const n = p.prefixDelegation
    ? Math.min(getPrefixesNeeded(st, p), p.cidrsPerEni)
    : t.defined
      ? Math.min(t.short, p.maxIpsPerEni)
      : p.maxIpsPerEni;
  if (n <= 0) return { kind: 'none', reason: 'nothing to allocate' };
  return { kind: 'attach', count: Math.min(n, p.cidrsPerEni) };
}

function newCidrs(p: IpamdParams, count: number, readyAt: number): Cidr[] {
  return Array.from({ length: count }, () => ({ size: p.cidrSize, assigned: 0, cooling: [], readyAt }));
}

/** Apply an increase decision; resources become usable for pods at `readyAt`. */
export function applyIncrease(
  s: NodeState,
  p: IpamdParams,
  a: IncreaseAction,
  readyAt: number,
  calls: Ec2Calls,
): void {
  if (a.kind === 'assign') {
    const e = s.enis.find((x) => x.id === a.eniId);
    if (!e) return;
    e.cidrs.push(...newCidrs(p, a.count, readyAt));
    calls.AssignPrivateIpAddresses++;
  } else if (a.kind === 'attach') {
    const used = new Set(s.enis.map((e) => e.index));
    let index = 1;
    while (used.has(index)) index++; // next free device index
    s.enis.push({
      id: s.nextEniId++,
      index,
      primary: false,
      trunk: false,
      attachedAt: readyAt,
      cidrs: newCidrs(p, a.count, readyAt),
    });
    calls.CreateNetworkInterface++; // with SecondaryPrivateIpAddressCount / Ipv4PrefixCount
    calls.AttachNetworkInterface++;
  }
}

/**
 * aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go tryUnassignCidrsFromAll (decreaseDatastorePool). Returns CIDRs freed.
 */
export function decreasePool(s: NodeState, p: IpamdParams, now: number, calls: Ec2Calls): number {
  const st = getStats(s, p, now);
  const t = datastoreTargetState(st, p);
  let over = t.defined ? t.over : p.prefixDelegation ? Math.max(st.freePrefixes - p.warmPrefixTarget, 0) : 0;
  let freed = 0;
  const enis = [...s.enis].sort((a, b) => b.index - a.index);
  for (const e of enis) {
    if (over <= 0) break;
    const before = e.cidrs.length;
    const keep: Cidr[] = [];
    // datastore FindFreeableCidrs: CIDRs with no assigned address (cooling ones included); newest first
    for (let i = e.cidrs.length - 1; i >= 0; i--) {
      const c = e.cidrs[i];
      if (over > 0 && c.assigned === 0) {
        over--;
        continue;
      }
      keep.unshift(c);
    }
    if (keep.length !== before) {
      freed += before - keep.length;
      e.cidrs = keep;
      calls.UnassignPrivateIpAddresses++;
    }
  }
  return freed;
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go shouldRemoveExtraENIs (card 0). */
export function shouldRemoveExtraEnis(s: NodeState, p: IpamdParams, st: IpStats): boolean {
  if (warmIpTargetsDefined(p)) return true;
  const warm = (p.prefixDelegation ? p.warmPrefixTarget : p.warmEniTarget) + 1;
  if (st.available >= warm * p.maxIpsPerEni) return true;
  // CheckFreeableENIexists: non-primary, no pods, not trunk
  return (
    p.prefixDelegation && s.enis.some((e) => !e.primary && !e.trunk && e.cidrs.every((c) => c.assigned === 0))
  );
}

function roundUp16(n: number): number {
  return Math.ceil(n / IPS_PER_PREFIX) * IPS_PER_PREFIX;
}

/** aws/amazon-vpc-cni-k8s:pkg/ipamd/datastore/data_store.go getDeletableENI (our order: newest ENI first). */
export function getDeletableEni(s: NodeState, p: IpamdParams, now: number): Eni | undefined {
  const candidates = [...s.enis].sort((a, b) => b.index - a.index);
  for (const e of candidates) {
    if (e.primary || e.trunk) continue;
    if (now - e.attachedAt < p.minEniLifetimeMs) continue; // minENILifeTime
    if (e.cidrs.some((c) => activeCooling(c, now) > 0)) continue; // IPs in cooldown
    if (e.cidrs.some((c) => c.assigned > 0)) continue; // has pods
    let otherFree = 0;
    let otherTotal = 0;
    let otherFreePrefixes = 0;
    for (const o of s.enis) {
      if (o === e) continue;
      for (const c of o.cidrs) {
        otherTotal += c.size;
        otherFree += c.size - c.assigned;
        if (c.assigned === 0) otherFreePrefixes++;
      }
    }
    const wip = p.prefixDelegation ? roundUp16(p.warmIpTarget) : p.warmIpTarget;
    const mip = p.prefixDelegation ? roundUp16(p.minimumIpTarget) : p.minimumIpTarget;
    if (wip > 0 && otherFree < wip) continue; // required for WARM_IP_TARGET
    if (mip > 0 && otherTotal < mip) continue; // required for MINIMUM_IP_TARGET
    // isRequiredForWarmPrefixTarget is checked whenever PD is on and WARM_PREFIX_TARGET != 0, IP targets or not
    // (data_store.go getDeletableENI: `ds.isPDEnabled && warmPrefixTarget != 0 && ...`; ipamd.go tryFreeENI passes
    // c.warmPrefixTarget unchanged). So with WARM_IP_TARGET set, an empty ENI stays while the other ENIs hold fewer
    // than WARM_PREFIX_TARGET free prefixes, although the prefix target does not size the pool (issue 15 item 13).
    if (p.prefixDelegation && p.warmPrefixTarget !== 0 && otherFreePrefixes < p.warmPrefixTarget) continue;
    return e;
  }
  return undefined;
}

/** tryFreeENI: detach and delete one deletable ENI. Returns it (or undefined). */
export function tryFreeEni(s: NodeState, p: IpamdParams, now: number, calls: Ec2Calls): Eni | undefined {
  const e = getDeletableEni(s, p, now);
  if (!e) return undefined;
  s.enis = s.enis.filter((x) => x !== e);
  calls.DetachNetworkInterface++;
  calls.DeleteNetworkInterface++;
  return e;
}

/** What one loop iteration did. */
export interface IterationResult {
  increase: IncreaseAction | null;
  cidrsFreed: number;
  eniFreed: Eni | undefined;
  /** Whether any state changed. */
  changed: boolean;
}

/**
 * One pass of `updateIPPoolIfRequired` (aws/amazon-vpc-cni-k8s:pkg/ipamd/ipamd.go, every ipPoolMonitorInterval):
 * low → increase; else too high and 30 s since the last decrease → decrease; then shouldRemoveExtraENIs →
 * tryFreeENI. Stats are taken once at the start, as upstream does.
 */
export function poolIteration(
  s: NodeState,
  p: IpamdParams,
  now: number,
  latency: { eniAttachMs: number; ipAssignMs: number },
  calls: Ec2Calls,
): IterationResult {
  const r: IterationResult = { increase: null, cidrsFreed: 0, eniFreed: undefined, changed: false };
  if (p.provisioningDisabled) return r;
  expireCooldowns(s, now);
  const st = getStats(s, p, now);
  let scaledDown = false;
  if (isDatastorePoolTooLow(st, p)) {
    const a = decideIncrease(s, p, st);
    r.increase = a;
    if (a.kind !== 'none') {
      applyIncrease(s, p, a, now + (a.kind === 'attach' ? latency.eniAttachMs : latency.ipAssignMs), calls);
      r.changed = true;
    }
  } else if (isDatastorePoolTooHigh(st, p) && now - s.lastDecreaseMs > p.decreaseIntervalMs) {
    r.cidrsFreed = decreasePool(s, p, now, calls);
    scaledDown = true;
    if (r.cidrsFreed > 0) r.changed = true;
  }
  if (shouldRemoveExtraEnis(s, p, st)) {
    r.eniFreed = tryFreeEni(s, p, now, calls);
    if (r.eniFreed) r.changed = true;
  }
  if (scaledDown) s.lastDecreaseMs = now;
  return r;
}

/** Where a pod's address lives (so it can be released). */
export interface PodSlot {
  eniId: number;
  cidr: Cidr;
}

/**
 * datastore.AssignPodIPv4Address: the first unassigned, non-cooling, ready address scanning ENIs by index
 * (dense packing; upstream map order is random).
 */
export function assignPodAddress(s: NodeState, p: IpamdParams, now: number): PodSlot | undefined {
  const enis = [...s.enis].sort((a, b) => a.index - b.index);
  for (const e of enis) {
    if (e.trunk && !p.trunkCarriesIps) continue;
    for (const c of e.cidrs) {
      if (c.readyAt > now) continue;
      if (c.size - c.assigned - activeCooling(c, now) > 0) {
        c.assigned++;
        return { eniId: e.id, cidr: c };
      }
    }
  }
  return undefined;
}

/** UnassignPodIPAddress: free the address; it cools down for IP_COOLDOWN_PERIOD. */
export function releasePodAddress(slot: PodSlot, p: IpamdParams, now: number): void {
  if (slot.cidr.assigned > 0) slot.cidr.assigned--;
  if (p.cooldownMs > 0) slot.cidr.cooling.push(now + p.cooldownMs);
}

/** Earliest future time a cooling address becomes reusable, if any. */
export function nextCooldownExpiry(s: NodeState, now: number): number | undefined {
  let best: number | undefined;
  for (const e of s.enis)
    for (const c of e.cidrs)
      for (const t of c.cooling) if (t > now && (best === undefined || t < best)) best = t;
  return best;
}

/** Earliest future time a not-yet-ready CIDR becomes usable, if any. */
export function nextReadyAt(s: NodeState, now: number): number | undefined {
  let best: number | undefined;
  for (const e of s.enis)
    for (const c of e.cidrs)
      if (c.readyAt > now && (best === undefined || c.readyAt < best)) best = c.readyAt;
  return best;
}

/** Addresses the node takes from its subnet(s): each ENI's primary address plus every secondary IP / prefix. */
export function subnetAddresses(s: NodeState): number {
  let n = 0;
  for (const e of s.enis) {
    n += 1;
    for (const c of e.cidrs) n += c.size;
  }
  return n;
}

/** Compact, comparable snapshot of the pool (for fixed-point detection). */
export function fingerprint(s: NodeState): string {
  return s.enis
    .map(
      (e) =>
        `${e.index}${e.trunk ? 't' : ''}:${e.cidrs.length}/${e.cidrs.reduce((a, c) => a + c.assigned, 0)}`,
    )
    .join(',');
}
