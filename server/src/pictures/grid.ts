/**
 * The slot-grid model: where every address of one node goes, at a given pod count. One row per ENI slot of the
 * instance type (every network card where there are several), one cell per address slot: the ENI's own primary
 * address, then its secondary IPs or /28 prefixes (16 addresses each). Each cell has a state: used by pods, warm
 * (allocated, free), not allocated, or unusable with the reason.
 *
 * Everything comes from the engine: the ENI budget (`engine/eniBudget.ts`), the warm-pool steady state at the pod
 * count (`engine/warmPool.ts steadyState`, which runs ipamd's own decision functions), the CNI's capacity and every
 * tool's max-pods (`engine/maxPods.ts`). This module only lays the numbers out; it decides nothing about ipamd.
 * Pure; never throws.
 *
 * @module
 */
import {
  allMaxPods,
  type Catalog,
  cniCapacity,
  ExplanationBuilder,
  type MaxPodsTool,
  resolveNodeModel,
  type NodeSpec,
  type IpMode,
  steadyState,
  type SteadyStateResult,
  STEADY_STATE_SCOPE,
  IPS_PER_PREFIX,
} from '../engine';

/** A cell's state. `eni-address` is an attached ENI's own primary address: taken from the subnet, never a pod's. */
export type SlotState = 'used' | 'warm' | 'not-allocated' | 'eni-address' | 'unusable';

/** Why a slot can never hold a pod address. */
export type UnusableReason =
  /** AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: GetAllocatableENIs skips the primary ENI (ipamd.go tryAssignIPs). */
  | 'custom-networking-primary'
  /** ENABLE_POD_ENI: the trunk ENI carries no pod addresses since v1.16.4 (PR #2801). */
  | 'trunk'
  /** ENABLE_POD_ENI on a type that is not trunking-compatible, CNI < v1.20.4: the slot is reserved anyway. */
  | 'trunk-reserved'
  /** At or beyond MAX_ENI (ipamd.go getMaxENI). */
  | 'beyond-max-eni'
  /** ENIs ipamd does not manage (no_manage tag, MANAGE_UNTAGGED_ENI=false, EFA-only). */
  | 'unmanaged'
  /** Network cards other than the default one: ipamd manages card 0 only without ENABLE_MULTI_NIC. */
  | 'other-network-card';

/** Human text for each reason (legends, tooltips, reports). */
export const UNUSABLE_TEXT: Record<UnusableReason, string> = {
  'custom-networking-primary': 'primary ENI under custom networking (no pod addresses)',
  trunk: 'trunk ENI for security groups for pods (no pod addresses)',
  'trunk-reserved': 'slot reserved for a trunk ENI that this type cannot attach',
  'beyond-max-eni': 'beyond MAX_ENI',
  unmanaged: 'ENI not managed by ipamd',
  'other-network-card': 'network card not managed by ipamd',
};

/** One address slot. */
export interface SlotCell {
  /** `eni` = the ENI's primary address; `ip` = a secondary IP; `prefix` = a /28 prefix. */
  kind: 'eni' | 'ip' | 'prefix';
  /** Addresses in the slot: 1, or 16 for a prefix. */
  size: number;
  state: SlotState;
  /** Addresses in use by pods (a prefix can be partly used: then `state` is `used` and `free` > 0). */
  used: number;
  /** Allocated addresses not in use. */
  free: number;
  reason?: UnusableReason;
}

/** One ENI slot of the instance type. */
export interface SlotRow {
  /** Network card index. */
  card: number;
  /** Device index on the card (0 = the node's primary ENI on the default card). */
  index: number;
  /** Attached in the steady state (or, for unusable rows, attached by something other than ipamd). */
  attached: boolean;
  primary: boolean;
  trunk: boolean;
  label: string;
  /** Set when the whole row is unusable for pods. */
  reason?: UnusableReason;
  cells: SlotCell[];
}

/**
 * Per-state totals: cells and addresses. Over pod-address slots (secondary IPs, prefixes), plus `eni-address` for
 * the own addresses of the ENIs ipamd attached. An unattached ENI's own-address cell is drawn but counted nowhere.
 */
export type StateTotals = Record<SlotState, { cells: number; addresses: number }>;

/** One tool's max-pods beside the real capacity. */
export interface ToolMaxPods {
  tool: MaxPodsTool;
  value: number | null;
  uncertain?: string;
}

/** The model of one node at one pod count. */
export interface SlotGrid {
  instanceType: string;
  known: boolean;
  /** aws-node starts with these settings (else the grid is empty and `notes` say why). */
  starts: boolean;
  mode: IpMode | null;
  /** Requested pods (not counting the 2 host-network pods). */
  pods: number;
  sgpPods: number;
  networkCards: number;
  /** Cells per row after the ENI-address cell: `Ipv4AddressesPerInterface - 1`. */
  cidrsPerEni: number;
  rows: SlotRow[];
  totals: StateTotals;
  /** The engine's numbers the grid was laid out from (for captions, tables and tests). */
  engine: {
    enis: number;
    ipsHeld: number;
    prefixesHeld: number;
    assigned: number;
    free: number;
    subnetAddresses: number;
    podsRunning: number;
    podsWithoutIp: number;
    podsUnschedulable: number;
    sgpPodsRunning: number;
    /** Pod addresses the CNI can serve (`cniCapacity().podIps`). */
    podIps: number | null;
    /** Pods incl. the 2 host-network pods (`cniCapacity().value`). */
    capacity: number | null;
    branchPods: number | null;
    /** Node max-pods the steady state used. */
    maxPods: number | null;
    growth: { canGrow: boolean; reason: string };
    churn: boolean;
  };
  tools: ToolMaxPods[];
  notes: string[];
}

/** Input: a node spec (type, env, CNI version, max-pods) and the pod count. */
export interface SlotGridInput extends NodeSpec {
  pods: number;
  sgpPods?: number;
}

const STATES: SlotState[] = ['used', 'warm', 'not-allocated', 'eni-address', 'unusable'];

function emptyTotals(): StateTotals {
  const t = {} as StateTotals;
  for (const s of STATES) t[s] = { cells: 0, addresses: 0 };
  return t;
}

/**
 * Adds a cell to the totals. Pod-address slots count in their state (a partly used prefix is one `used` cell whose
 * free addresses count as warm); an ENI's own address counts only when the ENI is attached by ipamd (`eni-address`),
 * so that `used + warm + eni-address` addresses are what the node takes from its subnet.
 */
function count(t: StateTotals, c: SlotCell): void {
  if (c.kind === 'eni') {
    if (c.state === 'eni-address') {
      t['eni-address'].cells++;
      t['eni-address'].addresses++;
    }
    return;
  }
  if (c.state === 'used' || c.state === 'warm') {
    t[c.state].cells++;
    t.used.addresses += c.used;
    t.warm.addresses += c.free;
  } else {
    t[c.state].cells++;
    t[c.state].addresses += c.size;
  }
}

function unusableRow(
  card: number,
  index: number,
  label: string,
  reason: UnusableReason,
  cidrs: number,
  size: number,
  attached: boolean,
  trunk = false,
  ownAddress = attached,
): SlotRow {
  const kind = size > 1 ? 'prefix' : 'ip';
  return {
    card,
    index,
    attached,
    primary: false,
    trunk,
    label,
    reason,
    cells: [
      ownAddress
        ? { kind: 'eni', size: 1, state: 'eni-address', used: 0, free: 0 }
        : { kind: 'eni', size: 1, state: 'unusable', used: 0, free: 0, reason },
      ...Array.from({ length: cidrs }, (): SlotCell => ({
        kind,
        size,
        state: 'unusable',
        used: 0,
        free: 0,
        reason,
      })),
    ],
  };
}

/**
 * The cells of an ENI ipamd manages, from the steady state's per-ENI summary. The summary gives the CIDRs held and
 * the addresses assigned per ENI; pods are spread over the CIDRs densely in order, the steady state's own placement
 * (`engine/ipamd.ts` module comment: dense packing in ENI and CIDR order).
 */
function managedCells(cidrsPerEni: number, size: number, held: number, assigned: number): SlotCell[] {
  const kind = size > 1 ? 'prefix' : 'ip';
  const cells: SlotCell[] = [{ kind: 'eni', size: 1, state: 'eni-address', used: 0, free: 0 }];
  let left = assigned;
  for (let i = 0; i < cidrsPerEni; i++) {
    if (i >= held) {
      cells.push({ kind, size, state: 'not-allocated', used: 0, free: 0 });
      continue;
    }
    const used = Math.min(size, left);
    left -= used;
    cells.push({ kind, size, state: used > 0 ? 'used' : 'warm', used, free: size - used });
  }
  return cells;
}

/**
 * Lays out the node's slots at `pods` pods. Deterministic; linear in the number of slots.
 */
export function slotGrid(catalog: Catalog, input: SlotGridInput): SlotGrid {
  const inp =
    typeof input === 'object' && input !== null ? input : ({ instanceType: '', pods: 0 } as SlotGridInput);
  const ex = new ExplanationBuilder();
  const { model } = resolveNodeModel(catalog, inp, ex);
  const ss: SteadyStateResult = steadyState(catalog, inp);
  const notes: string[] = [];
  const sgpPods = Number.isInteger(inp.sgpPods) && (inp.sgpPods ?? 0) > 0 ? (inp.sgpPods as number) : 0;
  const base: SlotGrid = {
    instanceType: ss.instanceType,
    known: ss.known,
    starts: ss.starts,
    mode: ss.mode,
    pods: ss.pods,
    sgpPods,
    networkCards: model ? Math.max(1, model.info.networkCardEnis.length) : 0,
    cidrsPerEni: model ? model.budget.cidrsPerEni : 0,
    rows: [],
    totals: emptyTotals(),
    engine: {
      enis: ss.enis,
      ipsHeld: ss.ipsHeld,
      prefixesHeld: ss.prefixesHeld,
      assigned: ss.assigned,
      free: ss.free,
      subnetAddresses: ss.subnetAddresses,
      podsRunning: ss.podsRunning,
      podsWithoutIp: ss.podsWithoutIp,
      podsUnschedulable: ss.podsUnschedulable,
      sgpPodsRunning: ss.sgpPodsRunning,
      podIps: null,
      capacity: null,
      branchPods: null,
      maxPods: ss.maxPods,
      growth: ss.growth,
      churn: ss.churn,
    },
    tools: [],
    notes,
  };
  if (!model) {
    notes.push(...ss.explanation.notes);
    return base;
  }
  const info = model.info;
  const budget = model.budget;
  const cfg = model.settings.nodeConfig;
  const cap = cniCapacity(catalog, info.name, { ...cfg, unmanagedEnis: inp.unmanagedEnis });
  base.engine.podIps = cap.podIps;
  base.engine.capacity = cap.value;
  base.engine.branchPods = cap.branchPods;
  const tools = allMaxPods(catalog, info.name, cfg);
  base.tools = (Object.keys(tools) as MaxPodsTool[]).map((tool) => {
    const r = tools[tool];
    return r.uncertain ? { tool, value: r.value, uncertain: r.uncertain } : { tool, value: r.value };
  });
  if (!ss.starts) {
    for (const f of ss.fatal) notes.push(`aws-node does not start: ${f.message}`);
    if (ss.fatal.length === 0) notes.push(...ss.explanation.notes);
    return base;
  }
  if (ss.mode === 'ipv6') {
    notes.push('IPv6: one /80 prefix on the primary ENI gives every pod an address; there is no slot grid.');
    return base;
  }
  notes.push(STEADY_STATE_SCOPE);
  for (const n of ss.explanation.notes) if (!notes.includes(n)) notes.push(n);

  const size = budget.mode === 'prefix' ? IPS_PER_PREFIX : 1;
  const cidrs = budget.cidrsPerEni;
  const rows: SlotRow[] = [];
  const byIndex = new Map(ss.perEni.map((e) => [e.index, e]));
  const defaultCard = info.defaultNetworkCard;
  const cardEnis = info.networkCardEnis.length > 0 ? info.networkCardEnis : [info.enis];
  const cardLabel = cardEnis.length > 1;
  // The default card's slots, device index order: ipamd's ENIs (primary, trunk, attached ones, room to attach)
  // below MAX_ENI minus the unmanaged ones, which we place last below MAX_ENI (their real indices are not known).
  const managedLimit = budget.maxEni - budget.unmanaged;
  const trunkAttached = ss.perEni.some((e) => e.trunk);
  let reservedTrunk = budget.trunkSlotLost && !trunkAttached;
  for (let card = 0; card < cardEnis.length; card++) {
    const slots = card === defaultCard ? info.enis : cardEnis[card];
    const prefix = cardLabel ? `card ${card} ` : '';
    for (let index = 0; index < slots; index++) {
      const label = `${prefix}ENI ${index}`;
      if (card !== defaultCard) {
        rows.push(unusableRow(card, index, label, 'other-network-card', cidrs, size, false));
        continue;
      }
      if (index >= budget.maxEni) {
        rows.push(
          unusableRow(card, index, `${label} (beyond MAX_ENI)`, 'beyond-max-eni', cidrs, size, false),
        );
        continue;
      }
      if (index >= managedLimit) {
        // attached, but not by ipamd: its own address is not among the steady state's subnet addresses
        rows.push(
          unusableRow(card, index, `${label} (unmanaged)`, 'unmanaged', cidrs, size, true, false, false),
        );
        continue;
      }
      const eni = byIndex.get(index);
      if (eni?.trunk && budget.trunkSlotLost) {
        rows.push(unusableRow(card, index, `${label} (trunk)`, 'trunk', cidrs, size, true, true));
        continue;
      }
      if (!eni && reservedTrunk && index === managedLimit - 1) {
        // hasRoomForEni keeps one slot free for a trunk that never comes; shown as the last managed slot
        reservedTrunk = false;
        rows.push(unusableRow(card, index, `${label} (trunk slot)`, 'trunk-reserved', cidrs, size, false));
        continue;
      }
      if (index === 0 && budget.primaryUnused) {
        const row = unusableRow(
          card,
          index,
          `${label} (primary)`,
          'custom-networking-primary',
          cidrs,
          size,
          true,
        );
        row.primary = true;
        rows.push(row);
        continue;
      }
      const suffix = index === 0 ? ' (primary)' : eni?.trunk ? ' (trunk)' : '';
      rows.push({
        card,
        index,
        attached: eni !== undefined,
        primary: index === 0,
        trunk: eni?.trunk ?? false,
        label: label + suffix,
        cells: eni
          ? managedCells(cidrs, size, eni.cidrs, eni.assigned)
          : [
              { kind: 'eni', size: 1, state: 'not-allocated', used: 0, free: 0 },
              ...Array.from({ length: cidrs }, (): SlotCell => ({
                kind: size > 1 ? 'prefix' : 'ip',
                size,
                state: 'not-allocated',
                used: 0,
                free: 0,
              })),
            ],
      });
    }
  }
  if (cardEnis.length > 1) {
    notes.push(
      model.settings.multiNic.value
        ? `ENABLE_MULTI_NIC: cards other than ${defaultCard} serve only pods annotated for multi-NIC attachment; not modelled here.`
        : `ipamd manages network card ${defaultCard} only (ENABLE_MULTI_NIC is off): the other ${cardEnis.length - 1} cards carry no pod addresses.`,
    );
  }
  const totals = emptyTotals();
  for (const r of rows) for (const c of r.cells) count(totals, c);
  base.rows = rows;
  base.totals = totals;
  return base;
}

/** Human names of the tools (legends and tables). */
export const TOOL_TEXT: Record<MaxPodsTool, string> = {
  cni: 'VPC CNI (real capacity)',
  'max-pods-calculator': 'max-pods-calculator.sh',
  'al2-bootstrap': 'AL2 bootstrap.sh',
  'al2023-nodeadm': 'AL2023 nodeadm',
  karpenter: 'Karpenter',
  bottlerocket: 'Bottlerocket',
  'eks-managed-node-group': 'EKS managed node group',
  'eks-auto-mode': 'EKS Auto Mode',
};

/** Human names of the states. */
export const STATE_TEXT: Record<SlotState, string> = {
  used: 'used by pods',
  warm: 'warm (allocated, free)',
  'not-allocated': 'not allocated',
  'eni-address': "ENI's own address",
  unusable: 'unusable',
};

export { STATES as SLOT_STATES };
