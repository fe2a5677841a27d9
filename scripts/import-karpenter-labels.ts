/**
 * Build `server/src/engine/karpenter-labels-data.json` (our own format, see server/src/engine/karpenterLabels.ts)
 * from the reference CSV of the well-known labels Karpenter puts on each instance type:
 *
 *   npx tsx scripts/import-karpenter-labels.ts ../shared/reference/karpenter-labels.csv \
 *       server/src/engine/karpenter-labels-data.json [--generated-at ISO-8601]
 *
 * The CSV holds facts from Karpenter's generated instance-types reference (aws/karpenter-provider-aws
 * website/content/en/docs/reference/instance-types.md). An empty cell is a label Karpenter does not set on that
 * type, except `instance-hypervisor`, which Karpenter always sets to EC2's `Hypervisor` (empty on bare metal:
 * aws/karpenter-provider-aws:pkg/providers/instancetype/types.go computeRequirements). We keep it as "".
 *
 * Not carried, because Karpenter derives them from the name (same function, `karpenterLabels.ts`
 * nameLabels, with Karpenter's regex): instance-category, -generation, -family, -size, and the type itself.
 * The import checks that the derivation gives the CSV's values for every row and fails otherwise.
 * `os` is not carried either: it depends on the node class's AMI family, not on the type.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  KARPENTER_LABELS_FORMAT,
  LABEL_DATA_KEYS,
  nameLabels,
  type KarpenterLabelsFile,
} from '../server/src/engine/karpenterLabels';
import { compareTypeNames } from '../server/src/engine/catalogFile';
import { splitCsvLine } from './import-reference-csv';

/** CSV column for each carried label key. */
export const CSV_COLUMN: Record<string, string> = Object.fromEntries(
  LABEL_DATA_KEYS.map((k) => [k, k.slice(k.indexOf('/') + 1)]),
);

/** Convert CSV text to our file; problems are collected, not thrown. */
export function importKarpenterLabels(
  text: string,
  generatedAt: string,
): { file?: KarpenterLabelsFile; problems: string[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const problems: string[] = [];
  if (lines.length === 0) return { problems: ['empty CSV'] };
  const header = splitCsvLine(lines[0] ?? '');
  const col = (name: string): number => header.indexOf(name);
  const needed = ['instance_type', ...Object.values(CSV_COLUMN), 'instance-category', 'instance-family'];
  const missing = needed.filter((n) => col(n) < 0);
  if (missing.length > 0) return { problems: [`CSV lacks columns: ${missing.join(', ')}`] };
  const types: Record<string, Array<string | number | null>> = {};
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const get = (n: string): string => (cells[col(n)] ?? '').trim();
    const name = get('instance_type');
    if (!/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/.test(name)) {
      problems.push(`bad instance type name ${JSON.stringify(name)}`);
      continue;
    }
    const derived = nameLabels(name);
    for (const short of ['instance-category', 'instance-generation', 'instance-family', 'instance-size']) {
      const want = get(short);
      const got = derived[`karpenter.k8s.aws/${short}`] ?? '';
      if (want !== got) problems.push(`${name}: ${short} is "${want}" in the CSV, the name gives "${got}"`);
    }
    types[name] = LABEL_DATA_KEYS.map((k) => {
      const v = get(CSV_COLUMN[k] ?? '');
      if (v === '') return k === 'karpenter.k8s.aws/instance-hypervisor' ? '' : null;
      return /^(0|[1-9][0-9]{0,14})$/.test(v) ? Number(v) : v;
    });
  }
  const sorted: Record<string, Array<string | number | null>> = {};
  for (const k of Object.keys(types).sort(compareTypeNames)) sorted[k] = types[k] ?? [];
  return {
    problems,
    file: {
      format: KARPENTER_LABELS_FORMAT,
      source:
        "karpenter-labels.csv: the well-known labels of Karpenter's generated instance-types reference (aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md, 2026-07-11)",
      generatedAt,
      labels: [...LABEL_DATA_KEYS],
      types: sorted,
    },
  };
}

/** One type per line, like the instance catalog (diff-friendly). */
export function serializeLabelsFile(file: KarpenterLabelsFile): string {
  const names = Object.keys(file.types);
  const lines = [
    '{',
    `  "format": ${JSON.stringify(file.format)},`,
    `  "source": ${JSON.stringify(file.source)},`,
    `  "generatedAt": ${JSON.stringify(file.generatedAt)},`,
    `  "labels": ${JSON.stringify(file.labels)},`,
    '  "types": {',
    ...names.map(
      (n, i) =>
        `    ${JSON.stringify(n)}: ${JSON.stringify(file.types[n])}${i < names.length - 1 ? ',' : ''}`,
    ),
    '  }',
    '}',
  ];
  return lines.join('\n') + '\n';
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
      'usage: tsx scripts/import-karpenter-labels.ts <karpenter-labels.csv> <out.json> [--generated-at ISO]\n',
    );
    return 2;
  }
  const { file, problems } = importKarpenterLabels(readFileSync(csvPath, 'utf8'), generatedAt);
  for (const p of problems) process.stderr.write(`problem: ${p}\n`);
  if (!file || problems.length > 0) return 1;
  writeFileSync(outPath, serializeLabelsFile(file));
  process.stdout.write(`wrote ${Object.keys(file.types).length} types to ${outPath}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
