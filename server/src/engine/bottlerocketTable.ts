/**
 * Bottlerocket's shipped max-pods table, release by release: which instance types pluto finds in
 * `/usr/share/eks/eni-max-pods` (bottlerocket-os/bottlerocket-core-kit:packages/os/eni-max-pods; pluto
 * `generate_max_pods` looks the type up by exact name) and the value it sets. A type not in the table gets no
 * `settings.kubernetes.max-pods` from pluto, so the kubelet template's `{{default 110 settings.kubernetes.max-pods}}`
 * applies (domain.md c.8). Facts in our own format (`bottlerocket-table.json`, written by
 * `scripts/import-bottlerocket-table.ts` from the core-kit tags). Pure.
 *
 * @module
 */
import data from './bottlerocket-table.json';

/** A range of core-kit releases that ship the same table. */
export interface ToolTableRelease {
  from: string;
  fromDate: string;
  to: string;
  toDate: string;
  /** Commit of the `to` tag. */
  commit: string;
  /** Types in the table. */
  types: number;
}

/** One type's row in a tool's table. */
export interface ToolTableEntry {
  maxPods: number;
  /** The first release range that ships the row. */
  since: ToolTableRelease;
}

const file = data as unknown as {
  source: string;
  releases: ToolTableRelease[];
  types: Record<string, [number, number]>;
};

/** Provenance of the table: source path and the release ranges we carry (oldest first). */
export const BOTTLEROCKET_TABLE: { readonly source: string; readonly releases: readonly ToolTableRelease[] } =
  {
    source: file.source,
    releases: file.releases,
  };

/** The newest release range we carry. */
export const BOTTLEROCKET_LATEST = file.releases[file.releases.length - 1] as ToolTableRelease;

/** Bottlerocket's row for `name` in the newest table we carry, or undefined when pluto would find none. */
export function bottlerocketTableEntry(name: string): ToolTableEntry | undefined {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(file.types, name)) return undefined;
  const row = file.types[name];
  const since = row ? file.releases[row[1]] : undefined;
  return row && since ? { maxPods: row[0], since } : undefined;
}
