/**
 * Event simulation of ipamd on one or many nodes: pods arrive and leave over time, each node runs ipamd's pool loop
 * (`ipamd.ts poolIteration`) every 5 s, EC2 calls take time, and we record each pod's wait for an address, the EC2
 * calls made, ENI attach/free churn and a time series. Deterministic; pure; never throws.
 *
 * Multi-node API: a list of {@link NodeSpec}s and a list of {@link PodEvent}s. Pods without a `node` are placed
 * by the scheduler: `least-loaded` (default: the node with the fewest pods, ties to the lowest index) or
 * `round-robin` (next node in order with room). A node has room while its pods (plus the 2 host-network pods) are
 * below its max-pods; SGP pods also need a free branch ENI. Pods that fit nowhere stay unschedulable.
 *
 * Simplifications (documented for users): pods ask for an address the moment they are bound and get one as soon as
 * one is usable (kubelet retry back-off is not modelled, so waits are lower bounds); each node starts just after
 * ipamd's init pass; the trunk ENI is attached at start; EC2 calls never fail (no subnet exhaustion).
 *
 * Cost: O((events + nodes x duration / 5 s) x log) — linear in nodes and events.
 *
 * @module
 */
import type { Catalog } from './catalog';
import { ExplanationBuilder } from './explain';
import {
  assignPodAddress,
  type Ec2Calls,
  getStats,
  initialState,
  type IpamdParams,
  isDatastorePoolTooLow,
  newEc2Calls,
  nextCooldownExpiry,
  nextReadyAt,
  type NodeState,
  type PodSlot,
  poolIteration,
  releasePodAddress,
  subnetAddresses,
} from './ipamd';
import { HOST_NETWORK_PODS, IPAMD_TIMING, type NodeModel, type NodeSpec, resolveNodeModel } from './warmPool';

/** Pods arriving or leaving at a time. */
export interface PodEvent {
  /** Seconds from the start. */
  at: number;
  /** Pods to create. */
  add?: number;
  /** Pods to delete (oldest first). */
  remove?: number;
  /** Pin to a node (index or name); otherwise the scheduler decides (add) / cluster-wide oldest (remove). */
  node?: number | string;
  /** The pods use security groups for pods (branch ENIs). */
  sgp?: boolean;
}

/** Timing and output parameters (seconds). Defaults are ipamd's constants. */
export interface SimulationParams {
  loopIntervalS?: number;
  decreaseIntervalS?: number;
  minEniLifetimeS?: number;
  eniAttachS?: number;
  ipAssignS?: number;
  /** Override IP_COOLDOWN_PERIOD (else from each node's env, default 30). */
  ipCooldownS?: number;
  /** Time-series sampling interval (default 5). */
  sampleEveryS?: number;
  /** Simulated time after the last event (default 180). */
  settleS?: number;
  /** Hard stop (default 7200). */
  maxDurationS?: number;
  scheduling?: 'least-loaded' | 'round-robin';
  /** Include a per-node time series (default: only when there is one node). */
  perNodeSeries?: boolean;
  /** Include every pod's record (default true up to 20,000 pods). */
  podRecords?: boolean;
}

/** Input of {@link simulate}. */
export interface SimulationInput {
  nodes: NodeSpec[];
  events: PodEvent[];
  params?: SimulationParams;
}

/** One sample of the cluster (or node). */
export interface SeriesPoint {
  t: number;
  /** Pods with an address (warm-pool pods; SGP pods counted separately). */
  podsRunning: number;
  /** Pods bound to a node, waiting for an address. */
  podsWaiting: number;
  sgpPods: number;
  enis: number;
  ipsHeld: number;
  free: number;
  subnetAddresses: number;
}

/** One pod's life. */
export interface PodRecord {
  id: number;
  node: number | null;
  sgp: boolean;
  createdAt: number;
  /** When it got an address (null: never). */
  ipAt: number | null;
  /** Seconds waited for an address (null: never got one). */
  waitS: number | null;
  removedAt: number | null;
}

/** Per-node outcome. */
export interface NodeSimSummary {
  name: string;
  instanceType: string;
  known: boolean;
  starts: boolean;
  ec2Calls: Ec2Calls;
  eniAttaches: number;
  eniFrees: number;
  /** ENI attached again after one was freed with no pod change in between (WARM_ENI_TARGET=0 pattern). */
  churnCycles: number;
  maxEnis: number;
  final: SeriesPoint;
  series?: SeriesPoint[];
  notes: string[];
}

/** Wait statistics in seconds (pods that got an address). */
export interface WaitStats {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Pods that waited at all (> 0 s). */
  waited: number;
}

/** Simulation result. */
export interface SimulationResult {
  durationS: number;
  nodes: NodeSimSummary[];
  series: SeriesPoint[];
  pods: PodRecord[];
  waits: WaitStats;
  /** Pods still without an address at the end. */
  podsWithoutIp: number;
  /** Pods no node could take. */
  podsUnschedulable: number;
  ec2Calls: Ec2Calls;
  churn: boolean;
  notes: string[];
}

/** Spread `total` pod creations evenly over `overS` seconds (one event per second at most), starting at `startS`. */
export function burstEvents(total: number, overS: number, startS = 0): PodEvent[] {
  const n = Number.isInteger(total) && total > 0 ? total : 0;
  const span = Number.isFinite(overS) && overS > 0 ? overS : 0;
  if (n === 0) return [];
  if (span === 0) return [{ at: startS, add: n }];
  const steps = Math.max(1, Math.min(n, Math.floor(span)));
  const out: PodEvent[] = [];
  let given = 0;
  for (let i = 0; i < steps; i++) {
    const upto = Math.round(((i + 1) * n) / steps);
    if (upto > given) out.push({ at: startS + (i * span) / steps, add: upto - given });
    given = upto;
  }
  return out;
}

// --- a small binary heap ordered by (time, sequence) -------------------------------------------------------------
interface QItem {
  t: number;
  seq: number;
  kind: 'tick' | 'serve' | 'event' | 'sample';
  node: number;
  event?: number;
}
class Heap {
  private a: QItem[] = [];
  private seq = 0;
  get size(): number {
    return this.a.length;
  }
  push(item: Omit<QItem, 'seq'>): void {
    const it = { ...item, seq: this.seq++ };
    this.a.push(it);
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(this.a[p], this.a[i])) break;
      [this.a[p], this.a[i]] = [this.a[i], this.a[p]];
      i = p;
    }
  }
  pop(): QItem | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (this.a.length > 0 && last) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(this.a[l], this.a[m])) m = l;
        if (r < this.a.length && this.less(this.a[r], this.a[m])) m = r;
        if (m === i) break;
        [this.a[m], this.a[i]] = [this.a[i], this.a[m]];
        i = m;
      }
    }
    return top;
  }
  private less(x: QItem, y: QItem): boolean {
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }
}

interface Pod {
  rec: PodRecord;
  slot?: PodSlot;
}

/** A sample with nothing running (a node not set up yet, or the start of an aggregate). */
function emptyPoint(t: number): SeriesPoint {
  return { t, podsRunning: 0, podsWaiting: 0, sgpPods: 0, enis: 0, ipsHeld: 0, free: 0, subnetAddresses: 0 };
}

class NodeRun {
  readonly state: NodeState;
  readonly calls = newEc2Calls();
  readonly running = new Map<number, Pod>(); // warm-pool pods with an address (insertion = age order)
  readonly waiting: Pod[] = []; // FIFO
  readonly sgp = new Map<number, Pod>();
  attaches = 0;
  frees = 0;
  churnCycles = 0;
  maxEnis: number;
  lastPodChangeMs = 0;
  lastFreeMs = Number.NEGATIVE_INFINITY;
  serveAt = Number.POSITIVE_INFINITY;
  readonly series: SeriesPoint[] = [];
  readonly notes: string[];

  constructor(
    readonly index: number,
    readonly name: string,
    readonly model: NodeModel | undefined,
    readonly params: IpamdParams | undefined,
    notes: string[],
  ) {
    this.notes = notes;
    this.state = params ? initialState(params) : { enis: [], lastDecreaseMs: 0, nextEniId: 0 };
    this.maxEnis = this.state.enis.length;
    if (params && model?.starts && model.mode !== 'ipv6' && !params.provisioningDisabled) {
      // ipamd.go nodeInit → handlePreScaling, before the node is Ready
      const st = getStats(this.state, params, 0);
      if (isDatastorePoolTooLow(st, params)) {
        const r = poolIteration(this.state, params, 0, { eniAttachMs: 0, ipAssignMs: 0 }, this.calls);
        if (r.increase?.kind === 'attach') this.attaches++;
      }
    }
  }

  get usable(): boolean {
    return this.model !== undefined && this.model.starts;
  }

  get podCount(): number {
    return this.running.size + this.waiting.length + this.sgp.size;
  }

  get slots(): number {
    if (!this.model) return 0;
    return this.model.maxPods === null
      ? Number.POSITIVE_INFINITY
      : Math.max(0, this.model.maxPods - HOST_NETWORK_PODS);
  }

  hasRoom(sgp: boolean): boolean {
    if (!this.usable || this.podCount >= this.slots) return false;
    if (sgp) return this.sgp.size < (this.model?.budget.branchPods ?? 0);
    return true;
  }

  sample(t: number): SeriesPoint {
    if (!this.params) return emptyPoint(t);
    const st = getStats(this.state, this.params, t * 1000);
    return {
      t,
      podsRunning: this.running.size,
      podsWaiting: this.waiting.length,
      sgpPods: this.sgp.size,
      enis: this.state.enis.length,
      ipsHeld: st.totalIps,
      free: st.available,
      subnetAddresses: subnetAddresses(this.state),
    };
  }
}

function num(v: unknown, def: number, min = 0): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : def;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function addCalls(into: Ec2Calls, from: Ec2Calls): void {
  for (const k of Object.keys(into) as (keyof Ec2Calls)[]) into[k] += from[k];
}

/**
 * Run the event simulation.
 */
export function simulate(catalog: Catalog, input: SimulationInput): SimulationResult {
  const inp =
    typeof input === 'object' && input !== null ? input : ({ nodes: [], events: [] } as SimulationInput);
  const prm = typeof inp.params === 'object' && inp.params !== null ? inp.params : {};
  const loopMs = num(prm.loopIntervalS, IPAMD_TIMING.loopMs / 1000, 0.001) * 1000;
  const attachMs = num(prm.eniAttachS, IPAMD_TIMING.eniAttachMs / 1000) * 1000;
  const assignMs = num(prm.ipAssignS, IPAMD_TIMING.ipAssignMs / 1000) * 1000;
  const sampleMs = num(prm.sampleEveryS, 5, 0.001) * 1000;
  const settleMs = num(prm.settleS, 180) * 1000;
  const maxMs = num(prm.maxDurationS, 7200) * 1000;
  const scheduling = prm.scheduling === 'round-robin' ? 'round-robin' : 'least-loaded';
  const notes: string[] = [];

  const nodeSpecs = Array.isArray(inp.nodes) ? inp.nodes : [];
  const nodes: NodeRun[] = nodeSpecs.map((spec, i) => {
    const ex = new ExplanationBuilder();
    const { model } = resolveNodeModel(catalog, spec, ex);
    let params: IpamdParams | undefined;
    if (model) {
      params = {
        ...model.params,
        decreaseIntervalMs: num(prm.decreaseIntervalS, model.params.decreaseIntervalMs / 1000) * 1000,
        minEniLifetimeMs: num(prm.minEniLifetimeS, model.params.minEniLifetimeMs / 1000) * 1000,
        cooldownMs: prm.ipCooldownS !== undefined ? num(prm.ipCooldownS, 30) * 1000 : model.params.cooldownMs,
      };
      for (const f of model.settings.fatal) ex.note(`aws-node does not start: ${f.message}`);
    }
    const name = typeof spec?.name === 'string' && spec.name ? spec.name : `node-${i + 1}`;
    return new NodeRun(i, name, model, params, ex.build().notes);
  });
  if (nodes.length === 0) notes.push('No nodes given.');
  const byName = new Map(nodes.map((n) => [n.name, n]));

  const events = (Array.isArray(inp.events) ? inp.events : [])
    .filter((e) => typeof e === 'object' && e !== null && Number.isFinite(e.at) && e.at >= 0)
    .sort((a, b) => a.at - b.at);
  const lastEventMs = events.length ? events[events.length - 1].at * 1000 : 0;
  const endMs = Math.min(maxMs, lastEventMs + settleMs);

  const q = new Heap();
  events.forEach((e, i) => q.push({ t: e.at * 1000, kind: 'event', node: -1, event: i }));
  nodes.forEach((n) => {
    if (n.usable) q.push({ t: loopMs / 2, kind: 'tick', node: n.index }); // loop: sleep 2.5 s, update, sleep 2.5 s
  });
  for (let t = 0; t <= endMs; t += sampleMs) q.push({ t, kind: 'sample', node: -1 });

  const allPods: Pod[] = [];
  const unschedulable: Pod[] = [];
  const series: SeriesPoint[] = [];
  const perNodeSeries = prm.perNodeSeries ?? nodes.length === 1;
  let rr = 0;
  let nextPodId = 1;

  const scheduleServe = (n: NodeRun, now: number): void => {
    if (!n.params || n.waiting.length === 0) return;
    const a = nextReadyAt(n.state, now);
    const b = nextCooldownExpiry(n.state, now);
    const t = Math.min(a ?? Number.POSITIVE_INFINITY, b ?? Number.POSITIVE_INFINITY);
    if (t < Number.POSITIVE_INFINITY && t < n.serveAt) {
      n.serveAt = t;
      q.push({ t, kind: 'serve', node: n.index });
    }
  };
  const serve = (n: NodeRun, now: number): void => {
    if (!n.params) return;
    while (n.waiting.length > 0) {
      const slot = assignPodAddress(n.state, n.params, now);
      if (!slot) break;
      const pod = n.waiting.shift() as Pod;
      pod.slot = slot;
      pod.rec.ipAt = now / 1000;
      pod.rec.waitS = (now - pod.rec.createdAt * 1000) / 1000;
      n.running.set(pod.rec.id, pod);
    }
    scheduleServe(n, now);
  };
  const pickNode = (sgp: boolean): NodeRun | undefined => {
    if (scheduling === 'round-robin') {
      for (let k = 0; k < nodes.length; k++) {
        const n = nodes[(rr + k) % nodes.length];
        if (n.hasRoom(sgp)) {
          rr = (n.index + 1) % nodes.length;
          return n;
        }
      }
      return undefined;
    }
    let best: NodeRun | undefined;
    for (const n of nodes) if (n.hasRoom(sgp) && (!best || n.podCount < best.podCount)) best = n;
    return best;
  };
  const addPod = (now: number, sgp: boolean, pinned: NodeRun | undefined): void => {
    const rec: PodRecord = {
      id: nextPodId++,
      node: null,
      sgp,
      createdAt: now / 1000,
      ipAt: null,
      waitS: null,
      removedAt: null,
    };
    const pod: Pod = { rec };
    allPods.push(pod);
    const n = pinned ? (pinned.hasRoom(sgp) ? pinned : undefined) : pickNode(sgp);
    if (!n || !n.params) {
      unschedulable.push(pod);
      return;
    }
    rec.node = n.index;
    n.lastPodChangeMs = now;
    if (sgp) {
      // branch ENI from the VPC resource controller; not from the warm pool (attach latency not modelled)
      rec.ipAt = now / 1000;
      rec.waitS = 0;
      n.sgp.set(rec.id, pod);
      return;
    }
    n.waiting.push(pod);
    serve(n, now);
  };
  const removePods = (now: number, count: number, pinned: NodeRun | undefined, sgp: boolean): void => {
    let left = count;
    const candidates = pinned ? [pinned] : nodes;
    // oldest first: by pod id across the chosen nodes (unschedulable pods go first, they are the cheapest)
    while (left > 0) {
      let victim: { n?: NodeRun; pod: Pod; where: 'running' | 'waiting' | 'sgp' | 'unsched' } | undefined;
      if (!pinned && unschedulable.length > 0 && unschedulable[0].rec.sgp === sgp) {
        victim = { pod: unschedulable[0], where: 'unsched' };
      } else {
        for (const n of candidates) {
          const pool = sgp ? n.sgp : n.running;
          const first = pool.values().next();
          if (!first.done && (!victim || first.value.rec.id < victim.pod.rec.id)) {
            victim = { n, pod: first.value, where: sgp ? 'sgp' : 'running' };
          }
          if (!sgp && n.waiting.length > 0 && (!victim || n.waiting[0].rec.id < victim.pod.rec.id)) {
            victim = { n, pod: n.waiting[0], where: 'waiting' };
          }
        }
      }
      if (!victim) break;
      const { n, pod, where } = victim;
      pod.rec.removedAt = now / 1000;
      if (where === 'unsched') unschedulable.shift();
      else if (n && where === 'waiting') n.waiting.shift();
      else if (n && where === 'sgp') n.sgp.delete(pod.rec.id);
      else if (n && n.params) {
        n.running.delete(pod.rec.id);
        if (pod.slot) releasePodAddress(pod.slot, n.params, now);
      }
      if (n) {
        n.lastPodChangeMs = now;
        serve(n, now);
      }
      left--;
    }
  };

  let now = 0;
  while (q.size > 0) {
    const item = q.pop() as QItem;
    if (item.t > endMs) break;
    now = item.t;
    if (item.kind === 'event') {
      const e = events[item.event as number];
      const pinned =
        e.node === undefined
          ? undefined
          : typeof e.node === 'number'
            ? nodes[e.node]
            : byName.get(String(e.node));
      if (e.node !== undefined && !pinned)
        notes.push(`Event at ${e.at}s names unknown node ${String(e.node)}.`);
      const add = Number.isInteger(e.add) && (e.add as number) > 0 ? (e.add as number) : 0;
      const rem = Number.isInteger(e.remove) && (e.remove as number) > 0 ? (e.remove as number) : 0;
      for (let i = 0; i < add; i++) addPod(now, e.sgp === true, pinned);
      if (rem > 0) removePods(now, rem, pinned, e.sgp === true);
    } else if (item.kind === 'tick') {
      const n = nodes[item.node];
      if (!n.params) continue;
      const r = poolIteration(
        n.state,
        n.params,
        now,
        { eniAttachMs: attachMs, ipAssignMs: assignMs },
        n.calls,
      );
      let blocking = 0;
      if (r.increase?.kind === 'attach') {
        n.attaches++;
        blocking = attachMs;
        // an attach after a free with no pod change in between: churn
        if (n.lastFreeMs > n.lastPodChangeMs) n.churnCycles++;
      } else if (r.increase?.kind === 'assign') blocking = assignMs;
      if (r.eniFreed) {
        n.frees++;
        n.lastFreeMs = now;
      }
      n.maxEnis = Math.max(n.maxEnis, n.state.enis.length);
      serve(n, now);
      q.push({ t: now + blocking + loopMs, kind: 'tick', node: n.index });
    } else if (item.kind === 'serve') {
      const n = nodes[item.node];
      if (n.serveAt === now) n.serveAt = Number.POSITIVE_INFINITY;
      serve(n, now);
    } else {
      const t = now / 1000;
      const agg: SeriesPoint = emptyPoint(t);
      for (const n of nodes) {
        const s = n.sample(t);
        if (perNodeSeries) n.series.push(s);
        agg.podsRunning += s.podsRunning;
        agg.podsWaiting += s.podsWaiting;
        agg.sgpPods += s.sgpPods;
        agg.enis += s.enis;
        agg.ipsHeld += s.ipsHeld;
        agg.free += s.free;
        agg.subnetAddresses += s.subnetAddresses;
      }
      series.push(agg);
    }
  }

  const waits = allPods
    .map((p) => p.rec.waitS)
    .filter((w): w is number => w !== null)
    .sort((a, b) => a - b);
  const totalCalls = newEc2Calls();
  for (const n of nodes) addCalls(totalCalls, n.calls);
  const summaries: NodeSimSummary[] = nodes.map((n) => {
    const s: NodeSimSummary = {
      name: n.name,
      instanceType: String(nodeSpecs[n.index]?.instanceType),
      known: n.model !== undefined,
      starts: n.usable,
      ec2Calls: n.calls,
      eniAttaches: n.attaches,
      eniFrees: n.frees,
      churnCycles: n.churnCycles,
      maxEnis: n.maxEnis,
      final: n.sample(endMs / 1000),
      notes: n.notes,
    };
    if (perNodeSeries) s.series = n.series;
    return s;
  });
  const churn = nodes.some((n) => n.churnCycles > 0);
  if (churn)
    notes.push('ENI churn detected: ENIs freed and attached again with no pod change (WARM_ENI_TARGET=0).');
  const withoutIp = nodes.reduce((a, n) => a + n.waiting.length, 0);
  const wantRecords = prm.podRecords ?? allPods.length <= 20_000;
  return {
    durationS: endMs / 1000,
    nodes: summaries,
    series,
    pods: wantRecords ? allPods.map((p) => p.rec) : [],
    waits: {
      count: waits.length,
      mean: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : 0,
      p50: percentile(waits, 0.5),
      p90: percentile(waits, 0.9),
      p99: percentile(waits, 0.99),
      max: waits.length ? waits[waits.length - 1] : 0,
      waited: waits.filter((w) => w > 0).length,
    },
    podsWithoutIp: withoutIp,
    podsUnschedulable: unschedulable.length,
    ec2Calls: totalCalls,
    churn,
    notes,
  };
}
