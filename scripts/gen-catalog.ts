/**
 * Build the catalog (`server/src/engine/catalog-data.json`, our own format) from EC2 DescribeInstanceTypes output,
 * so a maintainer with AWS credentials can refresh it.
 *
 * 1. For every region to cover (upstream's generator uses 17), save the output of:
 *
 *      aws ec2 describe-instance-types --region REGION --output json > describe-REGION.json
 *
 *    e.g. `for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do
 *            aws ec2 describe-instance-types --region "$r" --output json > "describe-$r.json"; done`
 *    (the CLI follows pagination itself and prints one `{ "InstanceTypes": [...] }` document).
 *
 * 2. npx tsx scripts/gen-catalog.ts describe-*.json [--base server/src/engine/catalog-data.json]
 *        [--out server/src/engine/catalog-data.json] [--drop-missing] [--generated-at ISO-8601]
 *
 * Figures per type (the files are merged; the first file wins when regions disagree, which is reported):
 * - ENIs = NetworkInfo.NetworkCards[DefaultNetworkCardIndex].MaximumNetworkInterfaces (else
 *   NetworkInfo.MaximumNetworkInterfaces), as aws/amazon-vpc-cni-k8s:scripts/gen_vpc_ip_limits.go does;
 *   IPv4 per ENI = NetworkInfo.Ipv4AddressesPerInterface; Hypervisor ("unknown" when absent, as for bare metal);
 *   BareMetal; all network cards; VCpuInfo.DefaultVCpus; ProcessorInfo.SupportedArchitectures (x86_64 → amd64).
 * - Branch interfaces and trunking compatibility are not in DescribeInstanceTypes output (they come from the VPC
 *   resource controller's limits); they are kept from the `--base` catalog's entry, and left unknown (null) for new
 *   types. vCPUs/architecture are taken from the describe output where present, else kept from the base entry.
 * - Base types absent from every describe file are kept (with a warning) unless `--drop-missing`.
 * - Notes of the base catalog (e.g. the i4i.large branch-interface discrepancy) are carried over.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  catalogFromFile,
  type Catalog,
  decodeEntry,
  type InstanceTypeInfo,
  serializeCatalogFile,
} from '../server/src/engine';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** Map EC2 architectures to Kubernetes arch names. */
export function archOf(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  if (list.includes('arm64') || list.includes('arm64_mac')) return 'arm64';
  if (list.includes('x86_64') || list.includes('x86_64_mac')) return 'amd64';
  return null;
}

/** Result of {@link buildFromDescribe}. */
export interface GenResult {
  entries: InstanceTypeInfo[];
  /** Structural problems and cross-region disagreements. */
  problems: string[];
  /** Informational messages (kept/dropped base types, new types). */
  warnings: string[];
  notes: Record<string, string[]>;
}

/**
 * Merge DescribeInstanceTypes documents (one per region) into catalog entries, keeping branch-interface data
 * (and, where the describe output lacks them, vCPUs and architecture) from `base`.
 */
export function buildFromDescribe(
  docs: unknown[],
  base?: Catalog,
  opts: { dropMissing?: boolean } = {},
): GenResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const byName = new Map<string, InstanceTypeInfo>();
  docs.forEach((doc, di) => {
    const list = isRecord(doc) && Array.isArray(doc.InstanceTypes) ? doc.InstanceTypes : undefined;
    if (!list) {
      problems.push(
        `document ${di + 1}: no "InstanceTypes" list (expected aws ec2 describe-instance-types --output json)`,
      );
      return;
    }
    for (const it of list) {
      if (!isRecord(it) || typeof it.InstanceType !== 'string') {
        problems.push(`document ${di + 1}: an entry without InstanceType`);
        continue;
      }
      const name = it.InstanceType;
      const net = isRecord(it.NetworkInfo) ? it.NetworkInfo : {};
      const defaultCard = int(net.DefaultNetworkCardIndex) ?? 0;
      const cardsRaw = Array.isArray(net.NetworkCards) ? net.NetworkCards.filter(isRecord) : [];
      const cards: number[] = [];
      for (const c of cardsRaw) {
        const idx = int(c.NetworkCardIndex);
        const max = int(c.MaximumNetworkInterfaces);
        if (idx !== undefined && max !== undefined && idx >= 0 && idx < 64) cards[idx] = max;
      }
      for (let i = 0; i < cards.length; i++) if (cards[i] === undefined) cards[i] = 0;
      // gen_vpc_ip_limits.go: ENI limit of the default network card
      const enis = cards[defaultCard] ?? int(net.MaximumNetworkInterfaces);
      const old = base?.lookup(name);
      const vcpus = isRecord(it.VCpuInfo) ? int(it.VCpuInfo.DefaultVCpus) : undefined;
      const arch = archOf(isRecord(it.ProcessorInfo) ? it.ProcessorInfo.SupportedArchitectures : undefined);
      const raw = {
        enis,
        ipv4PerEni: int(net.Ipv4AddressesPerInterface),
        hypervisor: it.Hypervisor === 'nitro' || it.Hypervisor === 'xen' ? it.Hypervisor : 'unknown',
        bareMetal: it.BareMetal === true,
        defaultNetworkCard: defaultCard,
        networkCardEnis: cards.length > 0 ? cards : enis !== undefined ? [enis] : undefined,
        branchInterfaces: old?.branchInterfaces ?? null,
        trunkingCompatible: old?.trunkingCompatible ?? null,
        vcpus: vcpus ?? old?.vcpus ?? null,
        arch: arch ?? old?.arch ?? null,
      };
      const r = decodeEntry(name, raw, 'catalog', undefined, old?.notes ?? []);
      if (!r.entry) {
        problems.push(...r.problems.map((p) => `document ${di + 1}: ${p}`));
        continue;
      }
      const prev = byName.get(name);
      if (prev) {
        if (JSON.stringify({ ...prev, notes: [] }) !== JSON.stringify({ ...r.entry, notes: [] })) {
          problems.push(`${name}: figures differ between documents; keeping the first`);
        }
        continue;
      }
      byName.set(name, r.entry);
      if (base && !old) warnings.push(`new type ${name} (no branch-interface data)`);
    }
  });
  if (base) {
    for (const e of base.list()) {
      if (byName.has(e.name)) continue;
      if (opts.dropMissing) warnings.push(`dropped ${e.name} (in base, not in any describe output)`);
      else {
        byName.set(e.name, e);
        warnings.push(`kept ${e.name} from base (not in any describe output)`);
      }
    }
  }
  const notes: Record<string, string[]> = {};
  for (const e of byName.values()) if (e.notes.length > 0) notes[e.name] = [...e.notes];
  return { entries: [...byName.values()], problems, warnings, notes };
}

function main(argv: string[]): number {
  const files: string[] = [];
  let basePath: string | undefined = 'server/src/engine/catalog-data.json';
  let out = 'server/src/engine/catalog-data.json';
  let generatedAt = new Date().toISOString();
  let dropMissing = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--base') basePath = argv[++i];
    else if (a === '--no-base') basePath = undefined;
    else if (a === '--out') out = argv[++i] ?? out;
    else if (a === '--generated-at') generatedAt = argv[++i] ?? generatedAt;
    else if (a === '--drop-missing') dropMissing = true;
    else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(
      'usage: tsx scripts/gen-catalog.ts describe-REGION.json... [--base FILE | --no-base] [--out FILE] [--drop-missing] [--generated-at ISO]\n',
    );
    return 2;
  }
  const base =
    basePath && existsSync(basePath)
      ? catalogFromFile(JSON.parse(readFileSync(basePath, 'utf8')))
      : undefined;
  const docs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
  const r = buildFromDescribe(docs, base, { dropMissing });
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const p of r.problems) process.stderr.write(`problem: ${p}\n`);
  const source = `aws ec2 describe-instance-types --output json (${files.length} region file(s))${
    base ? `; branch interfaces/trunking kept from the previous catalog (${base.source.slice(0, 80)}...)` : ''
  }`;
  writeFileSync(out, serializeCatalogFile({ source, generatedAt, notes: r.notes }, r.entries));
  process.stdout.write(`wrote ${r.entries.length} types to ${out}\n`);
  return r.problems.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
