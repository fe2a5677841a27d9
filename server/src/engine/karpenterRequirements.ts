/**
 * Which instance types a Karpenter NodePool's requirements select, evaluated as Karpenter does. Pure; never
 * throws.
 *
 * Semantics (sigs.k8s.io/karpenter @22664681):
 * - `pkg/scheduling/requirement.go` NewRequirementWithFlexibility: `In`/`NotIn`/`Exists`/`DoesNotExist` are a
 *   value set with a complement flag; `Gt N` is "exists, >= N+1", `Lt N` "exists, <= N-1", `Gte`/`Lte`
 *   inclusive. Requirements on the same key are intersected (`Intersection`; bounds that cross become
 *   `DoesNotExist`; `minValues` takes the larger).
 * - `pkg/controllers/provisioning/scheduling/nodeclaim.go` compatible → `pkg/scheduling/requirements.go`
 *   Intersects: only keys the instance type defines are compared, so requirements on custom labels never
 *   restrict types. A key matches when the value sets intersect (`HasIntersection`; bounds accept integer values
 *   only, Go `strconv.Atoi`), or when both sides are `NotIn`/`DoesNotExist`: a type without the label satisfies
 *   `NotIn` and `DoesNotExist`, never `In`, `Exists`, `Gt` or `Lt`.
 * - `pkg/cloudprovider/types.go` SatisfiesMinValues / Truncate: a NodeClaim needs at least `minValues` distinct
 *   values of the key among its types; with the default `MIN_VALUES_POLICY=Strict`
 *   (`pkg/operator/options/options.go`) nothing launches otherwise, with `BestEffort` Karpenter relaxes it.
 *
 * Custom labels (outside the well-known domains) never restrict types. A type's labels come from `typeLabelValues`. Offering labels (`topology.kubernetes.io/zone`, `region`,
 * `topology.k8s.aws/zone-id`, `karpenter.sh/capacity-type` on-demand/spot) select offerings, not types: we treat
 * every type as offered there (the catalog has no per-zone availability). Anything else we cannot evaluate
 * (other well-known labels such as `karpenter.k8s.aws/nitro-sandbox`, capacity reservations, placement groups,
 * `reserved` capacity, labels of types without label data) is *unknown*: the type then only *may* match.
 *
 * @module
 */
import type { Catalog } from './catalog';
import type { InstanceTypeInfo } from './catalogEntry';
import { goAtoi } from './goParse';
import { NORMALIZED_LABELS, typeLabelValues, type NodeTraits } from './karpenterLabels';

/** A requirement as written (`key`, `operator`, `values`, optional `minValues`). */
export interface PlainRequirement {
  key: string;
  operator: string;
  values: string[];
  minValues?: number;
}

/** Karpenter's requirement: a value set or its complement, with optional integer bounds. */
interface Req {
  complement: boolean;
  values: Set<string>;
  gte?: number;
  lte?: number;
  minValues?: number;
}

const ZONE_KEYS = new Set([
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'topology.k8s.aws/zone-id',
]);
const CAPACITY_TYPE = 'karpenter.sh/capacity-type';

/** Karpenter's key normalization (`NormalizedLabels`). */
export function normalizeLabelKey(key: string): string {
  return NORMALIZED_LABELS[key] ?? key;
}

function toInt(s: string | undefined): number | undefined {
  const v = goAtoi(s ?? '');
  return v === undefined || !Number.isSafeInteger(v) ? undefined : v;
}

/** Our Req for one written requirement; undefined when Karpenter's validation would reject it. */
function parse(r: PlainRequirement): Req | undefined {
  const minValues = r.minValues;
  const base = (complement: boolean, values: string[] = []): Req =>
    minValues === undefined
      ? { complement, values: new Set(values) }
      : { complement, values: new Set(values), minValues };
  switch (r.operator) {
    case 'In':
      return base(false, r.values);
    case 'NotIn':
      return base(true, r.values);
    case 'Exists':
      return base(true);
    case 'DoesNotExist':
      return base(false);
    case 'Gt':
    case 'Lt':
    case 'Gte':
    case 'Lte': {
      // nodeclaim.go validation: a single non-negative integer value
      const n = r.values.length === 1 ? toInt(r.values[0]) : undefined;
      if (n === undefined || n < 0) return undefined;
      const q = base(true);
      if (r.operator === 'Gt') q.gte = n + 1;
      if (r.operator === 'Gte') q.gte = n;
      if (r.operator === 'Lt') q.lte = n - 1;
      if (r.operator === 'Lte') q.lte = n;
      return q;
    }
    default:
      return undefined;
  }
}

function withinBounds(v: string, gte?: number, lte?: number): boolean {
  if (gte === undefined && lte === undefined) return true;
  const n = toInt(v);
  if (n === undefined) return false;
  return (gte === undefined || n >= gte) && (lte === undefined || n <= lte);
}

const maxOf = (a?: number, b?: number): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const minOf = (a?: number, b?: number): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/** requirement.go Intersection. */
function intersect(a: Req, b: Req): Req {
  const complement = a.complement && b.complement;
  let gte = maxOf(a.gte, b.gte);
  let lte = minOf(a.lte, b.lte);
  const minValues = maxOf(a.minValues, b.minValues);
  const out = (r: Req): Req => (minValues === undefined ? r : { ...r, minValues });
  if (gte !== undefined && lte !== undefined && gte > lte)
    return out({ complement: false, values: new Set() });
  let values: Set<string>;
  if (a.complement && b.complement) values = new Set([...a.values, ...b.values]);
  else if (a.complement) values = new Set([...b.values].filter((v) => !a.values.has(v)));
  else if (b.complement) values = new Set([...a.values].filter((v) => !b.values.has(v)));
  else values = new Set([...a.values].filter((v) => b.values.has(v)));
  for (const v of values) if (!withinBounds(v, gte, lte)) values.delete(v);
  if (!complement) gte = lte = undefined;
  const r: Req = { complement, values };
  if (gte !== undefined) r.gte = gte;
  if (lte !== undefined) r.lte = lte;
  return out(r);
}

/** requirement.go Operator, reduced to what Intersects asks: is it NotIn or DoesNotExist? */
function negative(r: Req): boolean {
  return r.complement ? r.values.size > 0 : r.values.size === 0;
}

/** requirements.go Intersects for one key: the type's values `have` (a non-complement set) against `want`. */
function typeMatches(have: string[], want: Req): boolean {
  const hit = want.complement
    ? have.some((v) => !want.values.has(v) && withinBounds(v, want.gte, want.lte))
    : have.some((v) => want.values.has(v));
  if (hit) return true;
  // Both sides NotIn/DoesNotExist: a type without the label satisfies NotIn and DoesNotExist.
  return negative(want) && have.length === 0;
}

/**
 * Domains whose labels instance types (or Karpenter) define: a key there that we have no figures for is unknown.
 * Any other key is a custom label: instance types do not define it, so it never restricts them.
 * (`karpenter.k8s.aws` and `karpenter.sh` are Karpenter's restricted domains, aws/karpenter-provider-aws:pkg/apis/v1/labels.go;
 * `eks.amazonaws.com` labels are EKS Auto Mode's own.)
 */
const WELL_KNOWN_DOMAINS = [
  'karpenter.k8s.aws/',
  'karpenter.sh/',
  'eks.amazonaws.com/',
  'kubernetes.io/',
  'node.kubernetes.io/',
  'topology.kubernetes.io/',
  'topology.k8s.aws/',
];

function isCustomLabel(key: string): boolean {
  return !WELL_KNOWN_DOMAINS.some((d) => key.startsWith(d));
}

/** Offering labels: every type is taken to be offered in every zone, on-demand and spot. */
function offeringMatch(key: string, want: Req): boolean | undefined {
  if (ZONE_KEYS.has(key)) {
    if (want.gte !== undefined || want.lte !== undefined) return false; // zone names are not integers
    return want.complement || want.values.size > 0;
  }
  if (key === CAPACITY_TYPE) {
    if (want.gte !== undefined || want.lte !== undefined) return false;
    // Every type supports on-demand; spot almost all. `reserved` needs a capacity reservation: unknown.
    const has = ['on-demand', 'spot'].some((v) =>
      want.complement ? !want.values.has(v) : want.values.has(v),
    );
    if (has) return true;
    return want.complement || want.values.has('reserved') ? undefined : false;
  }
  return undefined;
}

/** How one requirement key came out over the candidate types. */
export type KeyVerdict = 'yes' | 'no' | 'unknown';

/** Result of {@link expandKarpenterRequirements}. */
export interface KarpenterSelection {
  /** Types that match every requirement. */
  sure: InstanceTypeInfo[];
  /** Types that match every requirement we can evaluate, but not surely the others. */
  maybe: InstanceTypeInfo[];
  /** Indices (into the input) of requirements we could not evaluate for some type in `maybe`. */
  unevaluated: number[];
  /** Indices of requirements Karpenter's validation would reject (operator or value). */
  invalid: number[];
  /**
   * `minValues` the candidates cannot meet: with `MIN_VALUES_POLICY=Strict` (the default) Karpenter launches
   * nothing, with `BestEffort` it relaxes them; every candidate is then in `maybe`.
   */
  minValuesUnmet: Array<{ index: number; key: string; needed: number; found: number }>;
}

/**
 * Expand NodePool requirements over the catalog. `traits` describe the node class (a Windows AMI family
 * changes `kubernetes.io/os`).
 */
export function expandKarpenterRequirements(
  catalog: Catalog,
  requirements: readonly PlainRequirement[],
  traits: NodeTraits = {},
): KarpenterSelection {
  const invalid: number[] = [];
  const byKey = new Map<string, { req: Req; indices: number[] }>();
  requirements.forEach((raw, i) => {
    const key = normalizeLabelKey(raw.key);
    const r = parse(raw);
    if (!r) {
      invalid.push(i);
      return;
    }
    const prev = byKey.get(key);
    if (prev) {
      prev.req = intersect(r, prev.req);
      prev.indices.push(i);
    } else byKey.set(key, { req: r, indices: [i] });
  });
  const keys = [...byKey.entries()];
  const sure: InstanceTypeInfo[] = [];
  const maybe: InstanceTypeInfo[] = [];
  const unknownKeys = new Set<string>();
  // Invalid requirements: the API would reject the NodePool; what it selects is unknown.
  for (const info of catalog.list()) {
    let verdict: KeyVerdict = invalid.length > 0 ? 'unknown' : 'yes';
    const unknownHere: string[] = [];
    for (const [key, { req }] of keys) {
      const offering = offeringMatch(key, req);
      let ok: boolean | undefined;
      if (isCustomLabel(key)) ok = true;
      else if (offering !== undefined || ZONE_KEYS.has(key) || key === CAPACITY_TYPE) ok = offering;
      else {
        const have = typeLabelValues(info, key, traits);
        ok = have === undefined ? undefined : typeMatches(have, req);
      }
      if (ok === false) {
        verdict = 'no';
        break;
      }
      if (ok === undefined) {
        verdict = 'unknown';
        unknownHere.push(key);
      }
    }
    if (verdict === 'no') continue;
    if (verdict === 'yes') sure.push(info);
    else {
      maybe.push(info);
      for (const k of unknownHere) unknownKeys.add(k);
    }
  }
  // minValues: distinct values of the key among every candidate (SatisfiesMinValues on the whole set).
  const minValuesUnmet: KarpenterSelection['minValuesUnmet'] = [];
  const candidates = [...sure, ...maybe];
  for (const [key, { req, indices }] of keys) {
    if (req.minValues === undefined || isCustomLabel(key)) continue;
    const seen = new Set<string>();
    let unknown = false;
    for (const info of candidates) {
      const have = typeLabelValues(info, key, traits);
      if (have === undefined) unknown = true;
      else for (const v of have) seen.add(v);
    }
    if (seen.size >= req.minValues) continue;
    if (unknown) unknownKeys.add(key);
    const index = indices.find((i) => requirements[i]?.minValues !== undefined) ?? indices[0] ?? 0;
    minValuesUnmet.push({ index, key, needed: req.minValues, found: seen.size });
  }
  if (minValuesUnmet.length > 0) {
    maybe.unshift(...sure.splice(0));
  }
  const unevaluated = keys
    .filter(([key]) => unknownKeys.has(key))
    .flatMap(([, { indices }]) => indices)
    .sort((a, b) => a - b);
  return { sure, maybe, unevaluated, invalid, minValuesUnmet };
}
