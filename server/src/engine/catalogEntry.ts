/**
 * One instance type's published figures, and the two JSON shapes we accept for it:
 *
 * - the **compact array** used in `catalog-data.json` (positional, see {@link CATALOG_FIELDS}), and
 * - a **readable object** (`{ "enis": 3, "ipv4PerEni": 10, ... }`) for user overrides
 *   (`vpcCniLint.instanceTypes`, CLI `--catalog FILE`), described by `schemas/catalog-entry.schema.json`.
 *
 * Decoding never throws: structural problems come back as strings.
 *
 * @module
 */

/** Hypervisor as the CNI limits table records it (`aws/amazon-vpc-cni-k8s:pkg/vpc/vpc_ip_resource_limit.go`). */
export type Hypervisor = 'nitro' | 'xen' | 'unknown';

/** Where an entry came from. */
export type EntryOrigin = 'catalog' | 'override';

/** Published figures for one instance type. All ENI figures are for the default network card. */
export interface InstanceTypeInfo {
  /** Instance type name, e.g. `m5.large`. */
  readonly name: string;
  /** `MaximumNetworkInterfaces` of the default network card (the CNI's `ENILimit`). */
  readonly enis: number;
  /** `Ipv4AddressesPerInterface` (the ENI's primary address included). */
  readonly ipv4PerEni: number;
  readonly hypervisor: Hypervisor;
  readonly bareMetal: boolean;
  /** `DefaultNetworkCardIndex` (0 for every type today). */
  readonly defaultNetworkCard: number;
  /** Maximum ENIs per network card, indexed by card index. */
  readonly networkCardEnis: readonly number[];
  /** Branch ENIs for security groups for pods (`vpc.amazonaws.com/pod-eni`); null when no source has it. */
  readonly branchInterfaces: number | null;
  /** Whether a trunk ENI can be attached; null when no source has it (the CNI then assumes true). */
  readonly trunkingCompatible: boolean | null;
  /** `VCpuInfo.DefaultVCpus`; null when unknown. */
  readonly vcpus: number | null;
  /** `amd64` / `arm64`; null when unknown. */
  readonly arch: string | null;
  readonly origin: EntryOrigin;
  /** Provenance remarks (e.g. a discrepancy between upstream sources). */
  readonly notes: readonly string[];
}

/** Field order of the compact array form. */
export const CATALOG_FIELDS = [
  'enis',
  'ipv4PerEni',
  'hypervisor',
  'bareMetal',
  'defaultNetworkCard',
  'networkCardEnis',
  'branchInterfaces',
  'trunkingCompatible',
  'vcpus',
  'arch',
] as const;

/** The compact array form of an entry (position = {@link CATALOG_FIELDS}). */
export type CompactEntry = [
  number,
  number,
  Hypervisor,
  boolean,
  number,
  number[],
  number | null,
  boolean | null,
  number | null,
  string | null,
];

/** Readable object form of an entry (user overrides). Only `enis` and `ipv4PerEni` are required for new types. */
export interface ObjectEntry {
  enis?: number;
  ipv4PerEni?: number;
  hypervisor?: Hypervisor;
  bareMetal?: boolean;
  defaultNetworkCard?: number;
  networkCardEnis?: number[];
  branchInterfaces?: number | null;
  trunkingCompatible?: boolean | null;
  vcpus?: number | null;
  arch?: string | null;
}

/** Upper bounds used for sanity checks (far above any real type, below absurd input). */
const MAX_ENIS = 1024;
const MAX_IPS_PER_ENI = 1024;
const MAX_VCPUS = 100_000;

/** Result of decoding one entry. */
export interface DecodeResult {
  entry?: InstanceTypeInfo;
  problems: string[];
}

const HYPERVISORS: readonly string[] = ['nitro', 'xen', 'unknown'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkInt(
  name: string,
  field: string,
  v: unknown,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    problems.push(`${name}: "${field}" must be an integer from ${min} to ${max} (got ${describe(v)})`);
    return undefined;
  }
  return v;
}

function checkNullableInt(
  name: string,
  field: string,
  v: unknown,
  min: number,
  max: number,
  problems: string[],
): number | null | undefined {
  if (v === null) return null;
  return checkInt(name, field, v, min, max, problems);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return typeof v;
  }
}

/** A syntactically plausible instance type name (`family.size`, lowercase, digits, `-`). */
export function isPlausibleTypeName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/.test(name);
}

/**
 * Decode one entry from either JSON shape. When `base` is given (overriding an existing type), the object form
 * may be partial and missing fields are taken from `base`; the array form must always be complete.
 */
export function decodeEntry(
  name: string,
  raw: unknown,
  origin: EntryOrigin,
  base?: InstanceTypeInfo,
  notes: readonly string[] = [],
): DecodeResult {
  const problems: string[] = [];
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) {
    return { problems: [`instance type name must be a non-empty string of at most 64 characters`] };
  }
  if (!isPlausibleTypeName(name)) {
    problems.push(
      `${name}: not a valid instance type name (expected lowercase "family.size", e.g. "m5.large")`,
    );
    return { problems };
  }
  let obj: Record<string, unknown>;
  if (Array.isArray(raw)) {
    if (raw.length !== CATALOG_FIELDS.length) {
      problems.push(
        `${name}: array form needs ${CATALOG_FIELDS.length} values (${CATALOG_FIELDS.join(', ')}), got ${raw.length}`,
      );
      return { problems };
    }
    obj = {};
    CATALOG_FIELDS.forEach((f, i) => (obj[f] = raw[i]));
  } else if (isRecord(raw)) {
    obj = raw;
    for (const k of Object.keys(raw)) {
      if (!(CATALOG_FIELDS as readonly string[]).includes(k)) {
        problems.push(`${name}: unknown field "${k}" (known: ${CATALOG_FIELDS.join(', ')})`);
      }
    }
    if (!base) {
      for (const req of ['enis', 'ipv4PerEni'] as const) {
        if (!(req in raw)) problems.push(`${name}: "${req}" is required for a type not in the catalog`);
      }
    }
  } else {
    problems.push(`${name}: entry must be an array or an object (got ${describe(raw)})`);
    return { problems };
  }
  const pick = (f: (typeof CATALOG_FIELDS)[number]): unknown =>
    f in obj ? obj[f] : base ? base[f] : undefined;

  const enis = checkInt(name, 'enis', pick('enis'), 1, MAX_ENIS, problems);
  const ipv4PerEni = checkInt(name, 'ipv4PerEni', pick('ipv4PerEni'), 1, MAX_IPS_PER_ENI, problems);
  const hvRaw = pick('hypervisor') ?? 'unknown';
  let hypervisor: Hypervisor = 'unknown';
  if (typeof hvRaw === 'string' && HYPERVISORS.includes(hvRaw)) hypervisor = hvRaw as Hypervisor;
  else
    problems.push(`${name}: "hypervisor" must be one of ${HYPERVISORS.join(', ')} (got ${describe(hvRaw)})`);
  const bmRaw = pick('bareMetal') ?? false;
  if (typeof bmRaw !== 'boolean')
    problems.push(`${name}: "bareMetal" must be true or false (got ${describe(bmRaw)})`);
  const dncRaw = pick('defaultNetworkCard') ?? 0;
  const defaultNetworkCard = checkInt(name, 'defaultNetworkCard', dncRaw, 0, 64, problems);
  let networkCardEnis: number[] | undefined;
  const ncRaw = pick('networkCardEnis');
  if (ncRaw === undefined || (base && !('networkCardEnis' in obj) && 'enis' in obj)) {
    // Not given (or only `enis` overridden): a single card carrying `enis`.
    networkCardEnis = enis === undefined ? undefined : [enis];
  } else if (Array.isArray(ncRaw) && ncRaw.length >= 1 && ncRaw.length <= 64) {
    const cards: number[] = [];
    ncRaw.forEach((c, i) => {
      const v = checkInt(name, `networkCardEnis[${i}]`, c, 0, MAX_ENIS, problems);
      if (v !== undefined) cards.push(v);
    });
    if (cards.length === ncRaw.length) networkCardEnis = cards;
  } else {
    problems.push(`${name}: "networkCardEnis" must be a list of 1 to 64 integers (got ${describe(ncRaw)})`);
  }
  if (
    networkCardEnis &&
    defaultNetworkCard !== undefined &&
    enis !== undefined &&
    networkCardEnis[defaultNetworkCard] !== enis
  ) {
    problems.push(
      `${name}: "networkCardEnis"[${defaultNetworkCard}] (${describe(networkCardEnis[defaultNetworkCard])}) must equal "enis" (${enis}) for the default network card`,
    );
  }
  const branchInterfaces = checkNullableInt(
    name,
    'branchInterfaces',
    pick('branchInterfaces') ?? null,
    0,
    100_000,
    problems,
  );
  const tcRaw = pick('trunkingCompatible') ?? null;
  if (tcRaw !== null && typeof tcRaw !== 'boolean') {
    problems.push(`${name}: "trunkingCompatible" must be true, false or null (got ${describe(tcRaw)})`);
  }
  const vcpus = checkNullableInt(name, 'vcpus', pick('vcpus') ?? null, 1, MAX_VCPUS, problems);
  const archRaw = pick('arch') ?? null;
  if (archRaw !== null && (typeof archRaw !== 'string' || !/^[a-z0-9_]{1,16}$/.test(archRaw))) {
    problems.push(`${name}: "arch" must be a short lowercase string such as "amd64" or "arm64", or null`);
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    entry: {
      name,
      enis: enis as number,
      ipv4PerEni: ipv4PerEni as number,
      hypervisor,
      bareMetal: bmRaw as boolean,
      defaultNetworkCard: defaultNetworkCard as number,
      networkCardEnis: networkCardEnis as number[],
      branchInterfaces: branchInterfaces as number | null,
      trunkingCompatible: tcRaw as boolean | null,
      vcpus: vcpus as number | null,
      arch: archRaw as string | null,
      origin,
      notes,
    },
  };
}

/** Encode an entry in the compact array form. */
export function encodeEntry(e: InstanceTypeInfo): CompactEntry {
  return [
    e.enis,
    e.ipv4PerEni,
    e.hypervisor,
    e.bareMetal,
    e.defaultNetworkCard,
    [...e.networkCardEnis],
    e.branchInterfaces,
    e.trunkingCompatible,
    e.vcpus,
    e.arch,
  ];
}

/** Encode an entry in the readable object form. */
export function entryToObject(e: InstanceTypeInfo): Required<ObjectEntry> {
  return {
    enis: e.enis,
    ipv4PerEni: e.ipv4PerEni,
    hypervisor: e.hypervisor,
    bareMetal: e.bareMetal,
    defaultNetworkCard: e.defaultNetworkCard,
    networkCardEnis: [...e.networkCardEnis],
    branchInterfaces: e.branchInterfaces,
    trunkingCompatible: e.trunkingCompatible,
    vcpus: e.vcpus,
    arch: e.arch,
  };
}
