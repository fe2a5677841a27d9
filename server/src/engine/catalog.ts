/**
 * The instance catalog: published per-type figures, lookups, did-you-mean and user overrides. Pure.
 *
 * @module
 */
import data from './catalog-data.json';
import { decodeEntry, type InstanceTypeInfo, isPlausibleTypeName } from './catalogEntry';
import { compareTypeNames, parseCatalogFile } from './catalogFile';
import { suggestNames } from './suggest';

/** Outcome of resolving a type name: the entry, or a note with suggestions. Never throws. */
export type ResolveResult =
  | { readonly found: true; readonly info: InstanceTypeInfo }
  | { readonly found: false; readonly name: string; readonly note: string; readonly suggestions: string[] };

/** Read-only view of instance figures. */
export interface Catalog {
  /** Provenance of the base data. */
  readonly source: string;
  /** When the base data was generated (ISO 8601). */
  readonly generatedAt: string;
  /** Number of types. */
  readonly size: number;
  /** Problems found while building this catalog (bad override entries etc.). */
  readonly problems: readonly string[];
  /** Exact (case-sensitive) lookup. */
  lookup(name: string): InstanceTypeInfo | undefined;
  /** Whether the base (published) data has this type, i.e. it was not only added by an override. */
  isPublished(name: string): boolean;
  /** All entries in natural name order. */
  list(): readonly InstanceTypeInfo[];
  /** Did-you-mean suggestions for an unknown name (edit distance, then family match). */
  suggest(name: string, limit?: number): string[];
  /** Lookup with a human-readable note and suggestions when not found. */
  resolve(name: string): ResolveResult;
}

const MAX_CACHED_SUGGESTIONS = 4096;

class MapCatalog implements Catalog {
  private readonly byName: Map<string, InstanceTypeInfo>;
  private sorted: InstanceTypeInfo[] | undefined;
  private names: string[] | undefined;
  /** Did-you-mean results by name: unknown names are resolved again at every analysis. */
  private readonly suggestions = new Map<string, string[]>();

  constructor(
    readonly source: string,
    readonly generatedAt: string,
    entries: Iterable<InstanceTypeInfo>,
    private readonly published: ReadonlySet<string>,
    readonly problems: readonly string[],
  ) {
    this.byName = new Map();
    for (const e of entries) this.byName.set(e.name, e);
  }

  get size(): number {
    return this.byName.size;
  }

  lookup(name: string): InstanceTypeInfo | undefined {
    return typeof name === 'string' ? this.byName.get(name) : undefined;
  }

  isPublished(name: string): boolean {
    return this.published.has(name);
  }

  list(): readonly InstanceTypeInfo[] {
    this.sorted ??= [...this.byName.values()].sort((a, b) => compareTypeNames(a.name, b.name));
    return this.sorted;
  }

  suggest(name: string, limit = 5): string[] {
    this.names ??= this.list().map((e) => e.name);
    // Scoring compares the name with every type (about 5 ms for 1,391 types): keep the answers,
    // bounded so that a flood of distinct names cannot grow the cache without end.
    const key = `${limit} ${name}`;
    const known = this.suggestions.get(key);
    if (known) return [...known];
    const found = suggestNames(name, this.names, limit);
    if (this.suggestions.size >= MAX_CACHED_SUGGESTIONS) this.suggestions.clear();
    this.suggestions.set(key, found);
    return [...found];
  }

  resolve(name: string): ResolveResult {
    const info = this.lookup(name);
    if (info) return { found: true, info };
    const shown = typeof name === 'string' ? name : String(name);
    const suggestions = typeof name === 'string' ? this.suggest(name) : [];
    const plausible = typeof name === 'string' && isPlausibleTypeName(name);
    let note = plausible
      ? `Unknown instance type "${shown}": not in the catalog (${this.source ? 'generated ' + this.generatedAt : 'no source'}). ` +
        'The CNI would look it up with ec2:DescribeInstanceTypes at runtime; its figures cannot be verified offline. ' +
        'Add it with vpcCniLint.instanceTypes or --catalog.'
      : `"${shown}" is not a valid instance type name (expected e.g. "m5.large").`;
    if (suggestions.length > 0) note += ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`;
    return { found: false, name: shown, note, suggestions };
  }
}

let defaultInstance: Catalog | undefined;

/** The catalog shipped with the engine (`catalog-data.json`), built once. */
export function defaultCatalog(): Catalog {
  if (!defaultInstance) {
    const parsed = parseCatalogFile(data as unknown, 'catalog');
    defaultInstance = new MapCatalog(
      parsed.source,
      parsed.generatedAt,
      parsed.entries,
      new Set(parsed.entries.map((e) => e.name)),
      parsed.problems,
    );
  }
  return defaultInstance;
}

/** Build a catalog from a parsed catalog document (e.g. a maintainer-generated file). */
export function catalogFromFile(raw: unknown): Catalog {
  const parsed = parseCatalogFile(raw, 'catalog');
  return new MapCatalog(
    parsed.source,
    parsed.generatedAt,
    parsed.entries,
    new Set(parsed.entries.map((e) => e.name)),
    parsed.problems,
  );
}

/** Result of {@link withOverrides}. */
export interface OverrideResult {
  catalog: Catalog;
  /** One message per rejected entry or field; rejected entries are left out, the rest applied. */
  problems: string[];
  /** Names that were added or changed. */
  applied: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The engine's problems with one user entry for `name` over `base`, in the user's terms, without
 * building a catalog (checking many entries must not copy the catalog once per entry).
 */
export function entryProblems(base: Catalog, name: string, raw: unknown): string[] {
  const existing = base.lookup(name);
  return decodeEntry(name, raw, 'override', existing, existing?.notes ?? []).problems;
}

/**
 * Apply user entries (setting `vpcCniLint.instanceTypes`, CLI `--catalog FILE`) over `base`.
 *
 * `entries` is a map of instance type → entry in the catalog's array form or the readable object form
 * (`schemas/catalog-entry.schema.json`); a whole catalog document (`{ "types": { ... } }`) is accepted too.
 * Object entries for known types may be partial (missing fields come from `base`). Invalid entries are reported in
 * `problems` and skipped; this function never throws.
 */
export function withOverrides(base: Catalog, entries: unknown): OverrideResult {
  const problems: string[] = [];
  const applied: string[] = [];
  let map: Record<string, unknown> = {};
  if (isRecord(entries) && isRecord(entries.types)) map = entries.types;
  else if (isRecord(entries)) map = entries;
  else if (entries !== undefined && entries !== null) {
    problems.push('instance type overrides must be an object mapping instance type names to entries');
  }
  const merged = new Map<string, InstanceTypeInfo>();
  for (const e of base.list()) merged.set(e.name, e);
  for (const [name, raw] of Object.entries(map)) {
    const existing = merged.get(name);
    const r = decodeEntry(name, raw, 'override', existing, existing?.notes ?? []);
    if (r.entry) {
      merged.set(name, r.entry);
      applied.push(name);
    } else problems.push(...r.problems);
  }
  const published = new Set(
    base
      .list()
      .filter((e) => base.isPublished(e.name))
      .map((e) => e.name),
  );
  const catalog = new MapCatalog(base.source, base.generatedAt, merged.values(), published, [
    ...base.problems,
    ...problems,
  ]);
  return { catalog, problems, applied };
}
