/**
 * Compare our secondary-IP max-pods for every type with a published `type maxPods` table (e.g.
 * aws/amazon-vpc-cni-k8s:misc/eni-max-pods.txt): reports every differing value and every type missing on either
 * side. Exit 0 when identical, 1 on differences, 2 on usage/I-O errors.
 *
 *   npm run check:catalog -- [FILE] [--catalog CATALOG.json] [--require]
 *
 * Without FILE it reads the project's reference copy, `eni-max-pods.txt` in `$VPC_CNI_LINT_REFERENCE_DIR` or else
 * in `../shared/reference/` beside the repository. That file is not part of the repository (the test suite never reads it): when it is absent the
 * script says so and exits 0, or 2 with `--require` (for a CI job that has the file).
 *
 * "Our" value is the engine's CNI capacity with default settings (`ENIs x (IPv4 per ENI - 1) + 2`), so this checks
 * the catalog figures and the formula together.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Catalog, catalogFromFile, cniCapacity, defaultCatalog } from '../server/src/engine';

/** Outcome of a comparison. */
export interface CatalogComparison {
  /** Types in both with the same value. */
  matching: number;
  differences: { type: string; ours: number | null; published: number }[];
  /** In the published table, not in our catalog. */
  missingFromCatalog: string[];
  /** In our catalog, not in the published table. */
  missingFromTable: string[];
  /** Lines of the table that are neither comments nor `type integer`. */
  badLines: { line: number; text: string }[];
}

/** Parse a `type maxPods` table (`#` comments, blank lines ignored). */
export function parseMaxPodsTable(text: string): {
  entries: Map<string, number>;
  badLines: CatalogComparison['badLines'];
} {
  const entries = new Map<string, number>();
  const badLines: CatalogComparison['badLines'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\d+)$/.exec(line);
    if (!m) badLines.push({ line: i + 1, text: raw });
    else entries.set(m[1], Number(m[2]));
  });
  return { entries, badLines };
}

/** Compare the catalog's secondary-IP max pods with a published table. */
export function compareWithTable(catalog: Catalog, tableText: string): CatalogComparison {
  const { entries, badLines } = parseMaxPodsTable(tableText);
  const out: CatalogComparison = {
    matching: 0,
    differences: [],
    missingFromCatalog: [],
    missingFromTable: [],
    badLines,
  };
  for (const [type, published] of entries) {
    if (!catalog.lookup(type)) {
      out.missingFromCatalog.push(type);
      continue;
    }
    const ours = cniCapacity(catalog, type, {}).value;
    if (ours === published) out.matching++;
    else out.differences.push({ type, ours, published });
  }
  for (const e of catalog.list()) if (!entries.has(e.name)) out.missingFromTable.push(e.name);
  return out;
}

/** Human-readable report. */
export function formatComparison(c: CatalogComparison): string {
  const lines: string[] = [];
  for (const d of c.differences)
    lines.push(`DIFF ${d.type}: ours ${d.ours ?? 'n/a'}, published ${d.published}`);
  for (const t of c.missingFromCatalog) lines.push(`MISSING in catalog: ${t}`);
  for (const t of c.missingFromTable) lines.push(`MISSING in table: ${t}`);
  for (const b of c.badLines) lines.push(`BAD LINE ${b.line}: ${b.text}`);
  const problems =
    c.differences.length + c.missingFromCatalog.length + c.missingFromTable.length + c.badLines.length;
  lines.push(
    `${c.matching} types match; ${c.differences.length} differ; ${c.missingFromCatalog.length} missing from the catalog; ${c.missingFromTable.length} missing from the table` +
      (problems === 0 ? ' — OK' : ''),
  );
  return lines.join('\n') + '\n';
}

/** Whether a comparison found nothing. */
export function comparisonClean(c: CatalogComparison): boolean {
  return (
    c.differences.length + c.missingFromCatalog.length + c.missingFromTable.length + c.badLines.length === 0
  );
}

/** Where the project keeps the published table, outside the repository. */
export const REFERENCE_TABLE = path.join(
  process.env.VPC_CNI_LINT_REFERENCE_DIR ?? path.resolve(__dirname, '../../shared/reference'),
  'eni-max-pods.txt',
);

function main(argv: string[]): number {
  const args = [...argv];
  const ri = args.indexOf('--require');
  const required = ri >= 0;
  if (required) args.splice(ri, 1);
  let catalog = defaultCatalog();
  const ci = args.indexOf('--catalog');
  if (ci >= 0) {
    const f = args[ci + 1];
    if (!f) {
      process.stderr.write('--catalog needs a file\n');
      return 2;
    }
    try {
      catalog = catalogFromFile(JSON.parse(readFileSync(f, 'utf8')));
    } catch (err) {
      process.stderr.write(`cannot read ${f}: ${(err as Error).message}\n`);
      return 2;
    }
    args.splice(ci, 2);
  }
  if (args.length > 1) {
    process.stderr.write(
      'usage: npm run check:catalog -- [eni-max-pods.txt] [--catalog CATALOG.json] [--require]\n',
    );
    return 2;
  }
  const file = args[0] ?? REFERENCE_TABLE;
  if (args.length === 0 && !existsSync(file)) {
    process.stderr.write(
      `${file} is absent: nothing checked${required ? '' : ' (pass --require to fail)'}\n`,
    );
    return required ? 2 : 0;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const c = compareWithTable(catalog, text);
  process.stdout.write(formatComparison(c));
  return comparisonClean(c) ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
