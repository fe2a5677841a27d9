/**
 * `vpc-cni-lint catalog`: the instance figures we hold (all types as a table, or one type in detail).
 * Exit 0 ok, 2 usage error or unknown type (with did-you-mean).
 */
import { type Catalog, entryToObject, type InstanceTypeInfo, tableMaxPods } from '../../engine';
import { parseArgs, table } from './args';
import type { CommandResult } from './maxPods';

export const CATALOG_USAGE = `Usage: vpc-cni-lint catalog [--instance-type T] [--json]

The instance figures vpc-cni-lint holds (default network card), with their source.

  --instance-type T   one type in detail
  --json              machine-readable output
  --help
`;

const SPEC = {
  'instance-type': { kind: 'value' },
  json: { kind: 'bool' },
  help: { kind: 'bool' },
} as const;

function show(v: unknown): string {
  return v === null || v === undefined ? '-' : String(v);
}

function toJson(e: InstanceTypeInfo): Record<string, unknown> {
  return { name: e.name, ...entryToObject(e), maxPods: tableMaxPods(e), origin: e.origin, notes: e.notes };
}

/** Run `catalog`. */
export function runCatalog(argv: string[], catalog: Catalog): CommandResult {
  let a;
  try {
    a = parseArgs(argv, SPEC);
  } catch (err) {
    return {
      stdout: '',
      stderr: `vpc-cni-lint catalog: ${(err as Error).message}\n\n${CATALOG_USAGE}`,
      exitCode: 2,
    };
  }
  if (a.bools.has('help')) return { stdout: CATALOG_USAGE, stderr: '', exitCode: 0 };
  const json = a.bools.has('json');
  const type = a.values.get('instance-type');
  const meta = { source: catalog.source, generatedAt: catalog.generatedAt, types: catalog.size };
  if (type !== undefined) {
    const r = catalog.resolve(type);
    if (!r.found) return { stdout: '', stderr: `vpc-cni-lint catalog: ${r.note}\n`, exitCode: 2 };
    const e = r.info;
    if (json)
      return {
        stdout: JSON.stringify({ ...meta, type: toJson(e) }, null, 2) + '\n',
        stderr: '',
        exitCode: 0,
      };
    const rows: (string | number)[][] = [
      ['instance type', e.name],
      ['ENIs (default card)', e.enis],
      ['IPv4 per ENI', e.ipv4PerEni],
      ['max pods (table)', `${tableMaxPods(e)}  = ${e.enis} x (${e.ipv4PerEni} - 1) + 2`],
      ['hypervisor', e.hypervisor],
      ['bare metal', String(e.bareMetal)],
      [
        'network cards',
        `${e.networkCardEnis.length} (ENIs per card: ${e.networkCardEnis.join(', ')}; default ${e.defaultNetworkCard})`,
      ],
      ['branch interfaces', show(e.branchInterfaces)],
      ['trunking compatible', show(e.trunkingCompatible)],
      ['vCPUs', show(e.vcpus)],
      ['architecture', show(e.arch)],
      ['origin', e.origin === 'override' ? 'user override' : 'catalog'],
    ];
    const lines = [
      table(rows),
      ...e.notes.map((n) => `note: ${n}`),
      `source: ${catalog.source}`,
      `generated: ${catalog.generatedAt}`,
    ];
    return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
  }
  const list = catalog.list();
  if (json)
    return {
      stdout: JSON.stringify({ ...meta, types: list.map(toJson) }, null, 2) + '\n',
      stderr: '',
      exitCode: 0,
    };
  const rows: (string | number)[][] = [
    ['type', 'ENIs', 'IPv4/ENI', 'maxPods', 'hypervisor', 'metal', 'branch', 'trunk', 'vCPUs', 'arch'],
  ];
  for (const e of list) {
    rows.push([
      e.name,
      e.enis,
      e.ipv4PerEni,
      tableMaxPods(e),
      e.hypervisor,
      e.bareMetal ? 'yes' : 'no',
      show(e.branchInterfaces),
      show(e.trunkingCompatible),
      show(e.vcpus),
      show(e.arch),
    ]);
  }
  const head = `# ${catalog.size} instance types; source: ${catalog.source}; generated ${catalog.generatedAt}`;
  return { stdout: `${head}\n${table(rows)}\n`, stderr: '', exitCode: 0 };
}
