/**
 * The well-known labels Karpenter puts on each instance type, as Karpenter computes them
 * (aws/karpenter-provider-aws:pkg/providers/instancetype/types.go computeRequirements @1d927085). Pure.
 *
 * Per-type figures live in `karpenter-labels-data.json` (our own format, written by
 * `scripts/import-karpenter-labels.ts` from Karpenter's generated instance-types reference):
 *
 * ```json
 * { "format": "vpc-cni-lint/karpenter-labels@1", "source": "...", "generatedAt": "...",
 *   "labels": ["karpenter.k8s.aws/instance-capability-flex", ...],
 *   "types": { "m5.large": ["false", 2, "intel", ...] } }
 * ```
 *
 * A `null` is a label Karpenter does not set on that type (the type's requirement is `DoesNotExist`).
 * `instance-hypervisor` is always set, to EC2's `Hypervisor`, which is empty on bare metal (`""`).
 *
 * What a type's label is, in Karpenter's terms: a set of values. One value for most labels, none when the
 * label is not set, two for `instance-tenancy` (`default`, `dedicated`); unknown (undefined) when we cannot
 * tell offline.
 *
 * @module
 */
import data from './karpenter-labels-data.json';
import type { InstanceTypeInfo } from './catalogEntry';

export const KARPENTER_LABELS_FORMAT = 'vpc-cni-lint/karpenter-labels@1';

/** The on-disk document. */
export interface KarpenterLabelsFile {
  format: string;
  source: string;
  generatedAt: string;
  labels: string[];
  types: Record<string, Array<string | number | null>>;
}

const K = 'karpenter.k8s.aws/';

/** Labels whose per-type values the data file carries, in its column order. */
export const LABEL_DATA_KEYS = [
  `${K}instance-capability-flex`,
  `${K}instance-cpu`,
  `${K}instance-cpu-manufacturer`,
  `${K}instance-cpu-sustained-clock-speed-mhz`,
  `${K}instance-ebs-bandwidth`,
  `${K}instance-encryption-in-transit-supported`,
  `${K}instance-hypervisor`,
  `${K}instance-memory`,
  `${K}instance-network-bandwidth`,
  `${K}instance-local-nvme`,
  `${K}instance-gpu-name`,
  `${K}instance-gpu-manufacturer`,
  `${K}instance-gpu-count`,
  `${K}instance-gpu-memory`,
  `${K}instance-accelerator-name`,
  `${K}instance-accelerator-manufacturer`,
  `${K}instance-accelerator-count`,
  'kubernetes.io/arch',
] as const;

export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
export const LABEL_TENANCY = `${K}instance-tenancy`;
export const LABEL_WINDOWS_BUILD = 'node.kubernetes.io/windows-build';

/** Labels Karpenter derives from the type name (types.go: `instanceTypeScheme`, split on "."). */
export const NAME_LABEL_KEYS = [
  `${K}instance-category`,
  `${K}instance-generation`,
  `${K}instance-family`,
  `${K}instance-size`,
] as const;

/** Old keys Karpenter rewrites before evaluating (sigs.k8s.io/karpenter:pkg/apis/v1/labels.go NormalizedLabels). */
export const NORMALIZED_LABELS: Readonly<Record<string, string>> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
  'beta.kubernetes.io/arch': LABEL_ARCH,
  'beta.kubernetes.io/os': LABEL_OS,
  'beta.kubernetes.io/instance-type': LABEL_INSTANCE_TYPE,
};

/** Karpenter's `instanceTypeScheme`: category, optional `-Ntb`, generation digits, anything, then ".". */
const INSTANCE_TYPE_SCHEME = /^([a-z]+)(-[0-9]+tb)?([0-9]+).*\./;

/** Category, generation, family and size as Karpenter derives them from the name (absent keys: not set). */
export function nameLabels(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const m = INSTANCE_TYPE_SCHEME.exec(name);
  if (m && m[1] !== undefined && m[3] !== undefined) {
    out[`${K}instance-category`] = m[1];
    out[`${K}instance-generation`] = m[3];
  }
  const parts = name.split('.');
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) {
    out[`${K}instance-family`] = parts[0];
    out[`${K}instance-size`] = parts[1];
  }
  return out;
}

/** Parsed data file, built once. */
interface LabelTable {
  source: string;
  generatedAt: string;
  column: Map<string, number>;
  rows: Map<string, Array<string | null>>;
}

let table: LabelTable | undefined;

function labelTable(): LabelTable {
  if (table) return table;
  const file = data as unknown as KarpenterLabelsFile;
  const column = new Map<string, number>();
  const rows = new Map<string, Array<string | null>>();
  if (file.format === KARPENTER_LABELS_FORMAT && Array.isArray(file.labels)) {
    file.labels.forEach((k, i) => column.set(k, i));
    for (const [name, row] of Object.entries(file.types ?? {})) {
      if (Array.isArray(row))
        rows.set(
          name,
          row.map((v) => (v === null ? null : String(v))),
        );
    }
  }
  table = { source: file.source ?? '', generatedAt: file.generatedAt ?? '', column, rows };
  return table;
}

/** Provenance of the label figures. */
export function karpenterLabelsSource(): { source: string; generatedAt: string; types: number } {
  const t = labelTable();
  return { source: t.source, generatedAt: t.generatedAt, types: t.rows.size };
}

/** Whether the data file has figures for `name`. */
export function hasLabelData(name: string): boolean {
  return labelTable().rows.has(name);
}

/** What we know about the node a type would become (the node class decides the OS). */
export interface NodeTraits {
  /** The node class has a Windows AMI family. */
  windows?: boolean;
}

/**
 * The values of label `key` on a node of type `info` (Karpenter's instance-type requirement): `[]` when
 * Karpenter does not set it, undefined when we cannot tell offline. `key` must be normalized.
 */
export function typeLabelValues(
  info: InstanceTypeInfo,
  key: string,
  traits: NodeTraits = {},
): string[] | undefined {
  const name = info.name;
  if (key === LABEL_INSTANCE_TYPE) return [name];
  if ((NAME_LABEL_KEYS as readonly string[]).includes(key)) {
    const v = nameLabels(name)[key];
    return v === undefined ? [] : [v];
  }
  // Every type offers both tenancies (types.go: LabelInstanceTenancy In [default, dedicated]).
  if (key === LABEL_TENANCY) return ['default', 'dedicated'];
  if (key === LABEL_OS) {
    // types.go getOS: a Windows family gives "windows" on amd64 and no value on arm64; others "linux".
    if (!traits.windows) return ['linux'];
    const arch = typeLabelValues(info, LABEL_ARCH, traits);
    if (!arch || arch.length === 0) return undefined;
    return arch[0] === 'amd64' ? ['windows'] : [];
  }
  // Set only for Windows families (to the build of the version); we do not track the version.
  if (key === LABEL_WINDOWS_BUILD) return traits.windows ? undefined : [];
  const t = labelTable();
  const col = t.column.get(key);
  if (col === undefined) return undefined;
  const row = t.rows.get(name);
  if (row) {
    const v = row[col];
    return v === null || v === undefined ? [] : [v];
  }
  // No label data for this type (newer than the reference, or a user override): what the catalog has.
  if (key === LABEL_ARCH && info.arch !== null) return [info.arch];
  if (key === `${K}instance-cpu` && info.vcpus !== null) return [String(info.vcpus)];
  return undefined;
}
