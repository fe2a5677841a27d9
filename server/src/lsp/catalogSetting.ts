/** The catalog in force: the bundled one plus validated `vpcCniLint.instanceTypes` entries. */
import { applyCatalogOverrides } from '../analysis';
import { defaultCatalog, type Catalog } from '../engine';

export interface LoadedCatalog {
  catalog: Catalog;
  problems: string[];
}

let base: Catalog | undefined;

export function loadCatalogSetting(entries: unknown): LoadedCatalog {
  base ??= defaultCatalog();
  const empty =
    entries === undefined ||
    entries === null ||
    (typeof entries === 'object' && !Array.isArray(entries) && Object.keys(entries).length === 0);
  if (empty) return { catalog: base, problems: [] };
  const result = applyCatalogOverrides(base, entries);
  return { catalog: result.catalog, problems: result.problems };
}
