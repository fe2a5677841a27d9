/**
 * The on-disk catalog format (`catalog-data.json`, CLI `--catalog FILE`): parse and serialize. Pure.
 *
 * ```json
 * {
 *   "format": "vpc-cni-lint/catalog@1",
 *   "source": "where the figures came from",
 *   "generatedAt": "2026-08-22T00:00:00.000Z",
 *   "fields": ["enis", "ipv4PerEni", ...],
 *   "notes": { "i4i.large": ["..."] },
 *   "types": { "m5.large": [3, 10, "nitro", false, 0, [3], 9, true, 2, "amd64"] }
 * }
 * ```
 *
 * @module
 */
import {
  CATALOG_FIELDS,
  type CompactEntry,
  decodeEntry,
  encodeEntry,
  type InstanceTypeInfo,
} from './catalogEntry';

/** Format marker written into every catalog file. */
export const CATALOG_FORMAT = 'vpc-cni-lint/catalog@1';

/** The JSON document. */
export interface CatalogFile {
  format: string;
  source: string;
  generatedAt: string;
  fields: string[];
  notes?: Record<string, string[]>;
  types: Record<string, CompactEntry>;
}

/** Result of reading a catalog document. Never throws. */
export interface ParsedCatalogFile {
  source: string;
  generatedAt: string;
  entries: InstanceTypeInfo[];
  problems: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read a catalog document (already JSON-parsed). Bad entries are skipped and reported. */
export function parseCatalogFile(
  raw: unknown,
  origin: 'catalog' | 'override' = 'catalog',
): ParsedCatalogFile {
  const problems: string[] = [];
  if (!isRecord(raw)) {
    return { source: '', generatedAt: '', entries: [], problems: ['catalog must be a JSON object'] };
  }
  const source = typeof raw.source === 'string' ? raw.source : '';
  const generatedAt = typeof raw.generatedAt === 'string' ? raw.generatedAt : '';
  if (raw.format !== undefined && raw.format !== CATALOG_FORMAT) {
    problems.push(`unsupported catalog format ${JSON.stringify(raw.format)} (expected "${CATALOG_FORMAT}")`);
  }
  if (raw.fields !== undefined) {
    const same =
      Array.isArray(raw.fields) &&
      raw.fields.length === CATALOG_FIELDS.length &&
      raw.fields.every((f, i) => f === CATALOG_FIELDS[i]);
    if (!same) {
      problems.push(`"fields" must be ${JSON.stringify(CATALOG_FIELDS)}`);
      return { source, generatedAt, entries: [], problems };
    }
  }
  const notes: Record<string, string[]> = {};
  if (isRecord(raw.notes)) {
    for (const [k, v] of Object.entries(raw.notes)) {
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) notes[k] = v as string[];
      else problems.push(`notes.${k}: must be a list of strings`);
    }
  }
  if (!isRecord(raw.types)) {
    problems.push('catalog needs a "types" object mapping instance type to entry');
    return { source, generatedAt, entries: [], problems };
  }
  const entries: InstanceTypeInfo[] = [];
  for (const [name, v] of Object.entries(raw.types)) {
    const r = decodeEntry(name, v, origin, undefined, notes[name] ?? []);
    problems.push(...r.problems);
    if (r.entry) entries.push(r.entry);
  }
  return { source, generatedAt, entries, problems };
}

/** Natural order for instance type names (`m5.large` < `m5.xlarge` < `m5.2xlarge` < `m5.10xlarge`). */
export function compareTypeNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Serialize a catalog: stable key order, one type per line (diff-friendly), trailing newline.
 */
export function serializeCatalogFile(
  meta: { source: string; generatedAt: string; notes?: Record<string, string[]> },
  entries: readonly InstanceTypeInfo[],
): string {
  const sorted = [...entries].sort((a, b) => compareTypeNames(a.name, b.name));
  const lines: string[] = [];
  lines.push('{');
  lines.push(`  "format": ${JSON.stringify(CATALOG_FORMAT)},`);
  lines.push(`  "source": ${JSON.stringify(meta.source)},`);
  lines.push(`  "generatedAt": ${JSON.stringify(meta.generatedAt)},`);
  lines.push(`  "fields": ${JSON.stringify(CATALOG_FIELDS)},`);
  const noteKeys = Object.keys(meta.notes ?? {}).sort(compareTypeNames);
  lines.push('  "notes": {');
  noteKeys.forEach((k, i) => {
    const comma = i < noteKeys.length - 1 ? ',' : '';
    lines.push(`    ${JSON.stringify(k)}: ${JSON.stringify(meta.notes?.[k] ?? [])}${comma}`);
  });
  lines.push('  },');
  lines.push('  "types": {');
  sorted.forEach((e, i) => {
    const comma = i < sorted.length - 1 ? ',' : '';
    lines.push(`    ${JSON.stringify(e.name)}: ${JSON.stringify(encodeEntry(e))}${comma}`);
  });
  lines.push('  }');
  lines.push('}');
  return lines.join('\n') + '\n';
}
