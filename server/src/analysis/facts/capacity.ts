/**
 * Capacity facts of the analysed document: one evaluated row per node scope × instance type, under the CNI
 * view in scope that leaves the type the fewest pod addresses, with the capacity, the max-pods the node's
 * kubelet ends up with (and where that comes from), the anchor of a finding, and one verdict computed in one
 * function ({@link verdictOf}). The capacity rules filter rows by verdict and phrase them.
 */
import type { Span } from '../../syntax';
import { nodeMaxPods, recommendedOf, type Capacity, type NodeMaxPods } from '../capacity';
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
 * - `tool-unaware`: Karpenter or nodeadm computes max-pods without knowing a CNI setting that changes the
 *   capacity, and lands above it, or below the recommended value with prefix delegation;
 * - `mixed-static`: one static max-pods for several instance types, above this type's capacity;
 * - `ok`: none of these (also when max-pods is unknown).
 */
export type Verdict = 'exceeds' | 'tool-unaware' | 'mixed-static' | 'ok';

export interface CapacityRow {
  scope: NodeScope;
  type: ScopedType;
  /** The CNI view that gives this type the fewest addresses. */
  view: CniView;
  cap: Capacity;
  capacity: number;
  maxPods: NodeMaxPods;
  /** Where a finding about this row goes (the deciding setting, else the type or the node); may be elsewhere. */
  anchor: Span | undefined;
  verdict: Verdict;
}

export interface ScopeCapacity {
  scope: NodeScope;
  /** Rows of the types whose capacity is known, in the scope's order. */
  rows: CapacityRow[];
  /** The smallest capacity of the scope's types (Infinity when none is known): a value for all must fit it. */
  fitsAll: number;
}

/** Max-pods a tool computes on its own, without the CNI settings (the user's expression is not). */
export function toolComputed(mp: NodeMaxPods): boolean {
  return mp.computed && !mp.fromExpression && (mp.tool === 'karpenter' || mp.tool === 'al2023-nodeadm');
}

/** The recommended max-pods (calculator cap) of a row's type under its view. */
export function recommendedFor(ctx: RuleContext, row: CapacityRow): number | null {
  return recommendedOf(ctx.catalog, row.type.name, row.cap).value;
}

/** The one verdict function. */
function verdictOf(ctx: RuleContext, row: Omit<CapacityRow, 'verdict'>): Verdict {
  const mp = row.maxPods;
  if (mp.value === null) return 'ok';
  if (toolComputed(mp)) {
    const b = row.cap.result.budget;
    const right = recommendedOf(ctx.catalog, row.type.name, row.cap).value;
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
      const capacity = worst?.cap.result.value;
      if (!worst || capacity === null || capacity === undefined) continue;
      const maxPods = nodeMaxPods(ctx.catalog, node, type.name, worst.cap.settings);
      const anchor = maxPods.setting?.span ?? anchorFor(ctx, scope, type);
      const row = { scope, type, view: worst.view, cap: worst.cap, capacity, maxPods, anchor };
      rows.push({ ...row, verdict: verdictOf(ctx, row) });
    }
    out.push({ scope, rows, fitsAll: Math.min(...rows.map((r) => r.capacity)) });
  }
  return out;
});
