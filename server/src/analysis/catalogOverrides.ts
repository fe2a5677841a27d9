/**
 * User-supplied catalog entries (`vpcCniLint.instanceTypes`, CLI `--catalog FILE`), validated
 * against `schemas/catalog-entry.schema.json` with the validator compiled at build time. Bad
 * entries are reported with a clear message and left out; the rest go to the engine's
 * `withOverrides`, which applies them over the bundled catalog.
 */
import { entryProblems, withOverrides, type Catalog } from '../engine';
import { validateCatalogEntry } from './generated/validators';

export interface CatalogOverrides {
  catalog: Catalog;
  problems: string[];
  applied: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function applyCatalogOverrides(base: Catalog, raw: unknown): CatalogOverrides {
  if (raw === undefined || raw === null) return { catalog: base, problems: [], applied: [] };
  // A whole catalog document (`{ "types": { ... } }`) or a map of type name to entry.
  const map = isRecord(raw) && isRecord(raw.types) ? raw.types : raw;
  if (!isRecord(map)) {
    return {
      catalog: base,
      problems: ['instance types must be an object mapping instance type names to entries'],
      applied: [],
    };
  }
  const problems: string[] = [];
  const valid: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(map)) {
    if (validateCatalogEntry(entry)) {
      valid[name] = entry;
      continue;
    }
    // The engine's own check names the field in the user's terms; use its words when it has any.
    const engineWords = entryProblems(base, name, entry);
    if (engineWords.length) {
      problems.push(...engineWords.map((p) => `${p} (entry ignored)`));
      continue;
    }
    // Of the `oneOf` branches, report only the errors of the form the user wrote (object or array).
    const form = Array.isArray(entry)
      ? 'array'
      : typeof entry === 'object' && entry !== null
        ? 'object'
        : undefined;
    const errors = validateCatalogEntry.errors ?? [];
    const relevant = errors.filter(
      (e) =>
        e.keyword !== 'oneOf' &&
        !(e.keyword === 'type' && e.instancePath === '' && form && e.params.type !== form),
    );
    const why = (relevant.length ? relevant : errors)
      .map(
        (e) =>
          `${e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'the entry'} ${e.message ?? e.keyword}`,
      )
      .join('; ');
    problems.push(`${name}: ${why} (entry ignored)`);
  }
  const result = withOverrides(base, valid);
  return { catalog: result.catalog, problems: [...problems, ...result.problems], applied: result.applied };
}
