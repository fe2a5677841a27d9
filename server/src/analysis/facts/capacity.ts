/**
 * Capacity facts of the analysed document: one evaluated row per node scope × instance type, under the CNI
 * view in scope that leaves the type the fewest pod addresses, with the capacity, the max-pods the node's
 * kubelet ends up with (and where that comes from, decided by the engine's `nodeMaxPods`), the recommended
 * value, the anchor of a finding, and one verdict computed in one function ({@link verdictOf}). Beside them,
 * the rows under the first view in which prefix delegation is in force, where a max-pods left at the
 * secondary-IP value is `below`. The capacity rules filter rows by verdict and phrase them.
 */
import { tableMaxPods } from '../../engine';
import type { Span } from '../../syntax';
import { capacityOf, nodeMaxPods, recommendedOf, type Capacity, type NodeMaxPods } from '../capacity';
import {
  anchorFor,
  cniViews,
  nodeScopes,
  worstCapacity,
  type CniView,
  type NodeScope,
  type ScopedType,
} from '../scope';
import type { RuleContext } from '../types';
import { query } from './query';

/**
 * - `exceeds`: max-pods (explicit, computed by a tool that knows the CNI settings, or the user's expression)
 *   above the capacity;
 * - `below`: prefix delegation in force, but max-pods (explicit, or the AL2 or Bottlerocket table value) at or
 *   below the secondary-IP table value, or under half of the value it should be raised to;
 * - `tool-unaware`: Karpenter or nodeadm computes max-pods without knowing a CNI setting that changes the
 *   capacity, and lands above it, or below the recommended value with prefix delegation;
 * - `mixed-static`: one static max-pods for several instance types, above this type's capacity;
 * - `ok`: none of these (also when max-pods is unknown).
 */
export type Verdict = 'exceeds' | 'below' | 'tool-unaware' | 'mixed-static' | 'ok';

export interface CapacityRow {
  scope: NodeScope;
  type: ScopedType;
  /** The CNI view this row is evaluated under. */
  view: CniView;
  cap: Capacity;
  capacity: number;
  maxPods: NodeMaxPods;
  /** The recommended max-pods (calculator cap) of the type under the view; null when unknown. */
  recommended: number | null;
  /** Where a finding about this row goes (the deciding setting, else the type or the node); may be elsewhere. */
  anchor: Span | undefined;
  verdict: Verdict;
}

/** A row under the prefix-delegation view, with the value a `below` max-pods should be raised to. */
export interface PrefixRow extends CapacityRow {
  /** The recommended value for a computed max-pods, the smallest recommended of the scope for a static one. */
  target: number;
}

export interface ScopeCapacity {
  scope: NodeScope;
  /** Rows of the types whose capacity is known, in the scope's order, each under the view that leaves it fewest. */
  rows: CapacityRow[];
  /** The smallest capacity of the scope's types (Infinity when none is known): a value for all must fit it. */
  fitsAll: number;
  /**
   * Rows under the first CNI view in which prefix delegation is in force for some type of the scope, for the
   * types with prefix delegation in force and a recommended value; empty when there is none.
   */
  prefix: PrefixRow[];
}

/** Max-pods a tool computes on its own, without the CNI settings (the user's expression is not). */
export function toolComputed(mp: NodeMaxPods): boolean {
  return mp.computed && !mp.fromExpression && (mp.tool === 'karpenter' || mp.tool === 'al2023-nodeadm');
}

type Unjudged<R extends CapacityRow> = Omit<R, 'verdict'>;

/** The one verdict function: `row` under the worst view, or under the prefix-delegation view (`target` set). */
function verdictOf(ctx: RuleContext, row: Unjudged<CapacityRow> & { target?: number }): Verdict {
  const mp = row.maxPods;
  if (mp.value === null) return 'ok';
  if (row.target !== undefined) {
    // Karpenter's and nodeadm's own values are tool-unaware's; an expression is the user's.
    if (mp.computed && mp.tool !== 'al2-bootstrap' && mp.tool !== 'bottlerocket') return 'ok';
    const info = ctx.catalog.lookup(row.type.name);
    if (!info || mp.value >= row.target) return 'ok';
    return mp.value <= tableMaxPods(info) || mp.value * 2 < row.target ? 'below' : 'ok';
  }
  if (toolComputed(mp)) {
    const b = row.cap.result.budget;
    const right = row.recommended;
    if (!b || right === null) return 'ok';
    const unaware =
      b.mode === 'prefix' || b.primaryUnused || b.trunkSlotLost || b.maxEni < b.eniLimit || b.unmanaged > 0;
    const tooHigh = mp.value > row.capacity;
    const tooLow = b.mode === 'prefix' && mp.value < right;
    return unaware && (tooHigh || tooLow) ? 'tool-unaware' : 'ok';
  }
  if (mp.value <= row.capacity) return 'ok';
  return !mp.computed && row.scope.types.length > 1 ? 'mixed-static' : 'exceeds';
}

function rowOf(
  ctx: RuleContext,
  scope: NodeScope,
  type: ScopedType,
  view: CniView,
  cap: Capacity,
): Unjudged<CapacityRow> | undefined {
  const node = scope.node;
  const capacity = cap.result.value;
  if (!node || capacity === null) return undefined;
  const maxPods = nodeMaxPods(ctx.catalog, node, type.name, cap.settings);
  const recommended = recommendedOf(ctx.catalog, type.name, cap).value;
  const anchor = maxPods.setting?.span ?? anchorFor(ctx, scope, type);
  return { scope, type, view, cap, capacity, maxPods, recommended, anchor };
}

/** The rows of the first view with prefix delegation in force for some type of the scope. */
function prefixRows(ctx: RuleContext, scope: NodeScope, views: CniView[]): PrefixRow[] {
  for (const view of views) {
    const rows = scope.types.flatMap((type) => {
      const cap = capacityOf(ctx.catalog, type.name, view.source);
      if (!ctx.catalog.lookup(type.name) || cap.result.budget?.mode !== 'prefix') return [];
      const row = rowOf(ctx, scope, type, view, cap);
      return row && row.recommended !== null ? [{ ...row, recommended: row.recommended }] : [];
    });
    if (rows.length === 0) continue;
    const fitsAll = Math.min(...rows.map((r) => r.recommended));
    return rows.map((r) => {
      const target = r.maxPods.computed ? r.recommended : fitsAll;
      return { ...r, target, verdict: verdictOf(ctx, { ...r, target }) };
    });
  }
  return [];
}

/** Capacity facts of the document's own node definitions (EKS Auto Mode classes excepted). */
export const capacityFacts = query((ctx: RuleContext): ScopeCapacity[] => {
  const views = cniViews(ctx);
  const out: ScopeCapacity[] = [];
  for (const scope of nodeScopes(ctx, { ownOnly: true })) {
    const node = scope.node;
    if (!node || node.kind === 'auto-mode-nodeclass') continue;
    const rows: CapacityRow[] = [];
    for (const type of scope.types) {
      const worst = worstCapacity(ctx, views, type.name);
      const row = worst && rowOf(ctx, scope, type, worst.view, worst.cap);
      if (row) rows.push({ ...row, verdict: verdictOf(ctx, row) });
    }
    out.push({
      scope,
      rows,
      fitsAll: Math.min(...rows.map((r) => r.capacity)),
      prefix: prefixRows(ctx, scope, views),
    });
  }
  return out;
});
