/**
 * Build `server/src/engine/catalog-data.json` from the reference CSV of published per-type figures.
 *
 *   npx tsx scripts/import-reference-csv.ts ../shared/reference/instance-limits.csv server/src/engine/catalog-data.json \
 *       [--generated-at ISO-8601]
 *
 * CSV columns used: instance_type, enis, ipv4_per_eni, hypervisor, bare_metal, default_network_card,
 * network_card_max_enis (`index:maxENIs;...`), branch_interfaces, trunking_compatible, vcpus, arch.
 * Figures are facts; the file is written in our own format (see server/src/engine/catalogFile.ts).
 *
 * Deliberate decisions (also recorded in the catalog's `notes`):
 * - i4i.large: the VPC resource controller's limits (aws/amazon-vpc-resource-controller-k8s:pkg/aws/vpc/limits.go)
 *   say 0 branch interfaces / not trunking-compatible, Karpenter's newer copy
 *   (aws/karpenter-provider-aws:pkg/providers/instancetype/zz_generated.vpclimits.go) says 9 / compatible. We keep
 *   the controller's figures: the controller is what attaches trunk ENIs and the CNI vendors its table for
 *   IsTrunkingCompatible. The engine surfaces the note whenever the type is used with security groups for pods.
 * - 28 types have no vCPU count in the CSV nor in Karpenter's reference (karpenter-labels.csv instance-cpu). Six of
 *   them (p3.*, f1.*) are filled from {@link VCPU_SUPPLEMENT} (eksctl's table generated from the EC2 API, cited
 *   per type in the catalog's notes); the other 22 keep `vcpus` null (we never invent figures). The engine
 *   estimates the calculator's 110/250 cap from the size name and says so in a note; `scripts/gen-catalog.ts`
 *   fills vCPUs from `DefaultVCpus` when a maintainer refreshes the catalog from EC2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeEntry, type InstanceTypeInfo } from '../server/src/engine/catalogEntry';
import { serializeCatalogFile } from '../server/src/engine/catalogFile';

/** Known upstream disagreements, resolved deliberately (see header). */
export const KNOWN_DISCREPANCIES: Record<string, string[]> = {
  'i4i.large': [
    'Upstream sources disagree on branch interfaces: amazon-vpc-resource-controller-k8s limits.go says 0 / not trunking-compatible, karpenter-provider-aws zz_generated.vpclimits.go says 9 / compatible. We keep the controller figures (the controller attaches trunk ENIs); security groups for pods may or may not work on this type depending on the controller version.',
  ],
};

/**
 * vCPU figures for types the CSV leaves blank, from eksctl-io/eksctl:pkg/nodebootstrap/reserved_data.go at commit
 * 144daf29 ("generated 2020-07-16 ... Data downloaded through the API", i.e. EC2 DescribeInstanceTypes DefaultVCpus).
 */
export const VCPU_SUPPLEMENT: Record<string, number> = {
  'p3.2xlarge': 8,
  'p3.8xlarge': 32,
  'p3.16xlarge': 64,
  'f1.2xlarge': 8,
  'f1.4xlarge': 16,
  'f1.16xlarge': 64,
};
const VCPU_SUPPLEMENT_NOTE =
  "vCPUs from eksctl-io/eksctl:pkg/nodebootstrap/reserved_data.go (commit 144daf29, generated 2020-07-16 from the EC2 API); instance-limits.csv and Karpenter's reference have none for this type.";

/** Minimal RFC 4180 line splitter (quotes supported, no embedded newlines needed here). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseBoolCell(s: string): boolean | null {
  if (s === 'true') return true;
  if (s === 'false') return false;
  return null;
}

function parseIntCell(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : null;
}

/** Convert the CSV text into entries; problems are collected, not thrown. */
export function importReferenceCsv(text: string): { entries: InstanceTypeInfo[]; problems: string[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const problems: string[] = [];
  if (lines.length === 0) return { entries: [], problems: ['empty CSV'] };
  const header = splitCsvLine(lines[0]);
  const col = (name: string): number => header.indexOf(name);
  const need = [
    'instance_type',
    'enis',
    'ipv4_per_eni',
    'hypervisor',
    'bare_metal',
    'default_network_card',
    'network_card_max_enis',
    'branch_interfaces',
    'trunking_compatible',
    'vcpus',
    'arch',
  ];
  const missing = need.filter((n) => col(n) < 0);
  if (missing.length > 0) return { entries: [], problems: [`CSV lacks columns: ${missing.join(', ')}`] };
  const entries: InstanceTypeInfo[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const get = (n: string): string => (cells[col(n)] ?? '').trim();
    const name = get('instance_type');
    const cards: number[] = [];
    for (const part of get('network_card_max_enis').split(';').filter(Boolean)) {
      const [idx, max] = part.split(':').map((x) => Number(x));
      if (idx !== cards.length) problems.push(`${name}: network cards not contiguous from 0 (${part})`);
      cards.push(max);
    }
    const hv = get('hypervisor');
    const raw = {
      enis: parseIntCell(get('enis')),
      ipv4PerEni: parseIntCell(get('ipv4_per_eni')),
      hypervisor: hv === 'nitro' || hv === 'xen' ? hv : 'unknown',
      bareMetal: parseBoolCell(get('bare_metal')) ?? false,
      defaultNetworkCard: parseIntCell(get('default_network_card')) ?? 0,
      networkCardEnis: cards.length > 0 ? cards : undefined,
      branchInterfaces: parseIntCell(get('branch_interfaces')),
      trunkingCompatible: parseBoolCell(get('trunking_compatible')),
      vcpus: parseIntCell(get('vcpus')) ?? VCPU_SUPPLEMENT[name] ?? null,
      arch: get('arch') || null,
    };
    const notes = [...(KNOWN_DISCREPANCIES[name] ?? [])];
    if (parseIntCell(get('vcpus')) === null && VCPU_SUPPLEMENT[name] !== undefined)
      notes.push(VCPU_SUPPLEMENT_NOTE);
    const r = decodeEntry(name, raw, 'catalog', undefined, notes);
    problems.push(...r.problems);
    if (r.entry) entries.push(r.entry);
  }
  return { entries, problems };
}

function main(argv: string[]): number {
  const args = [...argv];
  let generatedAt = new Date().toISOString();
  const gi = args.indexOf('--generated-at');
  if (gi >= 0) {
    generatedAt = args[gi + 1] ?? generatedAt;
    args.splice(gi, 2);
  }
  const [csvPath, outPath] = args;
  if (!csvPath || !outPath) {
    process.stderr.write(
      'usage: tsx scripts/import-reference-csv.ts <instance-limits.csv> <out.json> [--generated-at ISO]\n',
    );
    return 2;
  }
  const { entries, problems } = importReferenceCsv(readFileSync(csvPath, 'utf8'));
  for (const p of problems) process.stderr.write(`problem: ${p}\n`);
  if (problems.length > 0) return 1;
  const notes: Record<string, string[]> = {};
  for (const e of entries) if (e.notes.length > 0) notes[e.name] = [...e.notes];
  const source =
    'instance-limits.csv: ENIs, IPv4/ENI, hypervisor, bare metal, network cards from aws/amazon-vpc-cni-k8s:pkg/vpc/vpc_ip_resource_limit.go @b52188387f2e (v1.23.1); ' +
    'branch interfaces/trunking from aws/amazon-vpc-resource-controller-k8s:pkg/aws/vpc/limits.go (else aws/karpenter-provider-aws zz_generated.vpclimits.go); ' +
    'vCPUs/arch from aws/karpenter-provider-aws website instance-types.md';
  writeFileSync(outPath, serializeCatalogFile({ source, generatedAt, notes }, entries));
  process.stdout.write(`wrote ${entries.length} types to ${outPath}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
